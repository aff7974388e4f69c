package epub

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestBodyOrder: commentary is printed where it was written, the citation
// right after the last quote, commentary after it only when it came after
// it in the file.
func TestBodyOrder(t *testing.T) {
	src := "---\ntitle: Order\nauthor: Jane Austen\ndate: 1813\n---\n\nBEFORE one.\n\n\"QUOTE one,\n\nstill QUOTE one.\"\n\nBETWEEN the two.\n\n\"QUOTE two.\"\n\nAFTER all.\n"
	e, probs := model.ParseEntry("order.md", []byte(src))
	if e == nil {
		t.Fatalf("parse: %v", probs)
	}
	c := &model.Collection{Settings: model.Settings{Title: "T", Language: "en"}, Entries: []*model.Entry{e}}
	files, _ := unzip(t, encode(t, c, &Options{}))
	var page string
	for _, f := range files {
		if strings.Contains(f, "BETWEEN the two") {
			page = f
		}
	}
	if page == "" {
		t.Fatal("no page holds the entry")
	}
	var at []int
	for _, w := range []string{"BEFORE one", "QUOTE one", "still QUOTE one", "BETWEEN the two", "QUOTE two", `class="citation"`, "AFTER all"} {
		i := strings.Index(page, w)
		if i < 0 {
			t.Fatalf("%q missing", w)
		}
		if len(at) > 0 && i < at[len(at)-1] {
			t.Errorf("%q is out of order", w)
		}
		at = append(at, i)
	}
}
