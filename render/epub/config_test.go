package epub

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"github.com/commonplace-book/commonplace/render/rendertest"
)

// pngOf returns a blank PNG of w×h pixels.
func pngOf(t *testing.T, w, h int) string {
	t.Helper()
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestParseConfig: the epub: section parsed, validated at its lines and
// resolved over the defaults; the old top-level keys still read, with a
// warning.
func TestParseConfig(t *testing.T) {
	good := map[string]string{"img/c.png": pngOf(t, 1600, 2560)}
	for _, tc := range []struct {
		rendertest.SettingsCase
		want Config
	}{
		{rendertest.SettingsCase{Name: "no file"}, Config{Theme: "default"}},
		{rendertest.SettingsCase{Name: "no section", YAML: "title: T\n"}, Config{Theme: "default"}},
		{rendertest.SettingsCase{Name: "set", YAML: "title: T\nepub:\n  theme: sans\n  cover: img/c.png\n  embed_fonts: true\n  certified_by: A Reviewer\n", Files: good},
			Config{Theme: "sans", Cover: "img/c.png", EmbedFonts: true, CertifiedBy: "A Reviewer"}},
		{rendertest.SettingsCase{Name: "embed_fonts false", YAML: "epub:\n  embed_fonts: false\n"}, Config{Theme: "default"}},
		{rendertest.SettingsCase{Name: "own theme", YAML: "epub:\n  theme: mine\n", Files: map[string]string{"layouts/epub/mine.css": "body { color: #123456 }\n"}},
			Config{Theme: "mine"}},
		{rendertest.SettingsCase{Name: "bad values", YAML: "title: T\nepub:\n  theme: nosuch\n  embed_fonts: 3\n  font: big\n",
			Problems: []string{"3: setting epub.theme: no theme \"nosuch\" (known: default, sans)", "4: setting epub.embed_fonts: \"3\" is not true or false",
				"5: warning: unknown setting \"font\" in epub (known: certified_by, cover, embed_fonts, theme)"}},
			Config{Theme: "nosuch"}},
		{rendertest.SettingsCase{Name: "outside", YAML: "epub:\n  theme: ../../x\n  cover: ../x.png\n",
			Problems: []string{"2: setting epub.theme: \"../../x\" leaves the collection's layouts folder",
				"3: setting epub.cover: \"../x.png\" leaves the collection folder"}},
			Config{Theme: "default"}},
		{rendertest.SettingsCase{Name: "small cover", YAML: "epub:\n  cover: img/s.png\n", Files: map[string]string{"img/s.png": pngOf(t, 100, 160)}, Problems: []string{
			"2: warning: setting epub.cover: \"img/s.png\": 100×160 pixels is too small"}},
			// used as it is, with the warning
			Config{Theme: "default", Cover: "img/s.png"}},
		{rendertest.SettingsCase{Name: "missing cover", YAML: "title: T\nepub:\n  cover: img/none.png\n", Problems: []string{
			"3: warning: setting epub.cover: "}},
			// Encode falls back to the generated cover
			Config{Theme: "default", Cover: "img/none.png"}},
		{rendertest.SettingsCase{Name: "deprecated", YAML: "title: T\ntheme: sans\ncover: img/c.png\nembed_fonts: true\ncertified_by: R\n", Files: good,
			Problems: []string{"2: warning: setting theme: deprecated, use epub.theme", "3: warning: setting cover: deprecated, use epub.cover",
				"4: warning: setting embed_fonts: deprecated, use epub.embed_fonts", "5: warning: setting certified_by: deprecated, use epub.certified_by"}},
			Config{Theme: "sans", Cover: "img/c.png", EmbedFonts: true, CertifiedBy: "R"}},
		{rendertest.SettingsCase{Name: "deprecated and new", YAML: "theme: sans\nepub:\n  theme: default\n",
			Problems: []string{"1: warning: setting theme: deprecated and ignored, epub.theme is set"}}, Config{Theme: "default"}},
	} {
		rendertest.CheckConfig(t, ParseConfig, tc.SettingsCase, tc.want)
	}
}

// TestConfigFlagOverride: a flag sets a resolved field either way
// (render --embed-fonts=false over epub.embed_fonts: true, --embed-fonts
// over none), and the book is then the one of a collection that says so.
func TestConfigFlagOverride(t *testing.T) {
	rendertest.CheckFlagOverride(t, rendertest.FlagOverride[Config]{
		Renderer: Renderer{}, Section: "epub", Parse: ParseConfig,
		OnYAML: "title: T\nepub:\n  embed_fonts: true\n",
		Get:    func(c Config) bool { return c.EmbedFonts },
		Set:    func(c *Config, v bool) { c.EmbedFonts = v },
		Flag:   "--embed-fonts", Setting: "epub.embed_fonts",
	})
}
