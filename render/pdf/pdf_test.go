package pdf

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

var keep = flag.String("keep", "", "write the test PDFs into this folder to look at them")

func keepFile(t *testing.T, name string, b []byte) {
	if *keep == "" {
		return
	}
	if err := os.MkdirAll(*keep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*keep, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestConformance(t *testing.T) {
	rendertest.Run(t, Renderer{})
}

func TestSamplesRender(t *testing.T) {
	c := rendertest.LoadSamples(t)
	var warnings []model.Problem
	o := &Options{Now: rendertest.Now, Warn: func(p model.Problem) { warnings = append(warnings, p) }}
	var buf bytes.Buffer
	if err := Encode(&buf, c, o); err != nil {
		t.Fatal(err)
	}
	keepFile(t, "samples.pdf", buf.Bytes())
	for _, w := range warnings {
		t.Logf("warning: %s", w)
	}
	buf.Reset()
	o.Config = &Config{Layout: "a5", Print: true}
	if err := Encode(&buf, c, o); err != nil {
		t.Fatal(err)
	}
	keepFile(t, "samples-print.pdf", buf.Bytes())
	buf.Reset()
	if err := Encode(&buf, rendertest.LoadOdd(t), &Options{Now: rendertest.Now, Warn: func(p model.Problem) { t.Logf("odd: %s", p) }}); err != nil {
		t.Fatal(err)
	}
	keepFile(t, "odd.pdf", buf.Bytes())
}
