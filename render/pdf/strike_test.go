package pdf

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// markBlockRE is what lineMarks draws for a line: fill colours and boxes
// between q and Q.
var markBlockRE = regexp.MustCompile(`q ((?:(?:[\d.]+ )+(?:g|rg)\n(?:[-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ re f\n)+)+)Q`)

// filled returns the boxes lineMarks draws on the pages of pdf (x0, y0,
// x1, y1, y up) whose fill colour keep accepts, and their colours:
// highlights in markColor or markColorPrint, the rules through struck
// text in the text's colours.
func filled(t *testing.T, pdf []byte, keep func(color string) bool) (colors []string, boxes []linkAnnot) {
	t.Helper()
	for _, content := range pageContents(t, pdf) {
		for _, m := range markBlockRE.FindAllSubmatch(content, -1) {
			color := ""
			for _, l := range strings.Split(strings.TrimSpace(string(m[1])), "\n") {
				if strings.HasSuffix(l, " g") || strings.HasSuffix(l, " rg") {
					color = l
					continue
				}
				if !keep(color) {
					continue
				}
				f := strings.Fields(l)
				var v [4]float64
				for i := range v {
					v[i], _ = strconv.ParseFloat(f[i], 64)
				}
				colors = append(colors, color)
				boxes = append(boxes, linkAnnot{rect: [4]float64{v[0], v[1], v[0] + v[2], v[1] + v[3]}})
			}
		}
	}
	return colors, boxes
}

// strikes returns the rules drawn through struck text and their colours.
func strikes(t *testing.T, pdf []byte) (colors []string, rules []linkAnnot) {
	t.Helper()
	return filled(t, pdf, func(c string) bool { return c != markColor && c != markColorPrint })
}

// TestStrikeThroughWords: struck-through text (~~text~~, <del>) has a
// rule through the middle of every word of it, one for each line it is
// set on, in the text's colour (a link's blue on screen, black in print),
// and no other word has one, highlighted or not.
func TestStrikeThroughWords(t *testing.T) {
	need(t, "pdftotext")
	need(t, "qpdf")
	struck := "alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa quebec romeo sierra tango uniform"
	src := "---\ntitle: Strikes\nauthor: A. Writer\n---\n\n" +
		"\"Before the rule ~~" + struck + "~~ and then ==*plain* words== after it, <del>victor</del> and [~~whiskey~~](https://example.org) set on to the end of the line.\"\n"
	e, probs := model.ParseEntry("strikes.md", []byte(src))
	if e == nil {
		t.Fatalf("parse: %v", probs)
	}
	inStrike := map[string]bool{"victor": true, "whiskey": true}
	for _, w := range strings.Fields(struck) {
		inStrike[w] = true
	}
	for _, print := range []bool{false, true} {
		c := &model.Collection{Settings: model.Settings{Title: "Strikes"}, Entries: []*model.Entry{e}}
		var buf bytes.Buffer
		if err := Encode(&buf, c, &Options{Config: &Config{Print: print}}); err != nil {
			t.Fatal(err)
		}
		colors, rules := strikes(t, buf.Bytes())
		if len(rules) < 4 {
			t.Fatalf("print=%v: %d rules, want one for each of the 2 or more lines, and for victor and whiskey", print, len(rules))
		}
		through := func(w wordBox) (string, bool) {
			cx := (w.x0 + w.x1) / 2
			for i, r := range rules {
				mid := (r.rect[1] + r.rect[3]) / 2
				h := w.y1 - w.y0
				if cx >= r.rect[0] && cx <= r.rect[2] && mid >= w.y0+0.25*h && mid <= w.y0+0.6*h {
					return colors[i], true
				}
			}
			return "", false
		}
		found := 0
		for _, w := range wordBoxes(t, buf.Bytes()) {
			word := strings.Trim(w.text, "“”\".,")
			color, ok := through(w)
			switch {
			case word == "Before" || word == "rule" || word == "then" || word == "plain" || word == "words" || word == "after" || word == "line":
				if ok {
					t.Errorf("print=%v: %q is struck through", print, w.text)
				}
			case inStrike[word]:
				found++
				want := colorOps[0]
				if word == "whiskey" && !print {
					want = colorOps[1]
				}
				if !ok {
					t.Errorf("print=%v: %q is not struck through", print, w.text)
				} else if color != want {
					t.Errorf("print=%v: %q is struck through in %q, want %q", print, w.text, color, want)
				}
			}
		}
		if found != len(inStrike) {
			t.Errorf("print=%v: found %d struck words, want %d", print, found, len(inStrike))
		}
	}
}
