package pdf

import (
	"fmt"
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
	if err != nil || v < 0 || v > 1e5 {
		return 0, fmt.Errorf("%q is not a length (a number of points, or with mm, cm, in or pt)", s)
	}
	return v * unit, nil
}

// roles lists every role a layout must give a type for.
var roles = []string{"body", "verse", "commentary", "citation", "note", "heading", "group",
	"title", "subtitle", "compiler", "running", "folio", "contents", "index", "sources"}

// LoadLayout reads the layout called name from root's layouts/pdf/ folder,
// else from the embedded defaults, and checks it.
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
	var l Layout
	if err := yaml.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("pdf: layout %s: %w", src, err)
	}
	if err := l.check(); err != nil {
		return nil, fmt.Errorf("pdf: layout %s: %w", src, err)
	}
	return &l, nil
}

func (l *Layout) check() error {
	if l.Name == "" {
		l.Name = "custom"
	}
	if l.Page.Width < 72 || l.Page.Height < 72 {
		return fmt.Errorf("page is smaller than 1 in: %.1f × %.1f pt", l.Page.Width, l.Page.Height)
	}
	if float64(l.Margins.Inner+l.Margins.Outer) > 0.7*float64(l.Page.Width) ||
		float64(l.Margins.Top+l.Margins.Bottom) > 0.7*float64(l.Page.Height) {
		return fmt.Errorf("margins leave less than 30%% of the page for text")
	}
	for _, r := range roles {
		t, ok := l.Text[r]
		if !ok {
			return fmt.Errorf("text: no type for role %q", r)
		}
		switch t.Font {
		case "", "serif":
		default:
			return fmt.Errorf("text.%s: unknown font %q (known: serif)", r, t.Font)
		}
		switch t.Style {
		case "", "regular", "italic", "bold", "bold italic", "italic bold":
		default:
			return fmt.Errorf("text.%s: unknown style %q (known: regular, italic, bold, bold italic)", r, t.Style)
		}
		if t.Size < 4 || t.Size > 200 {
			return fmt.Errorf("text.%s: size %.1f pt is not between 4 and 200", r, t.Size)
		}
		if t.Leading == 0 {
			t.Leading = t.Size * 1.25
		}
		if t.Leading < t.Size*0.8 {
			return fmt.Errorf("text.%s: leading %.1f pt is less than 0.8 × size", r, t.Leading)
		}
		l.Text[r] = t
	}
	if l.ContentsEntries == 0 {
		l.ContentsEntries = 500
	}
	return nil
}

// italic and bold report the style flags of a role's type.
func (t Type) italic() bool { return strings.Contains(t.Style, "italic") }
func (t Type) bold() bool   { return strings.Contains(t.Style, "bold") }
