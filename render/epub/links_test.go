package epub

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// A javascript: link in an entry's link: field, in its body and in
// feed.link never reaches the book, and the book passes EPUBCheck.
func TestJavascriptLinksNeverReachTheBook(t *testing.T) {
	c := rendertest.LoadFiles(t, map[string]string{
		"commonplace.yaml": "title: Links\nfeed:\n  link: javascript:alert(3)\n",
		"e.md": "---\ntitle: E\nauthor: Ann Author\ndate: 2020\nlink: javascript:alert(1)\n---\n\n" +
			"\"A [link](javascript:alert(2)) and [another](JaVaScRiPt:alert(4)) in a quote.\"\n",
		"f.md": "---\ntitle: F\nauthor: Bo Author\ndate: 2021\nurl: \" javascript:alert(5)\"\n---\n\n\"Plain.\"\n",
	})
	var buf bytes.Buffer
	if err := (Renderer{}).Render(&buf, c, render.Options{Now: rendertest.Now}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Contains(strings.ToLower(string(data)), "javascript") {
			t.Errorf("%s holds a javascript: link", f.Name)
		}
	}
	epubcheck(t, "javascript-links.epub", buf.Bytes())
}
