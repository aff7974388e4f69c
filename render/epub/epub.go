// Package epub renders a collection as an EPUB 3 e-book that EPUBCheck
// accepts with no errors and no warnings: a cover, a title page, the
// navigation document and NCX (groups → entries), one XHTML document per
// group (split when a group grows large), an index of authors and a list
// of sources, styled by a theme from layouts/epub/.
//
// The book is packaged with github.com/go-shiori/go-epub (manifest,
// spine, container, cover page, document shells) and then normalised so
// that the same collection and Options.Now always give the same bytes:
// the package document is rewritten (sorted manifest, full metadata,
// dcterms:modified from Now), the navigation documents are replaced by
// the book's own (entries are fragments of group documents), the
// documents' bodies are filled into go-epub's shells, and the zip is
// rewritten with its entries in a fixed order and fixed times, the
// mimetype first and stored. go-epub is only ever given data the renderer
// made (data: URLs), never a file path an entry names nor a URL, its HTTP
// client cannot reach the network, and it stages files in its in-memory
// file system (set with go-epub's package-global Use, under a lock), so
// nothing is left in the temporary folder.
//
// The book is written entry by entry (see stream.go): from a collection
// loaded from the cache's index (or lazily) each entry is read when its
// turn comes and let go, the documents are deflated as they are written
// and wait in a spill, and only a compact record of each entry is kept
// for the contents, the index and the sources, so that memory does not
// grow with the entries' text.
package epub

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/commonplace-book/commonplace/fonts"
	"github.com/commonplace-book/commonplace/internal/panics"
	"github.com/commonplace-book/commonplace/internal/spill"
	"github.com/commonplace-book/commonplace/layouts"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/books"
)

// Options control Encode. The zero value renders with the collection's
// settings.
type Options struct {
	// Config is the epub: section resolved (theme, cover, fonts); nil
	// means the collection's, as ParseConfig resolves it.
	*Config
	// Now is the book's dcterms:modified time and the zip entries' time;
	// zero means the newest entry date (or 2000-01-01 when no entry has a
	// date), so the output is reproducible.
	Now time.Time
	// Warn receives non-fatal problems (an unusable cover image, a
	// malformed language tag); nil drops them.
	Warn func(model.Problem)
	// MaxDocBytes bounds the size of one content document before a group
	// is split across documents; 0 means 256 KiB.
	MaxDocBytes int
	// Pages are where the pages of the print edition begin (the PDF made
	// from the same collection): the book then has page break markers
	// and a page list with the PDF's page numbers. Nil means none.
	Pages *books.Pages
	// Cache, when set, keeps the generated cover between runs
	// (render.Keep); nil makes it every time.
	Cache *model.Cache
	// pages, when set, gives Pages when the book is ready for them, after
	// the work that does not need them has started (see Render).
	pages func() *books.Pages
}

// MediaType is the EPUB media type.
const MediaType = "application/epub+zip"

// spillMem is how much of the book (its deflated documents) is kept in
// memory before it goes to a temporary file (internal/spill): a book of
// 30,000 entries or so fits (writing and reading it back is system time
// saved).
const spillMem = 32 << 20

// Encode writes c to w as an EPUB 3 book. It never reads a file outside
// the collection root, never fetches a URL, and gives byte-identical
// output for the same collection and options. It returns an error when
// the theme or the citation style is unknown or when writing fails; an
// unusable cover image is reported through o.Warn and replaced by the
// generated cover.
func Encode(w io.Writer, c *model.Collection, o *Options) error {
	if c == nil {
		return errors.New("epub: nil collection")
	}
	if o == nil {
		o = &Options{}
	}
	s := c.Settings.Defaults()
	s.Labels = c.Labels()
	cfg := o.Config
	if cfg == nil {
		parsed, probs := ParseConfig(c)
		if err := model.ErrorOf(probs); err != nil {
			return fmt.Errorf("epub: %w", err)
		}
		cfg = &parsed
	}
	theme, style := cfg.Theme, s.Style
	if !slices.Contains(model.Styles, style) {
		return fmt.Errorf("epub: unknown citation style %q (known: %s)", style, strings.Join(model.Styles, ", "))
	}
	css, themeSrc, err := readTheme(c.Root, theme)
	if err != nil {
		return err
	}
	bk := &book{c: c, src: newEntrySource(c), s: s, cfg: *cfg, style: style, maxDoc: o.MaxDocBytes, ownTheme: !strings.HasPrefix(themeSrc, "embedded:")}
	warn := func(path, format string, args ...any) {
		if o.Warn != nil {
			o.Warn(model.Problem{Path: path, Severity: model.Warning, Message: "epub: " + fmt.Sprintf(format, args...)})
		}
	}
	lang := books.Lang(s.Language)
	if lang == "" {
		warn("commonplace.yaml", "language %q is not a BCP 47 tag; using en", model.Safe(s.Language, 40))
		lang = "en"
		bk.badLang = true
	}
	bk.lang, bk.warn = lang, warn
	if bk.maxDoc <= 0 {
		bk.maxDoc = 256 << 10
	}
	// The cover depends on the settings alone: it is made (or read and
	// checked) while the documents are written, its warnings kept for
	// their place after the documents'.
	coverCh := make(chan coverResult, 1)
	go func() { coverCh <- makeCover(c.Root, cfg.Cover, s, lang, o.Cache) }()
	pages := o.Pages
	if o.pages != nil {
		pages = o.pages()
	}
	if pages != nil && len(pages.Breaks) > 0 {
		bk.pages = newPager(pages, bk.src.number())
	}
	bk.spill = spill.New("epub", spillMem)
	defer bk.spill.Close()
	// go-epub's shell of a document is found while the first entries
	// are written.
	bk.probe = &shellProbe{ready: make(chan struct{})}
	go func() {
		defer close(bk.probe.ready)
		bk.probe.shell, bk.probe.err = probeShell(lang)
	}()
	bk.deflate = make(chan struct{}, runtime.GOMAXPROCS(0)+1)
	if err := bk.build(); err != nil {
		<-coverCh
		return err
	}

	now := o.Now
	if now.IsZero() || now.UTC().Year() < 1 || now.UTC().Year() > 9999 {
		now = bk.newest.Time()
	}
	now = now.UTC().Truncate(time.Second)

	p := &packager{bk: bk, now: now, id: identifier(s)}
	if bk.pages != nil && len(bk.pages.file) > 0 {
		p.pageSource = pages.Edition
	}
	cr := <-coverCh
	if cfg.EmbedFonts {
		if err := p.fonts(); err != nil {
			return err
		}
		css = p.fontFaces() + css
	}
	p.css = css
	for _, w := range cr.warns {
		warn("commonplace.yaml", "%s", w)
	}
	if cr.err != nil {
		return cr.err
	}
	p.cover, p.coverType, p.coverExt = cr.data, cr.mediaType, cr.ext
	raw, err := p.pack()
	if err != nil {
		return err
	}
	return p.normalise(w, raw)
}

// coverResult is the book's cover image, and the warnings about it.
type coverResult struct {
	data           []byte
	mediaType, ext string
	warns          []string
	err            error
}

// makeCover returns the collection's cover (file, relative to root) when
// it is usable, else the generated one, kept in cache (render.Keep) when
// it is set.
func makeCover(root, file string, s model.Settings, lang string, cache *model.Cache) (r coverResult) {
	defer func() {
		if !panics.Recover() {
			return // a fuzz target sees the panic
		}
		if p := recover(); p != nil {
			r = coverResult{err: fmt.Errorf("epub: internal error while making the cover: %v", p)}
		}
	}()
	if file != "" {
		data, mt, ext, err := readCover(root, file)
		if err == nil {
			if probs, unusable := coverProblems(data, mt); unusable {
				err = errors.New(probs[0])
			}
		}
		if err == nil {
			return coverResult{data: data, mediaType: mt, ext: ext}
		}
		r.warns = append(r.warns, fmt.Sprintf("cover: %v; using a generated cover", err))
	}
	data, missing, err := keptCover(cache, s.Title, s.Subtitle, s.Compiler, lang)
	if err != nil {
		r.err = err
		return r
	}
	if len(missing) > 0 {
		r.warns = append(r.warns, fmt.Sprintf("cover: no face has %q, drawn as a box on the generated cover", string(missing)))
	}
	r.data, r.mediaType, r.ext = data, "image/jpeg", ".jpg"
	return r
}

// readTheme returns the theme's style sheet and where it came from
// ("embedded:…" for the built-in themes).
func readTheme(root, theme string) (string, string, error) {
	if theme == "" || strings.ContainsAny(theme, `/\`) || strings.HasPrefix(theme, ".") {
		return "", "", fmt.Errorf("epub: invalid theme name %q", theme)
	}
	known := layouts.Names(root, "epub", ".css")
	if !slices.Contains(known, theme) {
		return "", "", fmt.Errorf("epub: no theme %q (known: %s)", theme, strings.Join(known, ", "))
	}
	b, src, err := layouts.Read(root, "epub/"+theme+".css")
	if err != nil {
		return "", "", fmt.Errorf("epub: theme %q: %w", theme, err)
	}
	return string(b), src, nil
}

// Themes returns the theme names available to a collection at root.
func Themes(root string) []string { return layouts.Names(root, "epub", ".css") }

// Renderer is the "epub" format of the render registry.
type Renderer struct{}

// Name returns "epub".
func (Renderer) Name() string { return "epub" }

// MediaType returns "application/epub+zip".
func (Renderer) MediaType() string { return MediaType }

// Extension returns ".epub".
func (Renderer) Extension() string { return ".epub" }

// Render writes c as an EPUB with the config of the epub: section in
// o.Configs (else the collection's); o.Now is the modification time, and
// o.Warn receives warnings. When the run makes the PDF too
// (o.PrintPages), the book carries its page numbers.
func (Renderer) Render(w io.Writer, c *model.Collection, o render.Options) error {
	cfg, err := render.ConfigOf(c, o, "epub", ParseConfig)
	if err != nil {
		return fmt.Errorf("epub: %w", err)
	}
	eo := &Options{Config: &cfg, Now: o.Now, Warn: o.Warn, Cache: o.Cache}
	if o.PrintPages != nil {
		eo.pages = func() *books.Pages {
			pages, err := o.PrintPages()
			if err != nil {
				o.Warnf(model.SettingsFile, 0, "epub: no page list: the print edition failed: %v", err)
				return nil
			}
			return pages
		}
	}
	return Encode(w, c, eo)
}

// ReadsLazily declares that the EPUB reads its entries one at a time
// (model.Collection.Full, model.Index.Entry), so that a collection loaded
// lazily or from the cache's index is never held whole.
func (Renderer) ReadsLazily() {}

// noNetwork is an http.RoundTripper that refuses every request: go-epub
// must never fetch anything.
type noNetwork struct{}

func (noNetwork) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("epub: network access is disabled")
}

// dataURL encodes data as a base64 data: URL, the only form of source the
// renderer hands to go-epub.
func dataURL(mediaType string, data []byte) string {
	return "data:" + mediaType + ";base64," + base64.StdEncoding.EncodeToString(data)
}

// embedded font files and the scripts they are needed for.
type fontFile struct {
	name   string // file name in fonts/
	family string
	style  string // normal or italic
	weight string // normal or bold
	need   func(*book) bool
}

var fontFiles = []fontFile{
	{fonts.SerifRegular, "Noto Serif", "normal", "normal", nil},
	{fonts.SerifItalic, "Noto Serif", "italic", "normal", nil},
	{fonts.SerifBold, "Noto Serif", "normal", "bold", nil},
	{fonts.SerifBoldItalic, "Noto Serif", "italic", "bold", nil},
	{fonts.Arabic, "Noto Naskh Arabic", "normal", "normal", func(bk *book) bool { return bk.arabic || bk.usesScript(isArabic) }},
	{fonts.CJK, "Droid Sans Fallback", "normal", "normal", func(bk *book) bool { return bk.cjk || bk.usesScript(isCJK) }},
}

func isArabic(r rune) bool {
	return r >= 0x0600 && r <= 0x06ff || r >= 0x0750 && r <= 0x077f || r >= 0x08a0 && r <= 0x08ff || r >= 0xfb50 && r <= 0xfdff || r >= 0xfe70 && r <= 0xfeff
}

func isCJK(r rune) bool {
	return r >= 0x2e80 && r <= 0x9fff || r >= 0xac00 && r <= 0xd7af || r >= 0xf900 && r <= 0xfaff || r >= 0xff00 && r <= 0xffef
}

// usesScript reports whether the book's title, subtitle or compiler has
// a rune in the script (the content documents are looked at as they are
// written: book.arabic and book.cjk).
func (bk *book) usesScript(in func(rune) bool) bool {
	return strings.IndexFunc(bk.s.Title+bk.s.Subtitle+bk.s.Compiler, in) >= 0
}

// fonts picks the font files to embed.
func (p *packager) fonts() error {
	for _, f := range fontFiles {
		if f.need != nil && !f.need(p.bk) {
			continue
		}
		data, err := fonts.Bytes(f.name)
		if err != nil {
			return fmt.Errorf("epub: %w", err)
		}
		p.fontFiles = append(p.fontFiles, f)
		p.fontData = append(p.fontData, data)
	}
	return nil
}

// fontFaces returns the @font-face rules for the embedded fonts.
func (p *packager) fontFaces() string {
	var b strings.Builder
	b.WriteString("/* Fonts embedded by commonplace (SIL Open Font License 1.1; Droid Sans Fallback: Apache License 2.0). */\n")
	for _, f := range p.fontFiles {
		fmt.Fprintf(&b, "@font-face {\n  font-family: %q;\n  font-style: %s;\n  font-weight: %s;\n  src: url(\"../fonts/%s\");\n}\n", f.family, f.style, f.weight, f.name)
	}
	b.WriteString("\n")
	return b.String()
}

// bytesReaderAt is what archive/zip needs to read go-epub's output.
func bytesReaderAt(b []byte) (*bytes.Reader, int64) { return bytes.NewReader(b), int64(len(b)) }
