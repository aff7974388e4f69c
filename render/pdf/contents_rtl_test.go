package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestContentsRightToLeft: in a right-to-left book the contents are
// mirrored: each title flush right, its page number flush left, leaders
// between, and nothing drawn over anything else (a group's or the
// index's page number used to be drawn on its title).
func TestContentsRightToLeft(t *testing.T) {
	need(t, "pdftotext")
	var entries []*model.Entry
	for i, src := range []string{
		"---\ntitle: الخيل والليل\nauthor: المتنبي\ncategory: شعر\ndate: 0960\nlang: ar\n---\n\n> الخيلُ والليلُ والبيداءُ تعرفني\n",
		"---\ntitle: Sayings on Learning\nauthor: Confucius\ncategory: Philosophy\ndate: 1861\n---\n\n> Is it not pleasant to learn?\n",
	} {
		e, probs := model.ParseEntry("e"+strconv.Itoa(i)+".md", []byte(src))
		if e == nil {
			t.Fatalf("parse: %v", probs)
		}
		entries = append(entries, e)
	}
	c := &model.Collection{Settings: model.Settings{Title: "كتاب", Language: "ar", Group: "category"}, Entries: entries}
	var buf bytes.Buffer
	if err := Encode(&buf, c, &Options{}); err != nil {
		t.Fatal(err)
	}
	type word struct {
		x0, x1 float64
		text   string
	}
	rows := map[string][]word{}
	var order []string
	for _, w := range pdfWords(t, buf.Bytes(), "-f", "3", "-l", "3") {
		if _, ok := rows[w.y]; !ok {
			order = append(order, w.y)
		}
		rows[w.y] = append(rows[w.y], word{w.x0, w.x1, w.text})
	}
	found := 0
	for _, y := range order {
		ws := rows[y]
		var num *word
		rest := []word{}
		for i, w := range ws {
			if _, err := strconv.Atoi(w.text); err == nil && num == nil {
				num = &ws[i]
			} else if strings.Trim(w.text, ".") != "" {
				rest = append(rest, w)
			}
		}
		if num == nil || len(rest) == 0 {
			continue // the heading, the folio
		}
		found++
		for _, w := range rest {
			if w.x0 < num.x1+5 {
				t.Errorf("row %q: the page number %s (%.1f–%.1f) is not left of %q (%.1f–%.1f)", y, num.text, num.x0, num.x1, w.text, w.x0, w.x1)
			}
		}
	}
	if found < 4 { // two groups, two entries, the index and the sources
		t.Errorf("found %d contents rows with a page number on page 3", found)
	}
}

// pdfWord is a word pdftotext -bbox finds: its left and right edges, its
// top (as pdftotext writes it, the same for the words of a line) and its
// text.
type pdfWord struct {
	x0, x1 float64
	y      string
	text   string
}

// pdfWords returns the words of the PDF doc as pdftotext -bbox gives
// them, in its order; args are more pdftotext options (pages).
func pdfWords(t *testing.T, doc []byte, args ...string) []pdfWord {
	t.Helper()
	p := filepath.Join(t.TempDir(), "book.pdf")
	if err := os.WriteFile(p, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", append(append(args, "-bbox"), p, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	re := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)</word>`)
	var words []pdfWord
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		x0, _ := strconv.ParseFloat(m[1], 64)
		x1, _ := strconv.ParseFloat(m[3], 64)
		words = append(words, pdfWord{x0, x1, m[2], m[4]})
	}
	if len(words) == 0 {
		t.Fatalf("pdftotext found no words:\n%s", out)
	}
	return words
}
