package raster

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/internal/shaping"
)

var (
	update = flag.Bool("update", false, "rewrite testdata/golden.txt")
	outDir = flag.String("out", "", "also write the test images to this folder, to look at them")
)

func typesetter(t testing.TB) *Typesetter {
	t.Helper()
	ts, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// samples are one text per script the cards and covers must draw.
var samples = map[string]struct {
	text, lang string
	rtl        bool
}{
	"latin":      {"The office affixed a fjord: “quoted” text, wrapped over lines.", "en", false},
	"greek":      {"Ἐν ἀρχῇ ἦν ὁ λόγος, καὶ ὁ λόγος ἦν πρὸς τὸν θεόν.", "grc", false},
	"arabic":     {"بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ، والعلم نور.", "ar", true},
	"hebrew":     {"בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם", "he", true},
	"chinese":    {"学而时习之，不亦说乎？有朋自远方来，不亦乐乎？", "zh", false},
	"devanagari": {"क्षत्रिय श्रद्धा द्वार हिन्दी भाषा", "hi", false},
}

// ink returns the bounding box of the pixels darker than mid-grey and
// their number.
func ink(img *image.RGBA) (image.Rectangle, int) {
	var box image.Rectangle
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if img.RGBAAt(x, y).R < 128 {
				n++
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box, n
}

func render(t testing.TB, ts *Typesetter, b Block, w, h int) (*image.RGBA, *Layout) {
	t.Helper()
	img := NewImage(w, h, color.White)
	l := ts.Layout(b)
	l.Draw(img, 20, 20, color.Black)
	return img, l
}

func save(t testing.TB, name string, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := EncodePNG(&buf, img); err != nil {
		t.Fatal(err)
	}
	if *outDir != "" {
		if err := os.WriteFile(filepath.Join(*outDir, name+".png"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestEveryScriptIsDrawn(t *testing.T) {
	ts := typesetter(t)
	for name, s := range samples {
		img, l := render(t, ts, Block{Spans: []Span{{Text: s.text}}, Size: 32, MaxWidth: 560, Lang: s.lang}, 600, 400)
		save(t, name, img)
		if len(l.Missing) > 0 {
			t.Errorf("%s: no face has %q", name, string(l.Missing))
		}
		box, n := ink(img)
		if n < 1500 {
			t.Errorf("%s: only %d dark pixels: the text is not drawn", name, n)
		}
		// Inside the block: 20..580 wide, top at 20.
		if box.Min.X < 19 || box.Max.X > 581 || box.Min.Y < 10 {
			t.Errorf("%s: ink %v outside the block", name, box)
		}
		for _, ln := range l.Lines {
			if ln.Width > 560 {
				t.Errorf("%s: line %q is %.1f px wide, over 560", name, ln.Text, ln.Width)
			}
		}
		if l.Lines[0].RTL != s.rtl {
			t.Errorf("%s: paragraph RTL = %v, want %v", name, l.Lines[0].RTL, s.rtl)
		}
		// Start alignment: right-to-left text hugs the right edge, the
		// rest the left one.
		if s.rtl && box.Max.X < 560 {
			t.Errorf("%s: right-to-left text ends at x=%d, not at the right edge (580)", name, box.Max.X)
		}
		if !s.rtl && box.Min.X > 30 {
			t.Errorf("%s: text starts at x=%d, not at the left edge (20)", name, box.Min.X)
		}
	}
}

// glyphs returns the glyph IDs of a layout's first line, in drawing order.
func glyphs(l *Layout) []uint16 {
	var out []uint16
	for _, r := range l.Lines[0].Runs {
		for _, g := range r.Glyphs {
			out = append(out, g.ID)
		}
	}
	return out
}

func TestArabicIsJoinedAndRightToLeft(t *testing.T) {
	ts := typesetter(t)
	// "بب" joined: the two letters take their final and initial forms,
	// drawn right to left: the initial form (first in logical order) is
	// drawn last.
	joined := ts.Layout(Block{Spans: []Span{{Text: "بب"}}, Size: 40})
	iso := ts.Layout(Block{Spans: []Span{{Text: "ب"}}, Size: 40})
	g, one := glyphs(joined), glyphs(iso)
	if len(g) != 2 || len(one) != 1 {
		t.Fatalf("glyphs %v and %v", g, one)
	}
	if g[0] == one[0] || g[1] == one[0] || g[0] == g[1] {
		t.Errorf("beh beh is not joined: glyphs %v, isolated beh %v", g, one)
	}
	// Drawn: the left glyph is the final form of the second letter.
	first := ts.Layout(Block{Spans: []Span{{Text: "بت"}}, Size: 40})
	if fg := glyphs(first); fg[1] != g[1] {
		t.Errorf("first letter is not drawn rightmost: %v vs %v", fg, g)
	}
}

func TestMixedDirectionsKeepTheirOrder(t *testing.T) {
	ts := typesetter(t)
	// An English paragraph with a Hebrew word: the Hebrew word is
	// reversed in place, the English stays left to right.
	l := ts.Layout(Block{Spans: []Span{{Text: "one שלום two"}}, Size: 20})
	var text []string
	for _, r := range l.Lines[0].Runs {
		text = append(text, fmt.Sprintf("%s:%v", r.Face.Family, r.RTL()))
	}
	if len(l.Lines[0].Runs) < 3 || !l.Lines[0].Runs[1].RTL() || l.Lines[0].Runs[0].RTL() {
		t.Errorf("runs %v", text)
	}
}

func TestWrapsAtWordsWithinWidth(t *testing.T) {
	ts := typesetter(t)
	text := strings.Repeat("Words wrap at spaces and never split in two. ", 6)
	l := ts.Layout(Block{Spans: []Span{{Text: text}}, Size: 20, MaxWidth: 300})
	if len(l.Lines) < 4 || l.Split {
		t.Fatalf("%d lines, split %v", len(l.Lines), l.Split)
	}
	var all []string
	for _, ln := range l.Lines {
		if ln.Width > 300 {
			t.Errorf("line %q is %.1f px", ln.Text, ln.Width)
		}
		if strings.HasPrefix(ln.Text, " ") || strings.HasSuffix(ln.Text, " ") {
			t.Errorf("line %q keeps its spaces", ln.Text)
		}
		all = append(all, ln.Text)
	}
	if got := strings.Join(all, " "); got != strings.TrimSpace(text) {
		t.Errorf("lines lose text: %q", got)
	}
	if h := float32(len(l.Lines)) * 20 * 1.35; l.Height != h {
		t.Errorf("height %v, want %v", l.Height, h)
	}
	// A word longer than the measure is split, and says so.
	long := ts.Layout(Block{Spans: []Span{{Text: "Pneumonoultramicroscopicsilicovolcanoconiosis"}}, Size: 20, MaxWidth: 150})
	if !long.Split || len(long.Lines) < 2 {
		t.Errorf("long word: split %v, %d lines", long.Split, len(long.Lines))
	}
	// Chinese breaks between ideographs.
	zh := ts.Layout(Block{Spans: []Span{{Text: samples["chinese"].text}}, Size: 20, MaxWidth: 150})
	if zh.Split || len(zh.Lines) < 3 {
		t.Errorf("chinese: split %v, %d lines", zh.Split, len(zh.Lines))
	}
	// Newlines end lines; a blank line stays.
	nl := ts.Layout(Block{Spans: []Span{{Text: "one\n\ntwo"}}, Size: 20})
	if len(nl.Lines) != 3 || nl.Lines[1].Text != "" {
		t.Errorf("newlines: %d lines", len(nl.Lines))
	}
	half := ts.Layout(Block{Spans: []Span{{Text: "one\n\ntwo"}}, Size: 20, BlankLine: 0.5})
	if lead := half.LineHeight(); half.Height != 2.5*lead || half.Lines[2].Y != 1.5*lead {
		t.Errorf("half blank line: height %v, third line at %v (line height %v)", half.Height, half.Lines[2].Y, lead)
	}
}

func TestStylesAndAlignment(t *testing.T) {
	ts := typesetter(t)
	l := ts.Layout(Block{Spans: []Span{{Text: "Roman "}, {Text: "Italic", Style: shaping.Style{Italic: true}}}, Size: 20, MaxWidth: 400, Align: AlignCenter})
	runs := l.Lines[0].Runs
	if len(runs) != 2 || runs[0].Face.Italic || !runs[1].Face.Italic {
		t.Fatalf("runs %+v", runs)
	}
	if x := l.Lines[0].X; x < 100 || x+l.Lines[0].Width > 300 || x != (400-l.Lines[0].Width)/2 {
		t.Errorf("centred line at %v, width %v", x, l.Lines[0].Width)
	}
	r := ts.Layout(Block{Spans: []Span{{Text: "right"}}, Size: 20, MaxWidth: 400, Align: AlignRight})
	if ln := r.Lines[0]; ln.X+ln.Width != 400 {
		t.Errorf("right-aligned line ends at %v", ln.X+ln.Width)
	}
}

func TestFitChoosesTheLargestSizeThatFits(t *testing.T) {
	ts := typesetter(t)
	b := Block{Spans: []Span{{Text: strings.Repeat("A quotation that has to fit. ", 8)}}, MaxWidth: 500}
	l, ok := ts.Fit(b, 300, 10, 80)
	if !ok || l.Height > 300 || l.Widest > 500 || l.Split {
		t.Fatalf("fit: ok %v, height %v, widest %v", ok, l.Height, l.Widest)
	}
	b.Size = l.Size() + 0.5
	if bigger := ts.Layout(b); bigger.Height <= 300 && !bigger.Split {
		t.Errorf("size %v fits, %v was chosen", b.Size, l.Size())
	}
	if _, ok := ts.Fit(b, 10, 10, 80); ok {
		t.Errorf("fits in 10 px")
	}
	short, ok := ts.Fit(Block{Spans: []Span{{Text: "Hi"}}, MaxWidth: 500}, 300, 10, 80)
	if !ok || short.Size() != 80 {
		t.Errorf("short text at %v", short.Size())
	}
}

// TestGolden pins the bytes of the images: drawing is deterministic, and
// a change in shaping, layout or filling shows here (look at the images
// with -out DIR, then -update).
func TestGolden(t *testing.T) {
	ts := typesetter(t)
	var names []string
	for n := range samples {
		names = append(names, n)
	}
	sort.Strings(names)
	var got strings.Builder
	for _, name := range names {
		s := samples[name]
		img, _ := render(t, ts, Block{Spans: []Span{{Text: s.text}}, Size: 28, MaxWidth: 460, Lang: s.lang, Align: AlignCenter}, 500, 300)
		a := save(t, "golden-"+name, img)
		img2, _ := render(t, typesetter(t), Block{Spans: []Span{{Text: s.text}}, Size: 28, MaxWidth: 460, Lang: s.lang, Align: AlignCenter}, 500, 300)
		var b bytes.Buffer
		if err := png.Encode(&b, img2); err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(a)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(img.Pix, img2.Pix) {
			t.Errorf("%s: two drawings differ", name)
		}
		fmt.Fprintf(&got, "%s %x\n", name, sha256.Sum256(a))
	}
	golden := filepath.Join("testdata", "golden-"+runtime.GOARCH+".txt")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if os.IsNotExist(err) {
		t.Skipf("no golden hashes for %s (floating-point fusion differs between architectures): run with -update", runtime.GOARCH)
	}
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("images changed (look at them with -out DIR, then -update):\ngot\n%swant\n%s", got.String(), want)
	}
}

func TestEncodeJPEG(t *testing.T) {
	img, _ := render(t, typesetter(t), Block{Spans: []Span{{Text: "JPEG"}}, Size: 40}, 200, 100)
	var a, b bytes.Buffer
	if err := EncodeJPEG(&a, img, 0); err != nil {
		t.Fatal(err)
	}
	if err := EncodeJPEG(&b, img, 90); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("quality 0 is not 90")
	}
	dec, err := jpeg.Decode(&a)
	if err != nil {
		t.Fatal(err)
	}
	if dec.Bounds().Dx() != 200 || dec.Bounds().Dy() != 100 {
		t.Errorf("size %v", dec.Bounds())
	}
}

// TestHangingListItems checks that with Hang a list item's lines after
// the first begin under its text, not under its bullet, in both
// directions, and that other paragraphs keep their edge.
func TestHangingListItems(t *testing.T) {
	ts := typesetter(t)
	item := "• " + strings.Repeat("An item long enough to wrap over several lines. ", 4)
	para := strings.Repeat("A paragraph long enough to wrap over several lines. ", 4)
	itemLines := ts.Layout(Block{Spans: []Span{{Text: item}}, Size: 20, MaxWidth: 300, Hang: true}).Lines
	paraLines := ts.Layout(Block{Spans: []Span{{Text: para}}, Size: 20, MaxWidth: 300, Hang: true}).Lines
	x := ts.Layout(Block{Spans: []Span{{Text: "x"}}, Size: 20}).Lines[0]
	bullet := ts.Layout(Block{Spans: []Span{{Text: "• x"}}, Size: 20}).Lines[0]
	bullet.Width -= x.Width
	if len(itemLines) < 3 || len(paraLines) < 3 {
		t.Fatalf("%d item lines, %d paragraph lines", len(itemLines), len(paraLines))
	}
	if itemLines[0].X != 0 || itemLines[0].Indent != 0 {
		t.Errorf("the bullet's line is at %.1f, want 0", itemLines[0].X)
	}
	for _, ln := range itemLines[1:] {
		if ln.Indent <= 0 || ln.X != ln.Indent {
			t.Errorf("item line %q at %.1f (indent %.1f), want under the text", ln.Text, ln.X, ln.Indent)
		}
		if d := ln.Indent - bullet.Width; d > 0.5 || d < -0.5 {
			t.Errorf("item line %q hangs by %.1f, the bullet and its space are %.1f wide", ln.Text, ln.Indent, bullet.Width)
		}
		if ln.Indent+ln.Width > 300 {
			t.Errorf("item line %q ends at %.1f, past the measure", ln.Text, ln.Indent+ln.Width)
		}
	}
	for _, ln := range paraLines {
		if ln.X != 0 {
			t.Errorf("paragraph line %q at %.1f, want 0", ln.Text, ln.X)
		}
	}
	// Without Hang, nothing moves.
	for _, ln := range ts.Layout(Block{Spans: []Span{{Text: item}}, Size: 20, MaxWidth: 300}).Lines {
		if ln.X != 0 {
			t.Errorf("without Hang, line %q at %.1f", ln.Text, ln.X)
		}
	}
	// Right to left: the indent is kept from the right edge.
	ar := ts.Layout(Block{Spans: []Span{{Text: "• " + strings.Repeat("هذا بند طويل بما يكفي ليلتف على عدة أسطر. ", 4)}}, Size: 20, MaxWidth: 300, Hang: true, Align: AlignStart})
	if len(ar.Lines) < 2 {
		t.Fatalf("arabic item: %d lines", len(ar.Lines))
	}
	for _, ln := range ar.Lines[1:] {
		if !ln.RTL || ln.Indent <= 0 || ln.X+ln.Width+ln.Indent > 300.5 || ln.X+ln.Width+ln.Indent < 299.5 {
			t.Errorf("arabic item line ends at %.1f with indent %.1f, want the indent from the right edge", ln.X+ln.Width, ln.Indent)
		}
	}
}

// TestBalancedLines checks that Balance evens out a paragraph's lines
// without adding one: a Chinese title breaks after its colon, not one
// character into its second half, and an English one keeps its line count
// with no line wider than before.
func TestBalancedLines(t *testing.T) {
	ts := typesetter(t)
	zh := "摘录之书：古今名句"
	size := float32(100)
	// a measure that holds six characters and a bit
	measure := 6.5 * size
	plain := ts.Layout(Block{Spans: []Span{{Text: zh}}, Size: size, MaxWidth: measure, Lang: "zh"})
	bal := ts.Layout(Block{Spans: []Span{{Text: zh}}, Size: size, MaxWidth: measure, Lang: "zh", Balance: true})
	if len(plain.Lines) != 2 || plain.Lines[0].Text != "摘录之书：古" {
		t.Fatalf("unbalanced lines %q, want the greedy break after 古", texts(plain))
	}
	if got := texts(bal); len(got) != 2 || got[0] != "摘录之书：" || got[1] != "古今名句" {
		t.Errorf("balanced lines %q, want [摘录之书： 古今名句]", got)
	}
	en := "Speeches, letters, poems and prose, from Homer to Tolstoy"
	plain = ts.Layout(Block{Spans: []Span{{Text: en}}, Size: 40, MaxWidth: 1240})
	bal = ts.Layout(Block{Spans: []Span{{Text: en}}, Size: 40, MaxWidth: 1240, Balance: true})
	if len(bal.Lines) != len(plain.Lines) || bal.Widest > plain.Widest || bal.Split {
		t.Errorf("balanced: %d lines, widest %.0f; unbalanced: %d lines, widest %.0f", len(bal.Lines), bal.Widest, len(plain.Lines), plain.Widest)
	}
	if d := bal.Lines[0].Width - bal.Lines[len(bal.Lines)-1].Width; len(bal.Lines) == 2 && (d > 200 || d < -200) {
		t.Errorf("balanced lines %q differ by %.0f px", texts(bal), d)
	}
}

func texts(l *Layout) []string {
	var out []string
	for _, ln := range l.Lines {
		out = append(out, ln.Text)
	}
	return out
}
