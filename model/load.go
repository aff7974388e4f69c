package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/commonplace-book/commonplace/internal/confine"
	"github.com/commonplace-book/commonplace/internal/panics"
	"go.yaml.in/yaml/v3"
)

// LoadOptions control Load. The zero value loads a collection as
// configured by its commonplace.yaml.
type LoadOptions struct {
	// Drafts also loads entries under _drafts/.
	Drafts bool
	// Override, when not nil, is applied over the settings file: each
	// non-zero field wins (flags win over commonplace.yaml).
	Override *Settings
	// Progress, when not nil, is called after each file is parsed with
	// the number done and the total. It is called from several
	// goroutines, one call at a time.
	Progress func(done, total int)
	// Cache, when not nil, keeps parsed entries between runs: files
	// unchanged since the last run are not parsed again (see Cache).
	Cache *Cache
	// Lazy loads entries without their bodies — quotes keep their IDs,
	// lines and languages but not their text, and there are no body
	// parts, commentary or footnotes — for work that needs every entry's
	// fields but only some bodies (the quote of the day, check), in a
	// fraction of the memory. Collection.Full loads an entry whole.
	Lazy bool
	// Index loads the collection from the cache's quote index: the
	// Collection has no Entries, and Collection.Index gives them one at
	// a time, read from the cache file (see Index). When the index lists
	// exactly the files found, each unchanged, it is used as it is;
	// otherwise the files that changed are parsed, each written to a new
	// cache file as it is parsed (entries are not kept), the new index
	// is written and the collection loaded from it. Without a Cache the
	// same is done with a cache file of this run only, in the system's
	// temporary folder, removed from it at once. Should no file be
	// written, it loads as without Index, as Lazy says. Settings that
	// change entries after parsing (`dates: saved`) apply to the entries
	// and problems the Index gives, as they do to those loaded otherwise.
	Index bool
}

// SettingsFile is the name of a collection's settings file.
const SettingsFile = "commonplace.yaml"

// markdownExts are the file extensions loaded as entries.
var markdownExts = map[string]bool{".md": true, ".markdown": true, ".mdown": true, ".mkd": true, ".mkdn": true}

// IsMarkdown reports whether a file name has an extension the loader
// reads as an entry (.md, .markdown, .mdown, .mkd, .mkdn; any case).
func IsMarkdown(name string) bool { return markdownExts[strings.ToLower(path.Ext(name))] }

// Load reads the collection in dir: its settings and every Markdown entry
// in it and its sub-folders, in parallel. Files are skipped when hidden,
// under _site/, layouts/ or (unless Drafts) _drafts/, not Markdown, or
// marked `published: false`. A file with problems is reported in
// Collection.Problems (as FILE:LINE) and left out; the others still load.
// The error is non-nil only when dir itself cannot be read.
func Load(dir string, o LoadOptions) (*Collection, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("load: %s is not a folder", dir)
	}
	c := &Collection{Root: dir}
	settings, probs := ReadSettings(dir)
	c.Problems = append(c.Problems, probs...)
	if o.Override != nil {
		settings = MergeSettings(settings, *o.Override)
	}
	c.Settings = settings
	l := &loader{dir: dir, drafts: o.Drafts || settings.Drafts, racy: time.Now().Add(-racyWindow).UnixNano()}
	if o.Index {
		if o.Cache != nil && loadIndex(c, o.Cache, l.drafts) {
			return c, nil
		}
		l.stream = true
	}
	if o.Cache != nil {
		l.old = o.Cache.open(dir, !l.stream)
		l.cw = o.Cache.newWriter(dir)
	}
	if l.stream && (l.cw == nil || l.cw.err != nil) {
		// No cache, or its folder cannot be written: a file of this
		// run only.
		if tw := newTempWriter(dir); tw != nil {
			if l.cw != nil {
				l.cw.abort()
			}
			l.cw = tw
		} else {
			l.stream = false
		}
	}
	var seq *indexStream
	if l.stream {
		if seq, err = newIndexStream(filepath.Dir(l.cw.f.Name())); err != nil {
			// Load as without Index.
			l.cw.abort()
			l.old.close()
			o.Index = false
			return Load(dir, o)
		}
	}
	l.o = o

	// Walk and parse at once: the walker feeds paths to the workers as
	// it finds them (in lexical order), results are put back in that
	// order afterwards, so scheduling never changes the outcome.
	// Paths go to the workers in batches: one channel operation per
	// file costs more than reading a cached entry.
	const batch = 32
	jobs := make(chan []loadJob, 64)
	var walkErr error
	var walkProbs []Problem // unreadable sub-folders; read after jobs is closed
	var total atomic.Int64
	go func() {
		defer close(jobs)
		n := 0
		var b []loadJob
		walkErr = walkEntries(dir, l.drafts, func(rel string) {
			total.Add(1)
			b = append(b, loadJob{n, rel})
			n++
			if len(b) == batch {
				jobs <- b
				b = nil
			}
		}, func(rel string, err error) {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			walkProbs = append(walkProbs, Problem{Path: rel, Severity: Warning,
				Message: fmt.Sprintf("cannot read this folder (%v): the entries in it are skipped", err)})
		})
		if len(b) > 0 {
			jobs <- b
		}
	}()
	workers := runtime.GOMAXPROCS(0)
	perWorker := make([][]result, workers)
	var wg sync.WaitGroup
	var progressMu sync.Mutex
	done := 0
	progress := func() {
		if o.Progress != nil {
			progressMu.Lock()
			done++
			o.Progress(done, int(total.Load()))
			progressMu.Unlock()
		}
	}
	if l.stream {
		l.streamJobs(jobs, workers, seq, progress)
	} else {
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				var sl *slab
				if o.Lazy {
					sl = &slab{} // lazy entries live as long as the collection
				}
				for bj := range jobs {
					for _, j := range bj {
						perWorker[w] = append(perWorker[w], l.file(j.idx, j.rel, sl))
						progress()
					}
				}
			}(w)
		}
	}
	wg.Wait()
	if walkErr != nil {
		if l.cw != nil {
			l.cw.abort()
		}
		if seq != nil {
			seq.close()
		}
		l.old.close()
		return nil, fmt.Errorf("load: %w", walkErr)
	}
	c.Problems = append(c.Problems, walkProbs...)
	n := 0
	for _, rs := range perWorker {
		n += len(rs)
	}
	results := make([]result, n)
	for w, rs := range perWorker {
		for _, r := range rs {
			results[r.idx] = r
		}
		perWorker[w] = nil
	}

	if l.stream {
		// Every body is in the new file: the old one (and its index,
		// held in memory) is no longer needed.
		l.old.close()
		l.old = nil
		tab, ok := seq.finish(l.cw)
		if ok {
			if t, err := parseTable(tab, l.cw.key, l.cw.root, l.cw.off); err == nil && c.serveIndex(l.cw.f, t) {
				return c, nil
			}
		}
		// The file could not be written: load as without Index.
		l.cw.close()
		o.Index = false
		return Load(dir, o)
	}
	if o.Lazy {
		c.lazy = &lazyState{root: dir, refs: make(map[*Entry]lazyRef, len(results))}
	}
	hits, changed := 0, l.old == nil
	whole := true // every file has a record in the next cache file
	final := make([]*Entry, len(results))
	for i, r := range results {
		// Settings that change entries (dates: saved) apply after
		// parsing, to cached entries as well.
		e, probs := ApplySettings(settings, r.e, r.probs)
		c.Problems = append(c.Problems, probs...)
		if e != nil && Errors(probs) == 0 {
			c.Entries = append(c.Entries, e)
			final[i] = e
			if c.lazy != nil {
				c.lazy.refs[e] = *r.ref
			}
		}
		if r.hit {
			hits++
		} else {
			changed = true
		}
		whole = whole && r.rec != nil
	}
	var recs []newRec
	write := l.cw != nil && (changed || hits != len(l.old.rels) || (whole && !l.old.hasTable))
	if write {
		recs = make([]newRec, 0, len(results))
		for i, r := range results {
			if r.rec == nil {
				continue
			}
			if whole && final[i] != nil {
				// As parsed: uniqueNames may change the ID and slug.
				r.rec.part = tabPart(r.e)
			}
			recs = append(recs, *r.rec)
		}
	}
	uniqueNames(c.Entries)
	if l.cw != nil {
		if write {
			if whole {
				for i, e := range final {
					if e != nil {
						recs[i].finalID, recs[i].finalSlug = e.ID, e.Slug
					}
				}
			}
			l.cw.finish(recs, l.old, whole)
		} else {
			l.cw.abort()
		}
		if !o.Lazy { // bodies are all read: nothing more to read there
			l.cw.close()
			l.old.close()
		}
	}
	sortEntries(c.Entries, c.Settings.Defaults().Sort)
	sortProblems(c.Problems)
	return c, nil
}

// loadJob is a file for Load to read: the idx-th found, rel.
type loadJob struct {
	idx int
	rel string
}

// loader is what the workers of one Load share.
type loader struct {
	dir    string
	drafts bool
	o      LoadOptions
	racy   int64 // files modified after this (UnixNano) are parsed again next time
	old    *cacheFile
	cw     *cacheWriter
	// stream: the run is served from the quote index written to cw
	// (LoadOptions.Index when the index is not up to date), so that
	// entries are not kept as they are parsed (coldload.go).
	stream bool
}

// result is what Load learns of one file.
type result struct {
	idx   int
	e     *Entry // not when streaming
	probs []Problem
	rec   *newRec  // the file's record in the next cache file
	ref   *lazyRef // where a lazy entry's body is
	hit   bool
}

// file reads (from the cache, else by parsing it) the idx-th file found,
// rel, and returns its result; sl, when set, holds lazy entries.
func (l *loader) file(idx int, rel string, sl *slab) result {
	r := result{idx: idx}
	p := filepath.Join(l.dir, filepath.FromSlash(rel))
	size, mtime, statErr := fileStamp(p)
	if statErr == nil && l.old != nil {
		if e, probs, rec, ok := l.old.lookup(idx, rel, size, mtime, !l.o.Lazy, sl); ok {
			r.e, r.probs, r.hit = e, probs, true
			r.rec = &newRec{rel: rel, rec: rec, fromOld: true}
			if e != nil {
				r.ref = &lazyRef{f: l.old.blobs, off: rec.blobOff, n: rec.blobLen, sum: rec.blobCRC, size: size, modTime: mtime, loadID: e.ID}
			}
			return r
		}
	}
	data, err := readLimited(p)
	if err != nil {
		r.probs = []Problem{{Path: rel, Line: 1, Severity: Error, Message: err.Error()}}
	} else {
		parsed.Add(1)
		r.e, r.probs = ParseEntry(rel, data)
	}
	if r.e != nil {
		r.ref = &lazyRef{size: size, modTime: mtime, loadID: r.e.ID}
	}
	if l.cw != nil {
		stamp := mtime
		if statErr != nil || mtime >= l.racy {
			// Recorded, for this run's lazy entries and index, but
			// parsed again next time: a second change in the same
			// clock tick could go unseen.
			stamp = noStamp
		}
		if payload, body, ok := encodeEntry(r.e, r.probs); ok {
			rec := cacheRec{size: size, mtime: stamp, payload: payload}
			if body != nil {
				rec.blobOff, rec.blobLen, rec.blobCRC = l.cw.write(body), int64(len(body)), crc32.Checksum(body, crcTable)
			}
			if rec.blobOff >= 0 {
				r.rec = &newRec{rel: rel, rec: rec}
				if r.e != nil {
					r.ref.f, r.ref.off, r.ref.n, r.ref.sum = l.cw.blobs, rec.blobOff, rec.blobLen, rec.blobCRC
				}
			}
		}
	}
	if r.e != nil && l.o.Lazy {
		if r.rec != nil {
			// The head as the cache holds it, sharing the record's
			// bytes (the parsed strings would keep the whole file's
			// text alive).
			d := &decoder{b: r.rec.rec.payload, slab: sl}
			d.problems()
			if d.bool() {
				if h := d.head(); d.err == nil {
					r.e = h
				}
			}
		}
		strip(r.e)
	}
	return r
}

// parsed counts the files Load parsed (the others came from the cache),
// for tests.
var parsed atomic.Int64

// readLimited reads a file, refusing files over maxFileSize.
func readLimited(p string) ([]byte, error) {
	f, err := openRead(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", errors.Unwrap(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if st.Size() > maxFileSize {
		return nil, fmt.Errorf("file is %d MB, over the %d MB limit for one entry", st.Size()>>20, maxFileSize>>20)
	}
	// Read one byte more than the size, to notice a file that grew.
	buf := make([]byte, st.Size()+1)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if n > maxFileSize {
		return nil, fmt.Errorf("file is over the %d MB limit for one entry", maxFileSize>>20)
	}
	if n == len(buf) { // grew while we read: read the rest
		rest, err := io.ReadAll(io.LimitReader(f, maxFileSize))
		if err != nil {
			return nil, fmt.Errorf("cannot read: %w", err)
		}
		return append(buf, rest...), nil
	}
	return buf[:n], nil
}

// walkEntries calls found with the slash-separated path, relative to dir,
// of each Markdown file under dir, in lexical order. Symbolic links are
// not followed. A sub-folder that cannot be read is passed to unreadable
// (when not nil) and skipped.
func walkEntries(dir string, drafts bool, found func(rel string), unreadable func(rel string, err error)) error {
	templates := vaultTemplateFolders(dir)
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			if unreadable != nil {
				rel, _ := filepath.Rel(dir, p)
				unreadable(filepath.ToSlash(rel), err)
			}
			return nil // skipped, with a warning
		}
		name := d.Name()
		if d.IsDir() {
			if p == dir {
				return nil
			}
			rel, _ := filepath.Rel(dir, p)
			rel = filepath.ToSlash(rel)
			if skipFolder(name, rel, drafts, templates) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") || !d.Type().IsRegular() {
			return nil
		}
		if !IsMarkdown(name) {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		found(filepath.ToSlash(rel))
		return nil
	})
}

var jekyllName = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})-(.+)$`)

// ParseEntry parses one entry file. rel is its slash-separated path inside
// the collection; data its bytes. It returns nil when the file is not an
// entry (published: false) or has an error; problems name rel and file
// lines. ParseEntry never panics.
func ParseEntry(rel string, data []byte) (e *Entry, probs []Problem) {
	defer func() {
		if !panics.Recover() {
			return // a fuzz target sees the panic
		}
		if r := recover(); r != nil {
			e = nil
			probs = append(probs, Problem{Path: rel, Severity: Error, Message: fmt.Sprintf("internal error while parsing (please report): %v", r)})
		}
	}()
	problem := func(line int, sev Severity, format string, args ...any) {
		probs = append(probs, Problem{Path: rel, Line: line, Severity: sev, Message: fmt.Sprintf(format, args...)})
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))) == 0 {
		problem(1, Error, "empty file: an entry needs front matter (---, fields, ---) and quotes")
		return nil, probs
	}
	if line, msg := checkText(data); msg != "" {
		problem(line, Error, "%s", msg)
		return nil, probs
	}
	data = normalise(data)
	if msg := checkLines(data); msg != "" {
		problem(1, Error, "%s", msg)
		return nil, probs
	}
	rf, err := splitFrontMatter(data)
	if err != nil {
		problem(1, Error, "%s", err.Error())
		return nil, probs
	}
	vault := detectVault(rf) // a plugin's layout, read as it is (vault.go)
	if rf.format == "" && vault == "" && !inlineEntry(rf.body, rf.bodyLine) {
		problem(1, Warning, "no front matter, so not an entry (skipped); an entry starts with a line \"---\", then fields such as title and author, then \"---\"")
		return nil, probs
	}

	e = &Entry{Path: rel}
	base := path.Base(rel)
	base = strings.TrimSuffix(base, path.Ext(base))
	var nameDate Date
	if m := jekyllName.FindStringSubmatch(base); m != nil {
		if d, err := ParseDate(m[1] + "-" + m[2] + "-" + m[3]); err == nil {
			nameDate = d
			base = m[4]
		} else {
			problem(1, Warning, "file name starts with %s-%s-%s, which is not a date; the name is used as it is", m[1], m[2], m[3])
		}
	}
	e.Slug = slugify(base)
	e.ID = "e-" + slugify(strings.TrimSuffix(rel, path.Ext(rel)))

	var fields []field
	var fp []Problem
	if line, msg := checkFrontDepth(rf.format, rf.front, rf.frontLine); msg != "" {
		problem(line, Error, "%s", msg)
		return nil, probs
	}
	if vault != "" {
		fields, fp = vaultFields(vault, rf, rel)
	} else if rf.format == "yaml" {
		fields, fp = yamlFields(rf, rel)
	} else if rf.format == "toml" {
		fields, fp = tomlFields(rf, rel)
	}
	probs = append(probs, fp...)
	if Errors(fp) > 0 {
		return nil, probs
	}
	if vault == "" {
		// what an Obsidian note says of its source besides its front
		// matter (inlinefields.go)
		var inline []field
		inline, rf.body = inlineFields(rf.body, rf.bodyLine, fields)
		fields = append(fields, inline...)
		if !hasField(fields, "title") {
			if title, line, body := titleHeading(rf.body, rf.bodyLine); title != "" {
				fields = append(fields, field{key: "title", line: line, value: title})
				rf.body = body
			} else if title := fileTitle(rel); title != "" {
				fields = append(fields, field{key: "title", line: 1, value: title})
			}
		}
	}
	fields = readAliases(fields)
	published, fp := applyFields(e, fields)
	probs = append(probs, fp...)
	if !published {
		return nil, nil
	}
	if Errors(probs) > 0 {
		return nil, probs
	}
	if e.Date.IsZero() && !hasField(fields, "date") {
		e.Date = nameDate
	}
	if vault == "" && e.Title != "" {
		// a first "# Heading" that repeats the title, as notes written
		// in Obsidian do under their front matter, is the title again,
		// not commentary
		if h, _, body := titleHeading(rf.body, rf.bodyLine); h != "" && sameTitle(h, e.Title) {
			rf.body = body
		}
	}

	if len(bytes.TrimSpace(rf.body)) == 0 {
		problem(rf.bodyLine-1, Warning, "no body: the entry has front matter but no quotes")
	} else {
		body, flat := flattenNesting(rf.body)
		if len(flat) > 0 {
			problem(rf.bodyLine+flat[0]-1, Warning, "block quotes or lists nest more than %d levels deep (the limit) on %d line(s): the deeper levels are flattened", MaxNesting, len(flat))
		}
		probs = append(probs, parseEntryBody(e, vault, body, rf.bodyLine)...)
	}
	seen := map[string]int{}
	for i := range e.Quotes {
		id := quoteID(rel, e.Quotes[i].Blocks)
		seen[id]++
		if n := seen[id]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		e.Quotes[i].ID = id
	}
	for i := range e.Body {
		switch p := &e.Body[i]; {
		case p.Kind == PartQuote:
			p.QuoteID = e.Quotes[p.Quote].ID
		case p.Of == ofPending:
			p.Of, p.Quote = e.Quotes[p.Quote].ID, 0
		}
	}
	setLanguage(e)
	if e.Quotes == nil {
		e.Quotes = []Quote{}
	}
	if e.Body == nil {
		e.Body = []Part{}
	}
	inferType(e, fields)

	if len(e.Authors) == 0 {
		problem(1, Warning, "no author: the entry is cited as anonymous")
	}
	if e.Title == "" {
		problem(1, Warning, "no title")
	}
	if e.Date.IsZero() {
		problem(1, Warning, "%s", noDateMessage)
	}
	if msg := linkDateMessage(e); msg != "" {
		line := fieldLine(fields, "date")
		if line == 0 {
			line = max(fieldLine(fields, "link"), fieldLine(fields, "url"))
		}
		problem(line, Warning, "%s", msg)
	}
	if len(e.Quotes) == 0 && len(bytes.TrimSpace(rf.body)) > 0 {
		problem(rf.bodyLine, Warning, "no quotes found in the body")
	}
	return e, probs
}

func hasField(fields []field, key string) bool {
	return fieldLine(fields, key) > 0
}

// fieldLine returns the file line of the field named key (any case), or
// 0 when there is none.
func fieldLine(fields []field, key string) int {
	for _, f := range fields {
		if strings.EqualFold(f.key, key) {
			return max(f.line, 1)
		}
	}
	return 0
}

// inferType sets Type when the front matter gave none. An article whose
// publication was given as journal, magazine or newspaper is of that kind.
func inferType(e *Entry, fields []field) {
	if e.Type != "" {
		return
	}
	e.TypeInferred = true
	verse := len(e.Quotes) > 0
	for _, q := range e.Quotes {
		hasBreak := false
		for _, b := range q.Blocks {
			for _, r := range b.Runs {
				hasBreak = hasBreak || r.Break
			}
		}
		verse = verse && hasBreak
	}
	lt := strings.ToLower(e.Title)
	switch {
	case strings.HasPrefix(lt, "letter to ") || strings.HasPrefix(lt, "letter from ") || strings.HasPrefix(lt, "letters to "):
		e.Type = "letter"
	case verse:
		e.Type = "poem"
	default:
		e.Type = inferredTypeWord(e)
		if e.Type == "article" {
			if k := containerKey(fields); k == "journal" || k == "magazine" || k == "newspaper" {
				e.Type = k
			}
		}
	}
}

// containerKey returns the key, lower-cased, of the field Publication
// was read from (the last of them, as in setFields), or "".
func containerKey(fields []field) string {
	key := ""
	for _, f := range fields {
		switch k := strings.ToLower(f.key); k {
		case "publication", "container", "journal", "magazine", "newspaper":
			key = k
		}
	}
	return key
}

// slugify lower-cases s and keeps letters and digits, other runs becoming
// single hyphens.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		out = "entry"
	}
	return out
}

// uniqueNames makes slugs and IDs unique in path order, adding -2, -3 …
func uniqueNames(es []*Entry) {
	var n namer
	for _, e := range es {
		old := e.ID
		e.ID, e.Slug = n.name(e.ID, e.Slug)
		if e.ID != old {
			for i := range e.Notes {
				e.Notes[i].ID = e.ID + strings.TrimPrefix(e.Notes[i].ID, old)
			}
			renameNoteRefs(e, old)
		}
	}
}

// renameNoteRefs points the footnote references of e, made for the ID
// old, at e.ID. It is idempotent, as the body's commentary parts share
// their runs with Commentary.
func renameNoteRefs(e *Entry, old string) {
	fix := func(bs []Block) {
		for i := range bs {
			for j := range bs[i].Runs {
				if n := bs[i].Runs[j].Note; n != "" && !strings.HasPrefix(n, e.ID+"-fn-") {
					bs[i].Runs[j].Note = e.ID + strings.TrimPrefix(n, old)
				}
			}
		}
	}
	for i := range e.Quotes {
		fix(e.Quotes[i].Blocks)
	}
	fix(e.Commentary)
	for i := range e.Body {
		fix(e.Body[i].Blocks)
	}
	for i := range e.Notes {
		fix(e.Notes[i].Blocks)
	}
}

// sortEntries orders entries by "date" (undated last), "author" or
// "title", ties broken by path.
func sortEntries(es []*Entry, by string) {
	author := func(e *Entry) string {
		if len(e.Authors) == 0 {
			return "\uffff"
		}
		return strings.ToLower(e.Authors[0].Inverted())
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		switch by {
		case "author":
			if x, y := author(a), author(b); x != y {
				return x < y
			}
		case "title":
			if x, y := strings.ToLower(a.Title), strings.ToLower(b.Title); x != y {
				return x < y
			}
		}
		if a.Date != b.Date {
			if a.Date.IsZero() != b.Date.IsZero() {
				return b.Date.IsZero()
			}
			return a.Date.Before(b.Date)
		}
		return a.Path < b.Path
	})
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Path != ps[j].Path {
			return ps[i].Path < ps[j].Path
		}
		return ps[i].Line < ps[j].Line
	})
}

// ReadSettings reads dir/commonplace.yaml. A missing file gives the zero
// Settings and no problem; unknown keys and bad values are reported with
// their line, and the rest of the file still applies.
func ReadSettings(dir string) (Settings, []Problem) {
	var s Settings
	data, err := confine.ReadFile(dir, SettingsFile, confine.MaxSettingsSize)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	prob := func(line int, sev Severity, format string, args ...any) Problem {
		return Problem{Path: SettingsFile, Line: line, Severity: sev, Message: fmt.Sprintf(format, args...)}
	}
	if err != nil {
		return s, []Problem{prob(0, Error, "cannot read settings: %v", err)}
	}
	return ParseSettings(data)
}

// ParseSettings parses the bytes of a commonplace.yaml as ReadSettings
// does, reporting every problem at its line.
func ParseSettings(data []byte) (Settings, []Problem) {
	var s Settings
	prob := func(line int, sev Severity, format string, args ...any) Problem {
		return Problem{Path: SettingsFile, Line: line, Severity: sev, Message: fmt.Sprintf(format, args...)}
	}
	s.file = true
	if line, msg := checkText(data); msg != "" {
		return s, []Problem{prob(line, Error, "%s", msg)}
	}
	data = normalise(data)
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := shiftYAMLError(err, 1)
		return s, []Problem{prob(line, Error, "%s", strings.Replace(msg, "front matter", "settings", 1))}
	}
	if len(doc.Content) == 0 {
		return s, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return s, []Problem{prob(root.Line, Error, "settings must be fields (key: value)")}
	}
	if _, err := yamlValue(root, 0); err != nil {
		return s, []Problem{prob(err.node.Line, Error, "settings: %s", err.msg)}
	}
	probs := moveDeprecated(root)
	s.recordLines(root, "")
	// Decode field by field so one bad value does not lose the rest. A
	// key the model does not know is a renderer's section, kept as
	// written for the renderer to parse (`check` reports a key no
	// renderer owns).
	known := settingsKeys(reflect.TypeOf(s))
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !known[k.Value] {
			if s.Sections == nil {
				s.Sections = map[string]Section{}
			}
			if _, dup := s.Sections[k.Value]; !dup {
				s.Sections[k.Value] = Section{Key: k.Value, Line: k.Line, Node: v}
			}
			continue
		}
		one := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, v}}
		if err := one.Decode(&s); err != nil {
			line, msg := shiftYAMLError(err, 1)
			if line == 1 {
				line = k.Line
			}
			if _, ok := err.(*yaml.TypeError); ok {
				msg = typeErrorText(err) // a value of the wrong kind, said plainly
			}
			probs = append(probs, prob(line, Error, "setting %q: %s", k.Value, strings.TrimPrefix(msg, "invalid YAML front matter: ")))
		}
	}
	probs = append(probs, nestedUnknown(reflect.TypeOf(s), root, "")...)
	probs = append(probs, CheckSettings(s, root)...)
	probs = append(probs, confinePaths(&s)...)
	return s, probs
}

// nestedUnknown warns about the keys inside a settings section that its
// struct does not have ("pdf: {layot: a4}" would otherwise be ignored
// silently), at their lines; the top level is checked by ReadSettings.
func nestedUnknown(t reflect.Type, node *yaml.Node, prefix string) []Problem {
	var probs []Problem
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		f, ok := fieldByTag(t, k.Value)
		if !ok || v.Kind != yaml.MappingNode {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() != reflect.Struct {
			continue
		}
		known := settingsKeys(ft)
		for j := 0; j+1 < len(v.Content); j += 2 {
			sk := v.Content[j]
			if !known[sk.Value] {
				probs = append(probs, Problem{Path: SettingsFile, Line: sk.Line, Severity: Warning,
					Message: fmt.Sprintf("unknown setting %q in %s (known: %s)", Safe(sk.Value, 40), prefix+k.Value, strings.Join(sortedKeys(known), ", "))})
			}
		}
		probs = append(probs, nestedUnknown(ft, v, prefix+k.Value+".")...)
	}
	return probs
}

// fieldByTag returns the field of struct type t whose yaml tag is key.
func fieldByTag(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if tag == key {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

// CheckSettings validates choices such as style, group and sort; node,
// when not nil, locates the keys for line numbers.
func CheckSettings(s Settings, node *yaml.Node) []Problem {
	lineOf := func(key string) int {
		if node == nil {
			return 0
		}
		for i := 0; i+1 < len(node.Content); i += 2 {
			if node.Content[i].Value == key {
				return node.Content[i].Line
			}
		}
		return 0
	}
	var probs []Problem
	check := func(key, val string, allowed []string) {
		if val == "" {
			return
		}
		for _, a := range allowed {
			if val == a {
				return
			}
		}
		probs = append(probs, Problem{Path: SettingsFile, Line: lineOf(key), Severity: Error,
			Message: fmt.Sprintf("setting %q: unknown value %q (known: %s)", key, Safe(val, 40), strings.Join(allowed, ", "))})
	}
	check("style", s.Style, Styles)
	check("group", s.Group, []string{"category", "author", "year", "none"})
	check("sort", s.Sort, []string{"date", "author", "title"})
	check("dates", s.Dates, []string{DatesPublished, DatesSaved})
	return probs
}

// SettingsKeys returns the collection-wide keys of commonplace.yaml, the
// ones the model reads itself (title, language, style, build…); every
// other key is a renderer's section.
func SettingsKeys() []string { return sortedKeys(settingsKeys(reflect.TypeOf(Settings{}))) }

func settingsKeys(t reflect.Type) map[string]bool {
	m := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if tag != "" && tag != "-" {
			m[tag] = true
		}
	}
	return m
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// MergeSettings returns base with every non-zero field of over applied,
// recursively through nested settings.
func MergeSettings(base, over Settings) Settings {
	merge(reflect.ValueOf(&base).Elem(), reflect.ValueOf(over))
	return base
}

func merge(dst, src reflect.Value) {
	for i := 0; i < src.NumField(); i++ {
		if !src.Type().Field(i).IsExported() {
			continue
		}
		f := src.Field(i)
		if f.Kind() == reflect.Struct {
			merge(dst.Field(i), f)
			continue
		}
		if !f.IsZero() {
			dst.Field(i).Set(f)
		}
	}
}

// skipFolder reports whether the loader skips the folder called name, at
// rel (slash-separated, from the collection's root): hidden, _site/,
// node_modules/, layouts/ and out/ at the top, _drafts/ unless drafts, and
// a vault's templates folders.
func skipFolder(name, rel string, drafts bool, templates map[string]bool) bool {
	return strings.HasPrefix(name, ".") || name == "_site" || name == "node_modules" ||
		(name == "_drafts" && !drafts) || rel == "layouts" || rel == "out" || templates[rel]
}

// vaultTemplateFolders returns the folders of dir that hold an Obsidian
// vault's templates, as its own settings name them: the Templates core
// plugin's (.obsidian/templates.json, "folder") and the Templater
// plugin's (.obsidian/plugins/templater-obsidian/data.json,
// "templates_folder"). Their notes are templates ("title: {{title}}"),
// not entries. Settings that cannot be read name none.
func vaultTemplateFolders(dir string) map[string]bool {
	folders := map[string]bool{}
	for _, s := range []struct{ file, key string }{
		{".obsidian/templates.json", "folder"},
		{".obsidian/plugins/templater-obsidian/data.json", "templates_folder"},
	} {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(s.file)))
		if err != nil || len(data) > 1<<20 {
			continue
		}
		var m map[string]any
		if json.Unmarshal(data, &m) != nil {
			continue
		}
		if f, ok := m[s.key].(string); ok {
			if f = strings.Trim(path.Clean("/"+filepath.ToSlash(f)), "/"); f != "" {
				folders[f] = true
			}
		}
	}
	return folders
}

// WalkEntries calls found with the slash-separated path, relative to dir,
// of each file Load would read under dir (Markdown, not hidden, not under
// _site/, layouts/, out/, an Obsidian vault's templates folder or —
// unless drafts — _drafts/), in lexical order.
// `build --watch` uses it to see the same files the loader reads.
func WalkEntries(dir string, drafts bool, found func(rel string)) error {
	return walkEntries(dir, drafts, found, nil)
}
