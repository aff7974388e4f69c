package pdf

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestOneTextObjectPerPage reads back the content of every page of books
// set from the samples and from entries with rules, links, italics,
// superscripts, notes and highlights, in both profiles: a page's text is
// one text object (BT … ET), closed only around a rule or a highlight; text objects never nest
// and are all closed by the page's end; no font or colour is set again
// to what it already is; and where each run of glyphs starts, as a PDF
// reader finds it by adding up the relative Td moves from the start of
// its text object, is exactly where the drawer placed it.
func TestOneTextObjectPerPage(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf not installed")
	}
	c := rendertest.LoadSamples(t)
	for i := range 40 {
		e := &model.Entry{Path: fmt.Sprintf("rules%02d.md", i), Slug: fmt.Sprintf("rules%02d", i), Title: fmt.Sprintf("Rules %d", i),
			Notes: []model.Note{{ID: fmt.Sprintf("rules%02d-fn-1", i), Label: "1", Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "A note under the page, in a smaller size."}}}}}},
			Quotes: []model.Quote{{Blocks: []model.Block{
				{Kind: "p", Runs: []model.Run{{Text: "Before the rule, "}, {Text: "highlighted words", Mark: true}, {Text: " "}, {Text: "in italic", Italic: true}, {Text: " and "}, {Text: "a link", Link: "https://example.org/"}, {Text: " then a note"}, {Note: fmt.Sprintf("rules%02d-fn-1", i)}, {Text: " and more words to fill the line and the next one too."}}},
				{Kind: "hr"},
				{Kind: "p", Runs: []model.Run{{Text: "After the rule, "}, {Text: "bold", Bold: true}, {Text: " and plain words set on as many lines as it takes to reach the end."}}},
				{Kind: "hr"},
			}}}}
		c.Entries = append(c.Entries, e)
	}
	for _, print := range []bool{false, true} {
		t.Run(fmt.Sprintf("print=%v", print), func(t *testing.T) {
			placed := map[int][][2]int64{}
			testHookPlaced = func(page int, x, y int64) {
				placed[page] = append(placed[page], [2]int64{x, y})
			}
			defer func() { testHookPlaced = nil }()
			var buf bytes.Buffer
			if err := Encode(&buf, c, &Options{Now: rendertest.Now, Config: &Config{Layout: "a5", Print: print}}); err != nil {
				t.Fatal(err)
			}
			pages := pageContents(t, buf.Bytes())
			if len(pages) < 10 {
				t.Fatalf("%d pages read back", len(pages))
			}
			rules := 0
			for n, content := range pages {
				got, r := readTextObjects(t, n, content)
				rules += r
				want := placed[n]
				if len(got) != len(want) {
					t.Errorf("page %d: %d runs of glyphs read back, %d drawn", n, len(got), len(want))
					continue
				}
				for k := range got {
					if got[k] != want[k] {
						t.Errorf("page %d, run %d: read back at %v (hundredths of a point), drawn at %v", n, k, got[k], want[k])
						break
					}
				}
			}
			if rules < 40 {
				t.Errorf("%d rules read back, want at least 40", rules)
			}
		})
	}
}

// pageContents returns the content of each page (numbered from 1) of the
// PDF doc, uncompressed, as qpdf's QDF form gives it.
func pageContents(t *testing.T, doc []byte) map[int][]byte {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "qdf.pdf")
	if err := os.WriteFile(in, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", in, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, msg)
	}
	qdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?s)%% Contents for page (\d+)\n.*?\nstream\n(.*?)endstream`)
	pages := map[int][]byte{}
	for _, m := range re.FindAllSubmatch(qdf, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		pages[n] = append(pages[n], m[2]...)
		pages[n] = append(pages[n], '\n')
	}
	return pages
}

// readTextObjects interprets the text operators of a page's content: it
// returns where each run of glyphs drawn after a Td starts (in hundredths
// of a point) and the number of rules stroked, and reports what breaks
// the page's form (nested or unclosed text objects, a path in a text
// object, more text objects than rules allow, a font or colour set again).
func readTextObjects(t *testing.T, page int, content []byte) (runs [][2]int64, rules int) {
	t.Helper()
	var (
		ops      []string
		inText   bool
		x, y     int64
		fresh    bool
		objects  int
		font     string
		color    string
		rise     = "0"
		rises    int
		reported bool
		saved    []string // colours saved by q
		filled   bool     // a path filled since the last q
		marks    int      // highlights drawn (q … re f … Q)
	)
	fail := func(format string, args ...any) {
		if !reported {
			t.Errorf("page %d: "+format, append([]any{page}, args...)...)
			reported = true
		}
	}
	hundredths := func(s string) int64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			fail("operand %q: %v", s, err)
		}
		return int64(math.Round(v * 100))
	}
	for _, tok := range contentTokens(content) {
		if !isOperator(tok) {
			ops = append(ops, tok)
			continue
		}
		switch tok {
		case "BT":
			if inText {
				fail("BT inside a text object")
			}
			inText, x, y = true, 0, 0
			objects++
		case "ET":
			if !inText {
				fail("ET outside a text object")
			}
			inText = false
		case "Ts":
			if len(ops) > 0 {
				rise = ops[len(ops)-1]
			}
		case "Td":
			if !inText || len(ops) < 2 {
				fail("Td outside a text object or without operands")
				break
			}
			if v, _ := strconv.ParseFloat(rise, 64); v != 0 {
				fail("a run of glyphs starts with the text rise still at %s", rise)
			}
			rises++
			x += hundredths(ops[len(ops)-2])
			y += hundredths(ops[len(ops)-1])
			fresh = true
		case "TJ", "Tj":
			if !inText {
				fail("%s outside a text object", tok)
			}
			if fresh {
				runs = append(runs, [2]int64{x, y})
				fresh = false
			}
		case "Tf":
			f := fmt.Sprint(ops)
			if inText && f == font {
				fail("font set again to %s", f)
			}
			font = f
		case "g", "rg":
			col := fmt.Sprint(ops, tok)
			if inText && col == color {
				fail("colour set again to %s", col)
			}
			color = col
		case "m", "l", "re", "f", "B", "b":
			if inText {
				fail("path operator %s in a text object", tok)
			}
			filled = filled || tok == "f"
		case "S":
			if inText {
				fail("path operator S in a text object")
			}
			rules++
		case "q", "Q":
			if inText {
				fail("%s in a text object", tok)
			}
			if tok == "q" {
				saved, filled = append(saved, color), false
			} else if len(saved) > 0 {
				color, saved = saved[len(saved)-1], saved[:len(saved)-1]
				if filled {
					marks++
				}
			}
		}
		ops = ops[:0]
	}
	if inText {
		fail("text object not closed at the page's end")
	}
	if v, _ := strconv.ParseFloat(rise, 64); v != 0 && rises > 0 {
		fail("the page ends with the text rise at %s", rise)
	}
	if objects > 1+rules+marks {
		fail("%d text objects for %d rules and %d highlights", objects, rules, marks)
	}
	return runs, rules
}

// isOperator reports whether a content token is an operator (not a
// number, name, string, array bracket or dictionary).
func isOperator(tok string) bool {
	switch c := tok[0]; {
	case c == '/' || c == '(' || c == '<' || c == '[' || c == ']' || c == '-' || c == '+' || c == '.':
		return false
	case c >= '0' && c <= '9':
		return false
	}
	return true
}

// contentTokens splits a content stream into tokens: literal strings
// (with their escapes), hex strings, dictionaries (whole), brackets,
// names, numbers and operators.
func contentTokens(b []byte) []string {
	var toks []string
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0:
			i++
		case c == '%':
			for i < len(b) && b[i] != '\n' {
				i++
			}
		case c == '(':
			j, depth := i+1, 1
			for ; j < len(b) && depth > 0; j++ {
				switch b[j] {
				case '\\':
					j++
				case '(':
					depth++
				case ')':
					depth--
				}
			}
			toks = append(toks, string(b[i:j]))
			i = j
		case c == '<' && i+1 < len(b) && b[i+1] == '<':
			j, depth := i, 0
			for j < len(b) {
				if j+1 < len(b) && b[j] == '<' && b[j+1] == '<' {
					depth++
					j += 2
				} else if j+1 < len(b) && b[j] == '>' && b[j+1] == '>' {
					depth--
					j += 2
					if depth == 0 {
						break
					}
				} else {
					j++
				}
			}
			toks = append(toks, string(b[i:j]))
			i = j
		case c == '<':
			j := bytes.IndexByte(b[i:], '>')
			if j < 0 {
				j = len(b) - i - 1
			}
			toks = append(toks, string(b[i:i+j+1]))
			i += j + 1
		case c == '[' || c == ']':
			toks = append(toks, string(c))
			i++
		default:
			j := i + 1
			for j < len(b) && !bytes.ContainsRune([]byte(" \n\r\t\f\x00()<>[]/%"), rune(b[j])) {
				j++
			}
			toks = append(toks, string(b[i:j]))
			i = j
		}
	}
	return toks
}

func TestAppendHundredths(t *testing.T) {
	for v, want := range map[int64]string{0: "0", 7: "0.07", -5: "-0.05", 100: "1", 1230: "12.3", -1230: "-12.3", 1207: "12.07", -100: "-1", 123456: "1234.56"} {
		if got := string(appendHundredths(nil, v)); got != want {
			t.Errorf("appendHundredths(%d) = %q, want %q", v, got, want)
		}
		if f, err := strconv.ParseFloat(want, 64); err != nil || int64(math.Round(f*100)) != v {
			t.Errorf("%q does not read back as %d hundredths", want, v)
		}
	}
}

// TestAppendTenths: the same bytes as strconv's one-decimal formatting,
// halfway values (exact and rounded onto by the multiplication), negative
// zeros and huge values included.
func TestAppendTenths(t *testing.T) {
	vals := []float64{0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.15, 0.25, -0.25, 0.35, 1.45, 2.675, -110.5, 17.6, 242.4,
		-12.5, 1e300, -1e17, math.Inf(1), math.NaN(), 0.95, 9.95, 99.95}
	r := uint64(1)
	for range 200000 {
		r = r*6364136223846793005 + 1442695040888963407
		v := float64(int64(r>>11)%2000000-1000000) / 1000 // three decimals: many near halves
		vals = append(vals, v, v/7, v*1000/8.5)
	}
	for _, v := range vals {
		if got, want := string(appendTenths(nil, v)), strconv.FormatFloat(v, 'f', 1, 64); got != want {
			t.Errorf("appendTenths(%v) = %q, want %q", v, got, want)
		}
	}
}
