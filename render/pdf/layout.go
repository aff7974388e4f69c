package pdf

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/commonplace-book/commonplace/layouts"
)

// Layout is a page layout read from layouts/pdf/NAME.yaml. Lengths in the
// file are numbers of points or strings with a unit ("148mm", "6in",
// "1.5cm", "12pt"); all fields below are in points after loading.
type Layout struct {
	// Name is the layout's display name ("A5").
	Name string `yaml:"name"`
	// Page is the trimmed page size.
	Page struct {
		Width  Length `yaml:"width"`
		Height Length `yaml:"height"`
	} `yaml:"page"`
	// Margins are the text block's margins. Inner is the binding side
	// (left on odd pages) and Outer the other; the screen profile centres
	// the text block, the print profile mirrors them and widens the inner
	// margin to the gutter when the gutter is wider.
	Margins struct {
		Inner  Length `yaml:"inner"`
		Outer  Length `yaml:"outer"`
		Top    Length `yaml:"top"`
		Bottom Length `yaml:"bottom"`
	} `yaml:"margins"`
	// Text holds the type of each role: body, verse, commentary,
	// citation, note, heading, group, title, subtitle, compiler, running,
	// folio, contents, index, sources.
	Text map[string]Type `yaml:"text"`
	// Spacing holds vertical and horizontal spaces.
	Spacing struct {
		Paragraph Length `yaml:"paragraph"` // between paragraphs of a quote
		Quote     Length `yaml:"quote"`     // between quotes of an entry
		Entry     Length `yaml:"entry"`     // between entries
		Heading   Length `yaml:"heading"`   // below an entry heading
		Citation  Length `yaml:"citation"`  // above the citation
		Indent    Length `yaml:"indent"`    // citation, commentary and verse turnover indent
		Running   Length `yaml:"running"`   // from the text block to the running head and folio
	} `yaml:"spacing"`
	// ContentsEntries is the most entries for which the contents lists
	// every entry under its group; above it only groups are listed.
	ContentsEntries int `yaml:"contents_entries"`
}

// Type is the type of one role: its face, size and leading.
type Type struct {
	// Font is the family; "serif" (Noto Serif) is the book face.
	// Chinese, Japanese, Korean and Arabic fall back per run of
	// characters whatever it says.
	Font string `yaml:"font"`
	// Style is "", "italic", "bold" or "bold italic".
	Style string `yaml:"style"`
	// Size is the font size in points.
	Size Length `yaml:"size"`
	// Leading is the distance between baselines in points.
	Leading Length `yaml:"leading"`
}

// Length is a length in points, written in YAML as a number of points or a
// string with a unit: pt, mm, cm, in.
type Length float64

// UnmarshalYAML reads a number of points or a string with a unit.
func (l *Length) UnmarshalYAML(n *yaml.Node) error {
	v, err := parseLength(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*l = Length(v)
	return nil
}

func parseLength(s string) (float64, error) {
	s = strings.TrimSpace(s)
	unit := 1.0
	for suffix, u := range map[string]float64{"pt": 1, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72} {
		if strings.HasSuffix(s, suffix) {
			s, unit = strings.TrimSpace(strings.TrimSuffix(s, suffix)), u
			break
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v >= 0 && v <= 1e5) { // NaN and ±Inf fail too
		return 0, fmt.Errorf("%q is not a length (a number of points, or with mm, cm, in or pt)", s)
	}
	return v * unit, nil
}

// roles lists every role a layout must give a type for.
var roles = []string{"body", "verse", "commentary", "citation", "note", "heading", "group",
	"title", "subtitle", "compiler", "running", "folio", "contents", "index", "sources"}

// LoadLayout reads the layout called name from root's layouts/pdf/ folder,
// else from the embedded defaults, and checks it (see Layout.check). Its
// errors name the layout file and the line of each problem.
func LoadLayout(root, name string) (*Layout, error) {
	if name == "" {
		name = "a5"
	}
	if strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return nil, fmt.Errorf("pdf: invalid layout name %q", name)
	}
	b, src, err := layouts.Read(root, "pdf/"+name+".yaml")
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	if root != "" && !strings.HasPrefix(src, "embedded:") {
		if rel, err := filepath.Rel(root, src); err == nil {
			src = filepath.ToSlash(rel)
		}
	}
	l, err := ParseLayout(b)
	if err != nil {
		return nil, fmt.Errorf("pdf: layout %s%w", src, err)
	}
	return l, nil
}

// LayoutError is what ParseLayout reports: every problem of a layout
// file, each at its line.
type LayoutError struct {
	// Problems are the problems in file order; Line 0 is the file as a whole.
	Problems []LayoutProblem
}

// LayoutProblem is one problem of a layout file.
type LayoutProblem struct {
	Line    int
	Message string
}

// Error formats the problems as ":LINE: message; :LINE: message", to
// follow the file's name.
func (e *LayoutError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": " + p.Message)
	}
	return b.String()
}

// MaxLayoutSide is the largest page side a layout may give, in points
// (200 in, the largest page PDF readers take).
const MaxLayoutSide = 14400

// ParseLayout parses and checks the YAML of a layout file. Its error is
// a *LayoutError.
func ParseLayout(data []byte) (*Layout, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &LayoutError{[]LayoutProblem{yamlProblem(err)}}
	}
	var l Layout
	if len(doc.Content) == 0 {
		return nil, &LayoutError{[]LayoutProblem{{0, "the file is empty"}}}
	}
	if err := doc.Content[0].Decode(&l); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			e := &LayoutError{}
			for _, m := range te.Errors {
				e.Problems = append(e.Problems, yamlProblem(errors.New(m)))
			}
			return nil, e
		}
		return nil, &LayoutError{[]LayoutProblem{yamlProblem(err)}}
	}
	if probs := l.check(doc.Content[0]); len(probs) > 0 {
		return nil, &LayoutError{probs}
	}
	return &l, nil
}

// yamlProblem turns a YAML error ("yaml: line 3: …", "line 3: …") into
// a problem at its line.
func yamlProblem(err error) LayoutProblem {
	m := strings.TrimPrefix(err.Error(), "yaml: ")
	m = strings.TrimPrefix(m, "unmarshal errors:\n  ")
	if rest, ok := strings.CutPrefix(m, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				rest = rest[i+2:]
				return LayoutProblem{n, rest}
			}
		}
	}
	return LayoutProblem{0, m}
}

// lineOf returns the line of the value at the path of keys under the
// mapping n, or of the deepest key found on the way.
func lineOf(n *yaml.Node, keys ...string) int {
	line := n.Line
	for _, k := range keys {
		if n.Kind != yaml.MappingNode {
			return line
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				n, line, found = n.Content[i+1], n.Content[i].Line, true
				break
			}
		}
		if !found {
			return line
		}
	}
	return line
}

// check validates the layout and fills its defaults. Every length is a
// finite number from 0 to 1e5 points (Length); besides, the page is from
// 1 in to 200 in on a side; the margins leave a text block at least 30%
// of the page each way; every role has a known face and style, a size
// from 4 to 200 pt no larger than a third of the text block's width and
// a leading from 0.8 × size to a third of the text block's height; the
// running head and folio fit in the margin; vertical spaces are less
// than the text block's height and the indent less than half its width.
// Each problem is at the line of its key in node (the file's mapping).
func (l *Layout) check(node *yaml.Node) []LayoutProblem {
	var out []LayoutProblem
	add := func(line int, format string, a ...any) {
		out = append(out, LayoutProblem{line, fmt.Sprintf(format, a...)})
	}
	if l.Name == "" {
		l.Name = "custom"
	}
	w, h := float64(l.Page.Width), float64(l.Page.Height)
	for _, s := range []struct {
		key string
		v   float64
	}{{"width", w}, {"height", h}} {
		if s.v < 72 || s.v > MaxLayoutSide {
			add(lineOf(node, "page", s.key), "page.%s: %.1f pt is not between 72 pt (1 in) and %d pt (200 in)", s.key, s.v, MaxLayoutSide)
		}
	}
	if len(out) > 0 {
		return out // nothing else can be measured
	}
	m := l.Margins
	tw := w - float64(m.Inner+m.Outer)
	th := h - float64(m.Top+m.Bottom)
	if tw < 0.3*w {
		add(lineOf(node, "margins"), "margins: inner %.1f pt and outer %.1f pt leave a text block %.1f pt wide, less than 30%% of the page's %.1f pt", float64(m.Inner), float64(m.Outer), tw, w)
	}
	if th < 0.3*h {
		add(lineOf(node, "margins"), "margins: top %.1f pt and bottom %.1f pt leave a text block %.1f pt high, less than 30%% of the page's %.1f pt", float64(m.Top), float64(m.Bottom), th, h)
	}
	blockOK := len(out) == 0
	for _, r := range roles {
		t, ok := l.Text[r]
		if !ok {
			add(lineOf(node, "text"), "text: no type for role %q", r)
			continue
		}
		line := func(k string) int { return lineOf(node, "text", r, k) }
		switch t.Font {
		case "", "serif":
		default:
			add(line("font"), "text.%s: unknown font %q (known: serif)", r, t.Font)
		}
		switch t.Style {
		case "", "regular", "italic", "bold", "bold italic", "italic bold":
		default:
			add(line("style"), "text.%s: unknown style %q (known: regular, italic, bold, bold italic)", r, t.Style)
		}
		if t.Size < 4 || t.Size > 200 {
			add(line("size"), "text.%s: size %.1f pt is not between 4 and 200", r, t.Size)
			continue
		}
		if blockOK && float64(t.Size) > tw/3 {
			add(line("size"), "text.%s: size %.1f pt does not fit the text block (%.1f pt wide; at most a third of it)", r, t.Size, tw)
		}
		if t.Leading == 0 {
			t.Leading = t.Size * 1.25
		}
		if t.Leading < t.Size*0.8 {
			add(line("leading"), "text.%s: leading %.1f pt is less than 0.8 × size", r, t.Leading)
		} else if blockOK && float64(t.Leading) > th/3 {
			add(line("leading"), "text.%s: leading %.1f pt does not fit the text block (%.1f pt high; at most a third of it)", r, t.Leading, th)
		}
		l.Text[r] = t
	}
	sp := l.Spacing
	if blockOK {
		for _, s := range []struct {
			key string
			v   Length
		}{{"paragraph", sp.Paragraph}, {"quote", sp.Quote}, {"entry", sp.Entry}, {"heading", sp.Heading}, {"citation", sp.Citation}} {
			if float64(s.v) >= th/2 {
				add(lineOf(node, "spacing", s.key), "spacing.%s: %.1f pt is not less than half the text block's height (%.1f pt)", s.key, float64(s.v), th)
			}
		}
		if float64(sp.Indent) >= tw/2 {
			add(lineOf(node, "spacing", "indent"), "spacing.indent: %.1f pt is not less than half the text block's width (%.1f pt)", float64(sp.Indent), tw)
		}
		if room := float64(max(m.Top, m.Bottom)); float64(sp.Running) > room {
			add(lineOf(node, "spacing", "running"), "spacing.running: %.1f pt puts the running head and folio off the page (the larger of the top and bottom margins is %.1f pt)", float64(sp.Running), room)
		}
	}
	if l.ContentsEntries < 0 {
		add(lineOf(node, "contents_entries"), "contents_entries: %d is negative", l.ContentsEntries)
	}
	if l.ContentsEntries == 0 {
		l.ContentsEntries = 500
	}
	return out
}

// italic and bold report the style flags of a role's type.
func (t Type) italic() bool { return strings.Contains(t.Style, "italic") }
func (t Type) bold() bool   { return strings.Contains(t.Style, "bold") }
