package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/commonplace-book/commonplace/internal/atomicfile"
)

// Options control Write.
type Options struct {
	// DryRun computes every change and writes nothing.
	DryRun bool
}

// Change is what Write did (or, in a dry run, would do) to one entry.
type Change struct {
	// Path is the entry's path relative to the folder, with forward
	// slashes.
	Path string
	// Created is set when the entry is new.
	Created bool
	// Added are the highlights added, as the Markdown appended.
	Added []string
	// Title is the source's title.
	Title string
}

// Result is the outcome of Write.
type Result struct {
	// Changes are the entries created or added to, in input order.
	Changes []Change
	// Unchanged is the number of sources already fully imported.
	Unchanged int
	// Problems are warnings about existing entries (such as a passage
	// extended on the device since the last import).
	Problems []Problem
}

// existing is an entry already in the folder that carries a source key.
type existing struct {
	path     string // absolute
	rel      string
	data     []byte
	imported map[string]bool
	// importedLines is the 1-based range of the front-matter lines that
	// hold the imported field (0 when absent); fenceLine is the line of
	// the closing front-matter fence.
	importedFrom, importedTo, fenceLine int
	importedIDs                         []string
	body                                string // normalised body text
}

// Write writes sources into dir as entries: a new file per source not yet
// imported, and the new highlights appended to the entry of a source
// imported before (matched by source_key). It never deletes and never
// rewrites what is already in an entry, apart from the list of imported
// highlight IDs in its front matter. Files are written to a temporary
// file and renamed.
func Write(dir string, sources []*Source, o Options) (Result, error) {
	var res Result
	if err := os.MkdirAll(dir, 0o755); err != nil && !o.DryRun {
		return res, fmt.Errorf("import: %w", err)
	}
	byKey, taken, err := scan(dir)
	if err != nil {
		return res, err
	}
	for _, s := range mergeSources(sources) {
		hs := collapse(s.Highlights)
		if len(hs) == 0 {
			continue
		}
		if ex := byKey[matchKey(s.Key)]; ex != nil {
			ch, probs, err := appendTo(ex, s, hs, o)
			res.Problems = append(res.Problems, probs...)
			if err != nil {
				return res, err
			}
			if ch == nil {
				res.Unchanged++
				continue
			}
			res.Changes = append(res.Changes, *ch)
			continue
		}
		name := uniqueName(slug(s.Title), taken)
		taken[strings.ToLower(name)] = true
		text, added := newEntry(s, hs)
		if !o.DryRun {
			if err := writeAtomic(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				return res, err
			}
		}
		res.Changes = append(res.Changes, Change{Path: name, Created: true, Added: added, Title: s.Title})
		byKey[matchKey(s.Key)] = parseExisting(filepath.Join(dir, name), name, []byte(text))
	}
	return res, nil
}

// scan finds the entries under dir that carry a source_key, by its
// matchKey, and every file name already taken in dir itself
// (lower-cased).
func scan(dir string) (map[string]*existing, map[string]bool, error) {
	byKey := map[string]*existing{}
	taken := map[string]bool{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return byKey, taken, nil
		}
		return nil, nil, fmt.Errorf("import: %w", err)
	}
	for _, e := range entries {
		taken[strings.ToLower(e.Name())] = true
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != dir && (strings.HasPrefix(name, ".") || name == "_site" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") || !d.Type().IsRegular() || !strings.HasSuffix(strings.ToLower(name), ".md") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if ex := parseExisting(p, filepath.ToSlash(rel), data); ex != nil {
			key := matchKey(sourceKeyOf(data))
			if key != "" && byKey[key] == nil {
				byKey[key] = ex
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("import: %w", err)
	}
	return byKey, taken, nil
}

var sourceKeyLine = regexp.MustCompile(`(?m)^source_key:[ \t]*(.+?)[ \t]*$`)

// frontMatter returns the YAML front matter of data and the line of its
// closing fence, or ok false.
func frontMatter(data []byte) (front []byte, fence int, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) == 0 || strings.TrimRight(lines[0], " \t\r\n") != "---" {
		return nil, 0, false
	}
	var b strings.Builder
	for i := 1; i < len(lines); i++ {
		t := strings.TrimRight(lines[i], " \t\r\n")
		if t == "---" || t == "..." {
			return []byte(b.String()), i + 1, true
		}
		b.WriteString(lines[i])
	}
	return nil, 0, false
}

// sourceKeyOf returns the source_key of an entry's front matter.
func sourceKeyOf(data []byte) string {
	front, _, ok := frontMatter(data)
	if !ok {
		return ""
	}
	m := sourceKeyLine.FindSubmatch(front)
	if m == nil {
		return ""
	}
	var key string
	if err := yaml.Unmarshal(m[1], &key); err != nil {
		return ""
	}
	return key
}

// parseExisting reads what Write needs of an entry; nil when it has no
// YAML front matter.
func parseExisting(p, rel string, data []byte) *existing {
	front, fence, ok := frontMatter(data)
	if !ok {
		return nil
	}
	ex := &existing{path: p, rel: rel, data: data, fenceLine: fence, imported: map[string]bool{}}
	var doc yaml.Node
	if yaml.Unmarshal(front, &doc) == nil && len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode {
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value != "imported" {
				continue
			}
			v := m.Content[i+1]
			ex.importedFrom = m.Content[i].Line + 1
			ex.importedTo = lastLine(v) + 1
			for _, item := range v.Content {
				if item.Kind == yaml.ScalarNode {
					ex.imported[item.Value] = true
					ex.importedIDs = append(ex.importedIDs, item.Value)
				}
			}
		}
	}
	body := string(data)
	if i := nthLineOffset(body, fence); i >= 0 {
		body = body[i:]
	}
	var b strings.Builder
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimLeft(l, " \t")
		for strings.HasPrefix(l, ">") {
			l = strings.TrimLeft(l[1:], " \t")
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	ex.body = normText(b.String())
	return ex
}

// lastLine returns the last line a YAML node spans.
func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		if cl := lastLine(c); cl > l {
			l = cl
		}
	}
	return l
}

// nthLineOffset returns the byte offset just after line n (1-based).
func nthLineOffset(s string, n int) int {
	off := 0
	for i := 0; i < n; i++ {
		j := strings.IndexByte(s[off:], '\n')
		if j < 0 {
			return -1
		}
		off += j + 1
	}
	return off
}

// collapse keeps, of passages that contain one another (a highlight
// resized on the device), the longest, in the place of the first; notes
// are kept with it.
func collapse(hs []Highlight) []Highlight {
	norms := make([]string, len(hs))
	for i, h := range hs {
		norms[i] = normText(h.Text)
	}
	dropped := make([]bool, len(hs))
	for i := range hs {
		if norms[i] == "" || dropped[i] {
			continue
		}
		for j := i + 1; j < len(hs); j++ {
			if norms[j] == "" || dropped[j] || dropped[i] {
				continue
			}
			overlap := sameRange(hs[i].Location, hs[j].Location)
			switch {
			case holds(norms[j], norms[i], overlap):
				hs[i].Text, norms[i] = hs[j].Text, norms[j]
				hs[i].Location, hs[i].Page = firstNonEmpty(hs[j].Location, hs[i].Location), firstNonEmpty(hs[j].Page, hs[i].Page)
				hs[i].Note = mergeNote(hs[i].Note, hs[j].Note)
				dropped[j] = true
			case holds(norms[i], norms[j], overlap):
				hs[i].Note = mergeNote(hs[i].Note, hs[j].Note)
				dropped[j] = true
			}
		}
	}
	var out []Highlight
	for i, h := range hs {
		if !dropped[i] && (strings.TrimSpace(h.Text) != "" || strings.TrimSpace(h.Note) != "") {
			out = append(out, h)
		}
	}
	return out
}

// holds reports whether the passage long contains short. For highlights
// whose locations overlap (one resized on the device), the punctuation
// that ended the shorter one need not be in the longer: "counsel."
// extended becomes "counsel, and …".
func holds(long, short string, overlap bool) bool {
	if strings.Contains(long, short) {
		return true
	}
	if !overlap {
		return false
	}
	core := strings.TrimRightFunc(short, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
	return core != "" && strings.Contains(long, core)
}

// sameRange reports whether two locations ("180-183", "185") overlap.
func sameRange(a, b string) bool {
	as, ae := locRange(a)
	bs, be := locRange(b)
	return as > 0 && bs > 0 && as <= be && bs <= ae
}

func mergeNote(a, b string) string {
	if b == "" || strings.Contains(a, b) {
		return a
	}
	return joinNotes(a, b)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// appendTo adds the highlights of s not yet in ex; nil when none is new.
func appendTo(ex *existing, s *Source, hs []Highlight, o Options) (*Change, []Problem, error) {
	var probs []Problem
	var add []Highlight
	var ids []string
	for _, h := range hs {
		id := h.ID()
		if ex.imported[id] {
			continue
		}
		n := normText(h.Text)
		if n == "" {
			n = normText(h.Note)
		}
		if n != "" && strings.Contains(ex.body, n) {
			// Already there (imported before the IDs were kept, or
			// written by hand): record it, add nothing.
			ids = append(ids, id)
			continue
		}
		if extended := extendsOne(ex.body, n); extended {
			probs = append(probs, Problem{Where: h.Where, Warning: true,
				Message: fmt.Sprintf("passage was extended on the device since it was imported into %s; the entry is left as it is", ex.rel)})
			ids = append(ids, id)
			continue
		}
		add = append(add, h)
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, probs, nil
	}
	var md []string
	for _, h := range add {
		md = append(md, highlightMarkdown(h))
	}
	all := append(append([]string{}, ex.importedIDs...), ids...)
	data := replaceImported(ex, all)
	if len(md) > 0 {
		if !bytes.HasSuffix(data, []byte("\n")) {
			data = append(data, '\n')
		}
		for _, m := range md {
			data = append(data, '\n')
			data = append(data, m...)
		}
	}
	if !o.DryRun {
		info, err := os.Stat(ex.path)
		mode := fs.FileMode(0o644)
		if err == nil {
			mode = info.Mode().Perm()
		}
		if err := writeAtomic(ex.path, data, mode); err != nil {
			return nil, probs, err
		}
	}
	*ex = *parseExisting(ex.path, ex.rel, data)
	if len(add) == 0 {
		return nil, probs, nil
	}
	return &Change{Path: ex.rel, Added: md, Title: s.Title}, probs, nil
}

// extendsOne reports whether n (a passage) begins like a passage already
// in the body: the device extended or shortened a highlight that was
// imported in its earlier form.
func extendsOne(body, n string) bool {
	if len(n) < 40 {
		return false
	}
	head := n[:40]
	for i := 39; i > 0 && !utf8.RuneStart(head[i]); i-- {
		head = n[:i]
	}
	return strings.Contains(body, head)
}

// replaceImported returns ex's file with its imported field set to ids
// (added before the closing fence when it has none).
func replaceImported(ex *existing, ids []string) []byte {
	lines := strings.SplitAfter(string(ex.data), "\n")
	field := "imported: [" + strings.Join(ids, ", ") + "]\n"
	var out []string
	if ex.importedFrom > 0 {
		out = append(out, lines[:ex.importedFrom-1]...)
		out = append(out, field)
		out = append(out, lines[ex.importedTo:]...)
	} else {
		out = append(out, lines[:ex.fenceLine-1]...)
		out = append(out, field)
		out = append(out, lines[ex.fenceLine-1:]...)
	}
	return []byte(strings.Join(out, ""))
}

// newEntry renders a new entry for s.
func newEntry(s *Source, hs []Highlight) (string, []string) {
	var b strings.Builder
	b.WriteString("---\n")
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, yamlScalar(v))
		}
	}
	field("title", oneLine(s.Title))
	switch len(s.Authors) {
	case 0:
	case 1:
		field("author", oneLine(s.Authors[0]))
	default:
		b.WriteString("author:\n")
		for _, a := range s.Authors {
			fmt.Fprintf(&b, "  - %s\n", yamlScalar(oneLine(a)))
		}
	}
	field("publisher", oneLine(s.Publisher))
	field("date", s.Date)
	field("link", s.Link)
	field("accessed", s.Accessed)
	field("type", s.Type)
	field("lang", s.Lang)
	if len(s.Tags) > 0 {
		var ts []string
		for _, t := range s.Tags {
			ts = append(ts, yamlScalar(oneLine(t)))
		}
		fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(ts, ", "))
	}
	field("source_key", s.Key)
	var ids, md []string
	for _, h := range hs {
		ids = append(ids, h.ID())
		md = append(md, highlightMarkdown(h))
	}
	fmt.Fprintf(&b, "imported: [%s]\n", strings.Join(ids, ", "))
	b.WriteString("---\n")
	for _, m := range md {
		b.WriteString("\n")
		b.WriteString(m)
	}
	return b.String(), md
}

// highlightMarkdown renders one highlight: the passage as a blockquote
// whose last line gives its page and location ("— page 12, location
// 180-183"), then the note as a paragraph.
func highlightMarkdown(h Highlight) string {
	var b strings.Builder
	if text := strings.TrimSpace(h.Text); text != "" {
		first := true
		for _, para := range paragraphs(text) {
			if !first {
				b.WriteString(">\n")
			}
			first = false
			for _, l := range strings.Split(para, "\n") {
				b.WriteString("> " + escapeLine(l) + "\n")
			}
		}
		if loc := LocationLine(h.Page, h.Location); loc != "" {
			b.WriteString(">\n> " + loc + "\n")
		}
	}
	if note := strings.TrimSpace(h.Note); note != "" {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		for i, para := range paragraphs(note) {
			if i > 0 {
				b.WriteString("\n")
			}
			if i == 0 && startsWithQuoteMark(para) {
				// A note must not read as a quotation.
				para = "Note: " + para
			}
			for _, l := range strings.Split(para, "\n") {
				b.WriteString(escapeLine(l) + "\n")
			}
		}
	}
	return b.String()
}

// LocationLine is the last line of an imported quote: "— page 12,
// location 180-183"; empty when neither is known. The loader reads it
// back as the quote's location.
func LocationLine(page, loc string) string {
	var parts []string
	if page = strings.TrimSpace(page); page != "" {
		parts = append(parts, "page "+escapeLine(page))
	}
	if loc = strings.TrimSpace(loc); loc != "" {
		parts = append(parts, "location "+escapeLine(loc))
	}
	if len(parts) == 0 {
		return ""
	}
	return "— " + strings.Join(parts, ", ")
}

func startsWithQuoteMark(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("\"“”„«»‘’'「『", r)
}

// paragraphs splits text at blank lines, trimming each paragraph's lines.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			flush()
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return out
}

// escapeLine escapes what Markdown would read as markup, so the text
// comes back exactly as it was.
func escapeLine(l string) string {
	var b strings.Builder
	for _, r := range l {
		if r < 0x20 && r != '\t' || r == 0x7f {
			continue
		}
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '#', '&', '|', '~':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	s := b.String()
	// Line starts that open a list, heading underline or code block.
	if m := listStart.FindStringIndex(s); m != nil {
		s = s[:m[1]-1] + "\\" + s[m[1]-1:]
	}
	return s
}

var listStart = regexp.MustCompile(`^(?:[-+=]|\d{1,9}[.)])`)

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// yamlScalar renders s as a YAML scalar, quoted when needed.
func yamlScalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// slug makes a Jekyll-style file-name slug from a title: lower-case
// letters and digits (any script), other runs a single hyphen, at most 60
// characters, cut at a hyphen.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-")
	if utf8.RuneCountInString(s) > 60 {
		rs := []rune(s)[:60]
		s = string(rs)
		if i := strings.LastIndexByte(s, '-'); i > 20 {
			s = s[:i]
		}
	}
	if s == "" {
		s = "untitled"
	}
	if windowsReserved(s) {
		// con.md cannot be created on Windows, whatever its extension
		s += "-book"
	}
	return s
}

// windowsReserved reports whether name is a device name that Windows
// refuses as a file name, with any extension: CON, PRN, AUX, NUL, COM1–9
// and LPT1–9 (also with superscript digits), in any case.
func windowsReserved(name string) bool {
	switch strings.ToLower(name) {
	case "con", "prn", "aux", "nul":
		return true
	}
	l := strings.ToLower(name)
	for _, p := range []string{"com", "lpt"} {
		if rest, ok := strings.CutPrefix(l, p); ok {
			switch rest {
			case "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
				return true
			}
		}
	}
	return false
}

// uniqueName returns slug.md, or slug-2.md, slug-3.md … when taken.
func uniqueName(s string, taken map[string]bool) string {
	name := s + ".md"
	for n := 2; taken[strings.ToLower(name)]; n++ {
		name = fmt.Sprintf("%s-%d.md", s, n)
	}
	return name
}

// writeAtomic writes data to a temporary file beside p and renames it.
func writeAtomic(p string, data []byte, mode fs.FileMode) error {
	if err := atomicfile.WriteFile(p, data, mode, ".import-*.tmp"); err != nil {
		return fmt.Errorf("import: writing %s: %w", p, err)
	}
	return nil
}
