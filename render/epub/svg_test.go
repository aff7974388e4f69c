package epub

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckSVG(t *testing.T) {
	const head = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="16">`
	for _, c := range []struct {
		name, svg, want string // want "" = accepted
	}{
		{"plain", head + `<defs><linearGradient id="g"/></defs><rect width="10" height="16" fill="url(#g)" style="stroke: url('#g')"/><use xlink:href="#g"/></svg>`, ""},
		{"declaration", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + head + `<circle r="3"/></svg>`, ""},
		{"script", head + "\n<script>alert(1)</script></svg>", "SVG line 2: element <script> is not allowed"},
		{"onload", head + `<rect onload="alert(1)"/></svg>`, "event attribute onload on <rect>"},
		{"upper event", head + `<rect ONCLICK="x"/></svg>`, "event attribute ONCLICK"},
		{"javascript href", head + `<a href="javascript:alert(1)"><rect/></a></svg>`, `refers to "javascript:alert(1)"`},
		{"xlink external", head + `<image xlink:href="http://example.com/x.png"/></svg>`, `refers to "http://example.com/x.png"`},
		{"file image", head + `<image href="/etc/passwd"/></svg>`, `only internal references`},
		{"foreignObject", head + `<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject></svg>`, "element <foreignObject> is not allowed"},
		{"entity", `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + head + `</svg>`, "document type declaration"},
		{"style import", head + `<style>@import url(http://x/y.css);</style></svg>`, "imports a style sheet"},
		{"style url", head + `<style>rect { fill: url(http://x/p.svg#a) }</style></svg>`, "external resource"},
		{"attr url", head + `<rect fill="url(https://x/#a)"/></svg>`, "external resource"},
		{"stylesheet pi", `<?xml-stylesheet href="http://x/s.css"?>` + head + `</svg>`, "processing instruction"},
		{"not svg", `<html/>`, "root element is <html>"},
		{"broken", head + `<rect>`, "not a well-formed SVG"},
		{"deep", head + strings.Repeat("<g>", 300) + strings.Repeat("</g>", 300) + `</svg>`, "nest more than 256 deep"},
	} {
		err := checkSVG([]byte(c.svg))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.want != "" && err == nil:
			t.Errorf("%s: accepted", c.name)
		case c.want != "" && !strings.Contains(err.Error(), c.want):
			t.Errorf("%s: error %q, want it to contain %q", c.name, err, c.want)
		}
	}
}

// An SVG cover with a script is refused by readCover (check reports it
// at epub.cover's line; the generated cover is used).
func TestReadCoverRefusesActiveSVG(t *testing.T) {
	dir := t.TempDir()
	svg := `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10" height="16"/>`
	if err := os.WriteFile(filepath.Join(dir, "cover.svg"), []byte(svg), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, _, err := readCover(dir, "cover.svg")
	if err == nil || !strings.Contains(err.Error(), `"cover.svg": SVG line 1: event attribute onload on <svg>`) {
		t.Fatalf("readCover: %v", err)
	}
}
