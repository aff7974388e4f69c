package epub

import (
	"bytes"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

func TestConformance(t *testing.T) { rendertest.Run(t, Renderer{}) }

// TestOddEntriesEPUBCheck checks the conformance suite's odd entries with
// EPUBCheck and reads their XHTML for anything raw HTML could leave (the
// cover page is the one image).
func TestOddEntriesEPUBCheck(t *testing.T) {
	t.Parallel() // EPUBCheck is slow; let the checks overlap
	c := rendertest.LoadOdd(t)
	var warnings []model.Problem
	var buf bytes.Buffer
	if err := (Renderer{}).Render(&buf, c, rendertest.Options(&warnings)); err != nil {
		t.Fatal(err)
	}
	keepBook(t, "odd.epub", buf.Bytes())
	files, _ := unzip(t, buf.Bytes())
	for name, data := range files {
		if name == "EPUB/xhtml/cover.xhtml" {
			continue
		}
		low := strings.ToLower(data)
		for _, bad := range []string{"<script", `src="../../etc/passwd"`, "<div>raw", "<iframe", "<img"} {
			if strings.Contains(low, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
	epubcheck(t, "odd.epub", buf.Bytes())
}
