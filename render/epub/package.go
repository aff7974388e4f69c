package epub

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	goepub "github.com/go-shiori/go-epub"

	"github.com/commonplace-book/commonplace/internal/deflate"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// packager turns a built book into the EPUB container.
type packager struct {
	bk        *book
	now       time.Time
	id        string // urn:uuid:…
	css       string
	cover     []byte
	coverType string
	coverExt  string
	// pageSource names the print edition whose page numbers the book
	// carries (dc:source), "" when it carries none.
	pageSource string
	fontFiles  []fontFile
	fontData   [][]byte
}

// reshelled counts the documents go-epub gave another shell than the one
// they were deflated in (for the tests: none should be); probed, when
// set, changes the shell probeShell finds (for the tests, to make them
// all differ).
var (
	reshelled atomic.Int64
	probed    func(*docShell)
)

// identifier derives the book's identifier from the collection: a UUID
// (version 5, SHA-1 name-based) of its title, subtitle and compiler, so
// rebuilding the same book keeps the same identifier.
func identifier(s model.Settings) string {
	// The URL namespace of RFC 4122, and a name inside it.
	ns := []byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.New()
	h.Write(ns)
	h.Write([]byte("https://github.com/commonplace-book/commonplace#book\x00" + s.Title + "\x00" + s.Subtitle + "\x00" + s.Compiler))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// Where go-epub puts things, relative to the container root.
const (
	contentDir = "EPUB/"
	xhtmlDir   = "EPUB/xhtml/"
	opfName    = "EPUB/package.opf"
	navName    = "EPUB/nav.xhtml"
	ncxName    = "EPUB/toc.ncx"
	cssFile    = "book.css"
)

// bodyMarker stands for a document's body in go-epub's output.
const bodyMarker = "<!--commonplace:body-->"

var goepubMu sync.Mutex

// pack hands the book to go-epub and returns the container it writes.
func (p *packager) pack() ([]byte, error) {
	bk := p.bk
	e, err := goepub.NewEpub(bk.s.Title)
	if err != nil {
		return nil, fmt.Errorf("epub: %w", err)
	}
	e.Client = &http.Client{Transport: noNetwork{}}
	e.SetIdentifier(p.id)
	e.SetLang(bk.lang)
	if bk.s.Compiler != "" {
		e.SetAuthor(bk.s.Compiler)
	}
	cssPath, err := e.AddCSS(dataURL("text/css", []byte(p.css)), cssFile)
	if err != nil {
		return nil, fmt.Errorf("epub: adding the style sheet: %w", short(err))
	}
	for i, f := range p.fontFiles {
		if _, err := e.AddFont(dataURL("application/font-sfnt", p.fontData[i]), f.name); err != nil {
			return nil, fmt.Errorf("epub: adding font %s: %w", f.name, short(err))
		}
	}
	img, err := e.AddImage(dataURL(p.coverType, p.cover), "cover"+p.coverExt)
	if err != nil {
		return nil, fmt.Errorf("epub: adding the cover: %w", short(err))
	}
	if err := e.SetCover(img, ""); err != nil {
		return nil, fmt.Errorf("epub: setting the cover: %w", short(err))
	}
	// Sections get a placeholder body: the documents are filled in by
	// normalise, so go-epub neither copies nor compresses them.
	for _, d := range bk.docs {
		if _, err := e.AddSection(bodyMarker, d.title, d.file, cssPath); err != nil {
			return nil, fmt.Errorf("epub: adding %s: %w", d.file, short(err))
		}
	}
	var buf bytes.Buffer
	// go-epub stages files in a package-global file system; an in-memory
	// one leaves nothing behind on disk, and the lock keeps concurrent
	// books apart (the in-memory file system is not safe for concurrent
	// use).
	goepubMu.Lock()
	defer goepubMu.Unlock()
	if err := goepub.Use(goepub.MemoryFS); err != nil {
		return nil, fmt.Errorf("epub: %w", err)
	}
	if _, err := e.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("epub: packaging: %w", short(err))
	}
	return buf.Bytes(), nil
}

// The parts of go-epub's package document the normaliser keeps.
type opfIn struct {
	Items []struct {
		ID         string `xml:"id,attr"`
		Href       string `xml:"href,attr"`
		Properties string `xml:"properties,attr"`
	} `xml:"manifest>item"`
	Spine []struct {
		IDRef string `xml:"idref,attr"`
	} `xml:"spine>itemref"`
}

type manifestItem struct {
	id, href, mediaType, props string
}

// mediaTypes maps file extensions to the media types the manifest gives.
var mediaTypes = map[string]string{
	".xhtml": "application/xhtml+xml",
	".css":   "text/css",
	".ncx":   "application/x-dtbncx+xml",
	".svg":   "image/svg+xml",
	".jpg":   "image/jpeg",
	".png":   "image/png",
	".gif":   "image/gif",
	".ttf":   "font/ttf",
}

// normalise rewrites go-epub's container into the final book on w.
func (p *packager) normalise(w io.Writer, raw []byte) error {
	ra, size := bytesReaderAt(raw)
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return fmt.Errorf("epub: reading the packaged book: %w", err)
	}
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[f.Name] = f
	}
	for _, need := range []string{"mimetype", "META-INF/container.xml", opfName, navName, ncxName} {
		if files[need] == nil {
			return fmt.Errorf("epub: the packaged book lacks %s", need)
		}
	}
	for _, d := range p.bk.docs {
		if files[xhtmlDir+d.file] == nil {
			return fmt.Errorf("epub: the packaged book lacks %s", d.file)
		}
	}
	opfData, err := readAll(files[opfName])
	if err != nil {
		return err
	}
	var in opfIn
	if err := xml.Unmarshal(opfData, &in); err != nil {
		return fmt.Errorf("epub: reading the package document: %w", err)
	}

	// Manifest: ids made from file names, media types from extensions,
	// sorted by href.
	ids := map[string]string{}
	var items []manifestItem
	var coverID, navID, ncxID string
	used := map[string]bool{}
	for _, it := range in.Items {
		if files[contentDir+it.Href] == nil {
			return fmt.Errorf("epub: the package document lists %s, which is missing", it.Href)
		}
		ext := strings.ToLower(path.Ext(it.Href))
		mt, ok := mediaTypes[ext]
		if !ok {
			return fmt.Errorf("epub: unexpected file %s in the packaged book", it.Href)
		}
		id := xmlID("", strings.ReplaceAll(path.Base(it.Href), ".", "-"))
		if id == "" || !(id[0] >= 'a' && id[0] <= 'z' || id[0] >= 'A' && id[0] <= 'Z') {
			id = "i-" + id
		}
		for base, n := id, 2; used[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		used[id] = true
		ids[it.ID] = id
		mi := manifestItem{id: id, href: it.Href, mediaType: mt, props: it.Properties}
		if strings.Contains(it.Properties, "cover-image") {
			coverID = id
		}
		if mt == mediaTypes[".ncx"] {
			ncxID = id
		}
		if strings.Contains(it.Properties, "nav") {
			navID = id
		}
		items = append(items, mi)
	}
	if coverID == "" || navID == "" || ncxID == "" {
		return fmt.Errorf("epub: the packaged book lacks its cover image or navigation documents")
	}
	sort.Slice(items, func(i, j int) bool { return items[i].href < items[j].href })

	// Spine: go-epub's order (cover, then the sections as added), with the
	// contents after the title page when the list is short enough to read.
	var spine []string
	for _, ref := range in.Spine {
		id, ok := ids[ref.IDRef]
		if !ok {
			return fmt.Errorf("epub: the spine refers to %q, which is not in the manifest", ref.IDRef)
		}
		spine = append(spine, id)
		if ref.IDRef == p.bk.titleDoc && p.bk.navInSpine() {
			spine = append(spine, navID)
		}
	}

	opf := p.packageDoc(items, spine, coverID, ncxID)

	var rest []string
	for name := range files {
		switch name {
		case "mimetype", "META-INF/container.xml", opfName, navName, ncxName:
			continue
		}
		if strings.HasSuffix(name, "/") {
			continue
		}
		rest = append(rest, name)
	}
	sort.Strings(rest)
	docs := make(map[string]*doc, len(p.bk.docs))
	for _, d := range p.bk.docs {
		docs[d.file] = d
	}
	// The content documents were deflated as they were written, in the
	// shell go-epub was expected to give them: each is checked against
	// the shell it has (and, should they differ, made again in it), a
	// few ahead of the one being written, in parallel, and written in
	// name order: the bytes do not depend on the scheduling, and only
	// the documents in flight are in memory.
	parts := make([]part, len(rest))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	ahead := 2*runtime.GOMAXPROCS(0) + 2
	launched := 0
	launch := func() {
		pt := &parts[launched]
		name := rest[launched]
		launched++
		pt.name, pt.done = name, make(chan struct{})
		if !strings.HasSuffix(name, ".xhtml") {
			// Style sheets, fonts and images pass through as go-epub
			// compressed them.
			pt.raw = files[name]
			close(pt.done)
			return
		}
		go func() {
			defer close(pt.done)
			sem <- struct{}{}
			defer func() { <-sem }()
			d := docs[strings.TrimPrefix(name, xhtmlDir)]
			if d == nil { // the cover's page
				data, err := p.document(files[name], nil, false)
				if err != nil {
					pt.err = err
					return
				}
				pt.compress(data)
				return
			}
			pt.err = p.finished(pt, files[name], d)
		}()
	}
	for launched < len(parts) && launched < ahead {
		launch() // while the package and navigation documents are written
	}
	// wait waits for the parts launched after i (when writing stops).
	wait := func(i int) {
		for j := i + 1; j < launched; j++ {
			<-parts[j].done
		}
	}
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, deflateLevel)
	})
	date, tim := dosTime(p.now)
	// The mimetype first, stored, with no extra field and no data
	// descriptor (OCF 4.3).
	mt := []byte(MediaType)
	hw, err := zw.CreateRaw(&zip.FileHeader{
		Name: "mimetype", Method: zip.Store, ModifiedDate: date, ModifiedTime: tim,
		CRC32: crc32.ChecksumIEEE(mt), CompressedSize64: uint64(len(mt)), UncompressedSize64: uint64(len(mt)),
	})
	if err == nil {
		_, err = hw.Write(mt)
	}
	if err != nil {
		wait(-1)
		return fmt.Errorf("epub: writing: %w", err)
	}
	write := func(name string, data func(w io.Writer) error) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, ModifiedDate: date, ModifiedTime: tim})
		if err != nil {
			return fmt.Errorf("epub: writing %s: %w", name, err)
		}
		if err := data(fw); err != nil {
			return fmt.Errorf("epub: writing %s: %w", name, err)
		}
		return nil
	}
	bytesOf := func(b []byte) func(w io.Writer) error {
		return func(w io.Writer) error {
			_, err := w.Write(b)
			return err
		}
	}
	container, err := readAll(files["META-INF/container.xml"])
	if err != nil {
		wait(-1)
		return err
	}
	for _, f := range []struct {
		name string
		data func(w io.Writer) error
	}{{"META-INF/container.xml", bytesOf(container)}, {opfName, bytesOf(opf)}, {navName, p.navDoc}, {ncxName, p.ncxDoc}} {
		if err := write(f.name, f.data); err != nil {
			wait(-1)
			return err
		}
	}
	for i := range parts {
		for launched < len(parts) && launched <= i+ahead {
			launch()
		}
		pt := &parts[i]
		<-pt.done
		if pt.err != nil {
			wait(i)
			return pt.err
		}
		if pt.raw != nil {
			if err := copyRaw(zw, pt.raw, date, tim); err != nil {
				wait(i)
				return err
			}
			continue
		}
		hw, err := zw.CreateRaw(&zip.FileHeader{
			Name: pt.name, Method: zip.Deflate, ModifiedDate: date, ModifiedTime: tim,
			CRC32: pt.crc, CompressedSize64: uint64(len(pt.data)), UncompressedSize64: pt.size,
		})
		if err == nil {
			_, err = hw.Write(pt.data)
		}
		if err != nil {
			wait(i)
			return fmt.Errorf("epub: writing %s: %w", pt.name, err)
		}
		pt.data = nil
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("epub: writing: %w", err)
	}
	return nil
}

func readAll(f *zip.File) ([]byte, error) {
	r, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("epub: reading %s: %w", f.Name, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("epub: reading %s: %w", f.Name, err)
	}
	return b, nil
}

// copyRaw copies a zip entry without recompressing it, with the fixed
// time and no extra fields.
func copyRaw(zw *zip.Writer, f *zip.File, date, tim uint16) error {
	r, err := f.OpenRaw()
	if err != nil {
		return fmt.Errorf("epub: reading %s: %w", f.Name, err)
	}
	hw, err := zw.CreateRaw(&zip.FileHeader{
		Name: f.Name, Method: f.Method, ModifiedDate: date, ModifiedTime: tim,
		CRC32: f.CRC32, CompressedSize64: f.CompressedSize64, UncompressedSize64: f.UncompressedSize64,
	})
	if err != nil {
		return fmt.Errorf("epub: writing %s: %w", f.Name, err)
	}
	if _, err := io.Copy(hw, r); err != nil {
		return fmt.Errorf("epub: writing %s: %w", f.Name, err)
	}
	return nil
}

// dosTime returns t as the MS-DOS date and time of a zip header, clamped
// to the years the format can hold.
func dosTime(t time.Time) (date, tim uint16) {
	t = t.UTC()
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if t.Year() > 2107 {
		t = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	tim = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, tim
}

// Conformance is the accessibility conformance the book claims
// (dcterms:conformsTo) when it meets it.
const Conformance = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"

// conforms reports whether the book may claim Conformance: what the
// renderer writes meets it (checked by DAISY Ace in the tests, and by
// construction: headings in order, every language marked, links
// underlined, text alternatives, landmarks), so the claim is withheld
// only where the book holds something the renderer cannot vouch for: a
// style sheet from the collection's own layouts/, or a language tag
// that had to be dropped (the text in that language is then unmarked).
func (bk *book) conforms() bool { return !bk.ownTheme && !bk.badLang }

// certifiedBy is who vouches for the conformance claim: the setting,
// else the compiler, else the program that checked it.
func (bk *book) certifiedBy() string {
	if s := strings.TrimSpace(bk.cfg.CertifiedBy); s != "" {
		return s
	}
	if s := strings.TrimSpace(bk.s.Compiler); s != "" {
		return s
	}
	return "Commonplace"
}

// accessibilityFeatures are the schema.org features the book has.
func (p *packager) accessibilityFeatures() []string {
	bk := p.bk
	f := []string{"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText"}
	if bk.authors > 0 {
		f = append(f, "index")
	}
	if p.pageSource != "" {
		f = append(f, "pageBreakMarkers", "pageNavigation")
	}
	f = append(f, "ARIA", "displayTransformability")
	return f
}

// accessibilitySummary describes the book for a reader deciding whether
// it suits them, mentioning only what the book has.
func (p *packager) accessibilitySummary() string {
	bk := p.bk
	var b strings.Builder
	b.WriteString("This book is text: the passages a collector copied from their sources, each followed by its citation. ")
	b.WriteString("It has a table of contents (sources grouped under headings), structured headings")
	if bk.authors > 0 {
		b.WriteString(", an index of authors")
	}
	b.WriteString(" and a list of sources. ")
	if bk.notes > 0 {
		b.WriteString("Footnotes are linked to their references and back. ")
	}
	if p.pageSource != "" {
		b.WriteString("A page list gives the page numbers of the print edition, so that citations agree with it. ")
	}
	b.WriteString("The cover image has a text alternative, the language of every passage is marked, links are underlined, " +
		"and the reading order follows the table of contents. Text can be resized and restyled by the reading system.")
	if bk.conforms() {
		b.WriteString(" The book meets " + Conformance + ".")
	}
	return b.String()
}

// packageDoc writes the package document.
func (p *packager) packageDoc(items []manifestItem, spine []string, coverID, ncxID string) []byte {
	bk := p.bk
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="` + bk.lang + `"`)
	if books.RTL(bk.lang) {
		b.WriteString(` dir="rtl"`)
	}
	b.WriteString(">\n")
	b.WriteString(`  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n")
	elem := func(tag, attrs, text string) {
		b.WriteString("    <" + tag + attrs + ">")
		esc(&b, text)
		b.WriteString("</" + tag + ">\n")
	}
	elem("dc:identifier", ` id="pub-id"`, p.id)
	elem("dc:title", ` id="title"`, bk.s.Title)
	elem("dc:language", "", bk.lang)
	if bk.s.Compiler != "" {
		elem("dc:creator", ` id="compiler"`, bk.s.Compiler)
		elem("meta", ` refines="#compiler" property="role" scheme="marc:relators"`, "com")
	}
	if bk.s.Subtitle != "" {
		elem("dc:description", "", bk.s.Subtitle)
	}
	subjects := make([]string, 0, len(bk.subjects))
	for _, s := range bk.subjects {
		subjects = append(subjects, s.name)
	}
	sort.Strings(subjects)
	for _, s := range subjects {
		elem("dc:subject", "", s)
	}
	elem("meta", ` property="dcterms:modified"`, p.now.Format("2006-01-02T15:04:05Z"))
	if p.pageSource != "" {
		elem("dc:source", ` id="print-source"`, p.pageSource)
		elem("meta", ` refines="#print-source" property="source-of"`, "pagination")
	}
	elem("meta", ` property="schema:accessMode"`, "textual")
	elem("meta", ` property="schema:accessMode"`, "visual")
	elem("meta", ` property="schema:accessModeSufficient"`, "textual")
	for _, f := range p.accessibilityFeatures() {
		elem("meta", ` property="schema:accessibilityFeature"`, f)
	}
	elem("meta", ` property="schema:accessibilityHazard"`, "none")
	elem("meta", ` property="schema:accessibilitySummary"`, p.accessibilitySummary())
	if bk.conforms() {
		elem("meta", ` property="dcterms:conformsTo"`, Conformance)
		elem("meta", ` property="a11y:certifiedBy"`, bk.certifiedBy())
	}
	b.WriteString(`    <meta name="cover" content="` + coverID + `"/>` + "\n")
	b.WriteString("  </metadata>\n  <manifest>\n")
	for _, it := range items {
		b.WriteString(`    <item id="` + it.id + `" href="`)
		esc(&b, it.href)
		b.WriteString(`" media-type="` + it.mediaType + `"`)
		if it.props != "" {
			b.WriteString(` properties="`)
			esc(&b, it.props)
			b.WriteString(`"`)
		}
		b.WriteString("/>\n")
	}
	b.WriteString("  </manifest>\n  <spine toc=\"" + ncxID + "\"")
	if books.RTL(bk.lang) {
		b.WriteString(` page-progression-direction="rtl"`)
	}
	b.WriteString(">\n")
	for _, id := range spine {
		b.WriteString(`    <itemref idref="` + id + `"/>` + "\n")
	}
	b.WriteString("  </spine>\n</package>\n")
	return []byte(b.String())
}

// navDoc writes the EPUB 3 navigation document: the table of contents
// (groups → entries) and the landmarks.
func (p *packager) navDoc(w io.Writer) error {
	bk := p.bk
	cw := &chunked{w: w}
	b := &cw.b
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE html>\n")
	b.WriteString(`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="` + bk.lang + `" xml:lang="` + bk.lang + `">` + "\n")
	b.WriteString("<head>\n<title>")
	esc(b, bk.s.Labels.Contents)
	b.WriteString("</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"css/" + cssFile + "\"/>\n</head>\n<body>\n")
	b.WriteString(`<nav epub:type="toc" id="toc" role="doc-toc">` + "\n<h1>")
	esc(b, bk.s.Labels.Contents)
	b.WriteString("</h1>\n")
	b.WriteString("<ol>\n")
	for _, it := range bk.toc {
		b.WriteString(`<li><a href="xhtml/`)
		esc(b, it.href)
		b.WriteString(`"` + it.attrs + `>`)
		esc(b, it.title)
		b.WriteString("</a>")
		if len(it.entries) > 0 {
			b.WriteString("\n<ol>\n")
			for _, i := range it.entries {
				in := bk.info[i]
				b.WriteString(`<li><a href="xhtml/`)
				esc(b, bk.docs[in.doc].file)
				b.WriteString("#")
				esc(b, in.anchor)
				b.WriteString(`"` + in.attrs + `>`)
				esc(b, in.heading)
				b.WriteString("</a></li>\n")
				cw.check()
			}
			b.WriteString("</ol>\n")
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ol>\n")
	b.WriteString("</nav>\n")
	b.WriteString(`<nav epub:type="landmarks" id="landmarks" hidden="hidden">` + "\n<h2>")
	esc(b, bk.s.Labels.Landmarks)
	b.WriteString("</h2>\n<ol>\n")
	mark := func(typ, href, title string) {
		if href == "" {
			return
		}
		b.WriteString(`<li><a epub:type="` + typ + `" href="`)
		esc(b, href)
		b.WriteString(`">`)
		esc(b, title)
		b.WriteString("</a></li>\n")
	}
	mark("cover", "xhtml/cover.xhtml", bk.s.Labels.Cover)
	mark("titlepage", "xhtml/"+bk.titleDoc, bk.s.Labels.TitlePage)
	if bk.navInSpine() {
		mark("toc", "nav.xhtml#toc", bk.s.Labels.Contents)
	}
	if bk.bodyDoc != "" {
		mark("bodymatter", "xhtml/"+bk.bodyDoc, bk.s.Labels.Start)
	}
	mark("index", "xhtml/"+bk.indexDoc, bk.s.Labels.Index)
	mark("bibliography", "xhtml/"+bk.srcDoc, bk.s.Labels.Sources)
	b.WriteString("</ol>\n</nav>\n")
	if pg := bk.pages; p.pageSource != "" {
		b.WriteString(`<nav epub:type="page-list" id="page-list" role="doc-pagelist" hidden="hidden">` + "\n<h2>")
		esc(b, bk.s.Labels.Pages)
		b.WriteString("</h2>\n<ol>\n")
		for _, l := range pg.order {
			if f, ok := pg.file[l]; ok {
				b.WriteString(`<li><a href="xhtml/` + f + `#page-` + l + `">` + l + "</a></li>\n")
				cw.check()
			}
		}
		b.WriteString("</ol>\n</nav>\n")
	}
	b.WriteString("</body>\n</html>\n")
	cw.flush()
	return cw.err
}

// ncxDoc writes the EPUB 2 NCX with the same entries as the navigation
// document.
func (p *packager) ncxDoc(w io.Writer) error {
	bk := p.bk
	cw := &chunked{w: w}
	b := &cw.b
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="` + bk.lang + `">` + "\n<head>\n")
	b.WriteString(`<meta name="dtb:uid" content="` + escString(p.id) + `"/>` + "\n")
	depth := 1
	for _, it := range bk.toc {
		if len(it.entries) > 0 {
			depth = 2
		}
	}
	b.WriteString(`<meta name="dtb:depth" content="` + strconv.Itoa(depth) + `"/>` + "\n")
	b.WriteString(`<meta name="dtb:totalPageCount" content="0"/>` + "\n" + `<meta name="dtb:maxPageNumber" content="0"/>` + "\n</head>\n")
	b.WriteString("<docTitle><text>")
	esc(b, bk.s.Title)
	b.WriteString("</text></docTitle>\n")
	if bk.s.Compiler != "" {
		b.WriteString("<docAuthor><text>")
		esc(b, bk.s.Compiler)
		b.WriteString("</text></docAuthor>\n")
	}
	b.WriteString("<navMap>\n")
	n := 0
	point := func(title, file, fragment string) {
		n++
		b.WriteString(`<navPoint id="np-` + strconv.Itoa(n) + `" playOrder="` + strconv.Itoa(n) + `"><navLabel><text>`)
		esc(b, title)
		b.WriteString(`</text></navLabel><content src="xhtml/`)
		esc(b, file)
		if fragment != "" {
			b.WriteString("#")
			esc(b, fragment)
		}
		b.WriteString("\"/>\n")
	}
	for _, it := range bk.toc {
		point(it.title, it.href, "")
		for _, i := range it.entries {
			in := bk.info[i]
			point(in.heading, bk.docs[in.doc].file, in.anchor)
			b.WriteString("</navPoint>\n")
			cw.check()
		}
		b.WriteString("</navPoint>\n")
	}
	b.WriteString("</navMap>\n</ncx>\n")
	cw.flush()
	return cw.err
}

// chunked hands what is built in b to w a piece at a time (check), so
// that a large document is never whole in memory.
type chunked struct {
	b   strings.Builder
	w   io.Writer
	err error
}

// check writes b out when it has grown past 64 KB.
func (c *chunked) check() {
	if c.b.Len() >= 64<<10 {
		c.flush()
	}
}

func (c *chunked) flush() {
	if c.err == nil && c.b.Len() > 0 {
		_, c.err = io.WriteString(c.w, c.b.String())
	}
	c.b.Reset()
}

// shortError keeps an error but cuts its message: go-epub quotes whole
// data: URLs (megabytes of base64) in its errors.
type shortError struct{ err error }

func (e shortError) Error() string {
	msg := e.err.Error()
	if len(msg) > 300 {
		msg = msg[:150] + " … " + msg[len(msg)-100:]
	}
	return msg
}

func (e shortError) Unwrap() error { return e.err }

func short(err error) error { return shortError{err} }

// part is one zip entry of the final book: copied raw from go-epub's
// container, or compressed here.
type part struct {
	name string
	done chan struct{} // closed when the part is ready
	raw  *zip.File
	data []byte // deflated
	crc  uint32
	size uint64
	err  error
}

// deflateLevel is the compression of the package's other files (the
// package document, navigation, styles, fonts, images), which the zip
// writer deflates as they are written: BestSpeed deflates several times
// faster than the default level (which took over half the time of a
// large book) for files a tenth or so larger.
const deflateLevel = flate.BestSpeed

// encoders hold the deflate encoders of the content documents, one per
// goroutine deflating.
var encoders = sync.Pool{New: func() any { return new(deflate.Encoder) }}

// compressParts deflates the document made of prefix, body and suffix
// into pt: the same bytes as compress of the three joined.
func (pt *part) compressParts(prefix, body, suffix string) {
	doc := make([]byte, 0, len(prefix)+len(body)+len(suffix))
	doc = append(append(append(doc, prefix...), body...), suffix...)
	pt.compress(doc)
}

// compress deflates data into pt, with internal/deflate: a document is
// whole in memory, and that encoder deflates one in about half the time
// compress/flate takes at BestSpeed, to about the same size.
func (pt *part) compress(data []byte) {
	pt.crc = crc32.ChecksumIEEE(data)
	pt.size = uint64(len(data))
	e := encoders.Get().(*deflate.Encoder)
	pt.data = e.AppendDeflate(make([]byte, 0, len(data)/2+1024), data)
	encoders.Put(e)
}

// finished sets pt to the content document d deflated in the shell f
// has: as it was deflated when that is the shell expected.
func (p *packager) finished(pt *part, f *zip.File, d *doc) error {
	data, err := readAll(f)
	if err != nil {
		return err
	}
	prefix, suffix, ok := splitShell(data, p.bk.lang, true)
	if !ok {
		return fmt.Errorf("epub: %s: unexpected document shape from go-epub", f.Name)
	}
	deflated, err := p.bk.spill.Read(d.off, d.n, nil)
	if err != nil {
		return err
	}
	sh := p.bk.probe.shell
	want := sh.prefix(d.title)
	if string(prefix) == want && string(suffix) == sh.suffix {
		pt.data, pt.crc, pt.size = deflated, d.crc, uint64(d.size)
		return nil
	}
	reshelled.Add(1)
	whole, err := io.ReadAll(flate.NewReader(bytes.NewReader(deflated)))
	if err != nil || int64(len(whole)) != d.size || len(whole) < len(want)+len(sh.suffix) {
		return fmt.Errorf("epub: reading back %s: %v", f.Name, err)
	}
	body := whole[len(want) : len(whole)-len(sh.suffix)]
	doc := make([]byte, 0, len(prefix)+len(body)+len(suffix))
	doc = append(append(append(doc, prefix...), body...), suffix...)
	pt.compress(doc)
	return pt.err
}

// document returns a content document as go-epub wrote it, with the
// language on its root element and, when it has one, its body filled in.
func (p *packager) document(f *zip.File, body []byte, hasBody bool) ([]byte, error) {
	data, err := readAll(f)
	if err != nil {
		return nil, err
	}
	prefix, suffix, ok := splitShell(data, p.bk.lang, hasBody)
	if !ok {
		return nil, fmt.Errorf("epub: %s: unexpected document shape from go-epub", f.Name)
	}
	var out bytes.Buffer
	out.Grow(len(prefix) + len(body) + len(suffix))
	out.Write(prefix)
	out.Write(body)
	out.Write(suffix)
	doc := out.Bytes()
	if f.Name == xhtmlDir+"cover.xhtml" {
		doc = bytes.Replace(doc, []byte(`alt="Cover Image"`), []byte(`alt="`+escString(p.bk.s.Labels.CoverText(p.bk.s.Title))+`"`), 1)
	}
	return doc, nil
}

// splitShell returns a document go-epub wrote, with the language on its
// root element, cut where its body marker is (the whole document is the
// prefix when it has none); ok is false when it has not the expected
// shape.
func splitShell(data []byte, lang string, hasBody bool) (prefix, suffix []byte, ok bool) {
	htmlOpen := []byte(`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">`)
	langOpen := `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="` + lang + `" xml:lang="` + lang + `">`
	h := bytes.Index(data, htmlOpen)
	if h < 0 {
		return nil, nil, false
	}
	rest := data[h+len(htmlOpen):]
	m := len(rest)
	if hasBody {
		if m = bytes.Index(rest, []byte(bodyMarker)); m < 0 {
			return nil, nil, false
		}
		suffix = rest[m+len(bodyMarker):]
	}
	prefix = make([]byte, 0, h+len(langOpen)+m)
	prefix = append(prefix, data[:h]...)
	prefix = append(prefix, langOpen...)
	prefix = append(prefix, rest[:m]...)
	return prefix, suffix, true
}

// docShell is go-epub's shell of a content document — before and after
// its title, after its body — with the book's language on its root
// element (see probeShell).
type docShell struct {
	before, after, suffix string
}

// prefix returns the shell before the body of a document titled title.
func (sh *docShell) prefix(title string) string {
	var b strings.Builder
	b.WriteString(sh.before)
	xml.EscapeText(&b, []byte(title))
	b.WriteString(sh.after)
	return b.String()
}

// probeTitle is the title of probeShell's document.
const probeTitle = "commonplace-probe"

// probeShell returns go-epub's shell of a content document, from a book
// of one section added as pack adds them: the documents are deflated as
// they are written, in it, and normalise checks each against the shell
// go-epub gives it in the book (any difference, and the document is
// made again from the shell go-epub gave).
func probeShell(lang string) (*docShell, error) {
	e, err := goepub.NewEpub(probeTitle)
	if err != nil {
		return nil, fmt.Errorf("epub: %w", err)
	}
	e.Client = &http.Client{Transport: noNetwork{}}
	cssPath, err := e.AddCSS(dataURL("text/css", []byte("/* */")), cssFile)
	if err != nil {
		return nil, fmt.Errorf("epub: adding the style sheet: %w", short(err))
	}
	if _, err := e.AddSection(bodyMarker, probeTitle, "probe.xhtml", cssPath); err != nil {
		return nil, fmt.Errorf("epub: adding a section: %w", short(err))
	}
	var buf bytes.Buffer
	goepubMu.Lock()
	err = goepub.Use(goepub.MemoryFS)
	if err == nil {
		_, err = e.WriteTo(&buf)
	}
	goepubMu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("epub: packaging: %w", short(err))
	}
	ra, size := bytesReaderAt(buf.Bytes())
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fmt.Errorf("epub: reading the packaged book: %w", err)
	}
	for _, f := range zr.File {
		if f.Name != xhtmlDir+"probe.xhtml" {
			continue
		}
		data, err := readAll(f)
		if err != nil {
			return nil, err
		}
		prefix, suffix, ok := splitShell(data, lang, true)
		t := bytes.Index(prefix, []byte(probeTitle))
		if !ok || t < 0 {
			break
		}
		sh := &docShell{before: string(prefix[:t]), after: string(prefix[t+len(probeTitle):]), suffix: string(suffix)}
		if probed != nil {
			probed(sh)
		}
		return sh, nil
	}
	return nil, fmt.Errorf("epub: unexpected document shape from go-epub")
}
