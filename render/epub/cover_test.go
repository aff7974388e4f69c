package epub

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// ink counts the pixels of img in r darker than the cover's ground.
func ink(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			if cr, _, _, _ := img.At(x, y).RGBA(); cr>>8 < 0xa0 {
				n++
			}
		}
	}
	return n
}

// TestGeneratedCover: the generated cover is a 1600×2560 JPEG marked
// cover-image and named by <meta name="cover">, its title, subtitle and
// compiler drawn in their places whatever the script, every character in
// a face, the same bytes every time.
func TestGeneratedCover(t *testing.T) {
	for _, c := range []struct{ lang, title, subtitle, compiler string }{
		{"en", "A Commonplace Book of Public-Domain Passages", "Passages worth keeping", "Jane Q. Reader"},
		{"ar", "كتاب المقتطفات المختارة", "نصوص تستحق الحفظ", "أحمد رشيد"},
		{"zh", "摘录簿：古今名句选", "值得留存的文字", "张三"},
		{"ja", "抜き書き帳", "", "山田太郎"},
		{"he", "ספר הציטוטים", "", "רות לוי"},
	} {
		data, missing, err := coverImage(c.title, c.subtitle, c.compiler, c.lang)
		if err != nil {
			t.Fatal(err)
		}
		if len(missing) > 0 {
			t.Errorf("%s: no face for %q", c.lang, string(missing))
		}
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", c.lang, err)
		}
		if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 2560 {
			t.Errorf("%s: cover is %v", c.lang, b)
		}
		if n := ink(img, image.Rect(180, 400, 1420, 1500)); n < 2000 {
			t.Errorf("%s: title area has %d dark pixels", c.lang, n)
		}
		if n := ink(img, image.Rect(180, 1980, 1420, 2240)); n < 200 {
			t.Errorf("%s: compiler area has %d dark pixels", c.lang, n)
		}
		again, _, _ := coverImage(c.title, c.subtitle, c.compiler, c.lang)
		if !bytes.Equal(data, again) {
			t.Errorf("%s: the cover differs between two runs", c.lang)
		}
		keepBook(t, "cover-"+c.lang+".jpg", data)
	}
	book := encode(t, fixture(), &Options{})
	files, _ := unzip(t, book)
	opf := files["EPUB/package.opf"]
	if !strings.Contains(opf, `<item id="cover-jpg" href="images/cover.jpg" media-type="image/jpeg" properties="cover-image"/>`) ||
		!strings.Contains(opf, `<meta name="cover" content="cover-jpg"/>`) {
		t.Errorf("the package document does not name the JPEG cover:\n%s", opf)
	}
	if _, err := jpeg.Decode(strings.NewReader(files["EPUB/images/cover.jpg"])); err != nil {
		t.Errorf("cover.jpg: %v", err)
	}
}

// widthOf returns the width of an encoded image.
func widthOf(data []byte) int {
	cfg, _, _ := image.DecodeConfig(bytes.NewReader(data))
	return cfg.Width
}

func encodeImage(t *testing.T, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(0, 0, color.Black)
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "jpeg":
		err = jpeg.Encode(&buf, img, nil)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestCoverChecks: check names, at epub.cover's line, what stores will
// object to in the collection's cover (format, size, shape, a file that
// is not an image or not there); a good one passes; the book uses the
// image as it is, or the generated cover when it cannot.
func TestCoverChecks(t *testing.T) {
	good := encodeImage(t, "jpeg", 1600, 2560)
	for _, c := range []struct {
		name string
		data []byte
		want []string // in the warnings, in order
		gen  bool     // the generated cover is used
	}{
		{"good.jpg", good, nil, false},
		{"small.png", encodeImage(t, "png", 500, 800), []string{"500×800 pixels is too small: stores ask for 1600×2560"}, false},
		{"square.png", encodeImage(t, "png", 2000, 2000), []string{"2000×2000 pixels is too small", "2000×2000 pixels is 1:1.00; stores show covers at 1:1.6"}, false},
		{"cover.gif", encodeImage(t, "gif", 1600, 2560), []string{"a GIF cover is refused by some stores"}, false},
		{"cover.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="16"/>`), []string{"an SVG cover is not shown by Kindle"}, false},
		{"broken.png", append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 64)...), []string{"not a readable png image", "the generated cover is used"}, true},
		{"missing.jpg", nil, []string{"missing.jpg", "the generated cover is used"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"commonplace.yaml": "title: Covers\nepub:\n  cover: img/" + c.name + "\n",
				"a.md":             "---\ntitle: A\nauthor: Jane Doe\n---\n\n> Text.\n",
			}
			if c.data != nil {
				files["img/"+c.name] = string(c.data)
			}
			writeFiles(t, dir, files)
			col := load(t, dir)
			_, probs := ParseConfig(col)
			var msgs []string
			for _, p := range probs {
				if p.Path != model.SettingsFile || p.Line != 3 || p.Severity != model.Warning {
					t.Errorf("problem %+v not a warning at commonplace.yaml:3", p)
				}
				msgs = append(msgs, p.Message)
			}
			all := strings.Join(msgs, "\n")
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("warnings %q lack %q", all, w)
				}
			}
			if c.want == nil && len(probs) > 0 {
				t.Errorf("a good cover: %q", all)
			}
			book := encode(t, col, &Options{Warn: func(model.Problem) {}})
			bf, _ := unzip(t, book)
			_, generated := bf["EPUB/images/cover.jpg"]
			if c.gen != (generated && c.name != "good.jpg") {
				t.Errorf("generated cover used: %v, want %v", generated, c.gen)
			}
			if !c.gen && c.data != nil && bf["EPUB/images/cover"+filepath.Ext(c.name)] != string(c.data) && !(c.name == "good.jpg" && bf["EPUB/images/cover.jpg"] == string(c.data)) {
				t.Errorf("the collection's cover was not used as it is")
			}
			// the cover of its own, for stores
			var out bytes.Buffer
			var warned []model.Problem
			if err := (Cover{}).Render(&out, col, render.Options{Warn: func(p model.Problem) { warned = append(warned, p) }}); err != nil {
				t.Fatal(err)
			}
			img, err := jpeg.Decode(bytes.NewReader(out.Bytes()))
			if err != nil {
				t.Fatalf("cover.jpg: %v", err)
			}
			switch {
			case c.name == "good.jpg":
				if !bytes.Equal(out.Bytes(), good) {
					t.Error("cover.jpg is not the collection's JPEG as it is")
				}
			case c.gen || c.name == "cover.svg":
				if img.Bounds().Dx() != 1600 || len(warned) == 0 || warned[0].Line != 3 {
					t.Errorf("cover.jpg: %v, warnings %+v", img.Bounds(), warned)
				}
			default:
				if b := img.Bounds(); b.Dx() != widthOf(c.data) {
					t.Errorf("cover.jpg is %v, not the converted collection cover", b)
				}
			}
		})
	}
}

// TestKeptCover: with a cache the generated cover is kept between runs
// (render.Keep) and the book is the same bytes as without; the book and
// cover.jpg use what is kept (a cover planted under its key), and the
// characters no face has are kept with it for the warning.
func TestKeptCover(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"commonplace.yaml": "title: Kept Covers\nsubtitle: Twice\ncompiler: Jane Doe\n",
		"a.md":             "---\ntitle: A\nauthor: Jane Doe\n---\n\n> Text.\n",
	})
	col := load(t, dir)
	plain := encode(t, col, &Options{})
	cache := &model.Cache{Dir: t.TempDir(), Version: "test"}
	for run := range 2 {
		if got := encode(t, col, &Options{Cache: cache}); !bytes.Equal(got, plain) {
			t.Fatalf("run %d with a cache: the book differs from the one without", run)
		}
		if kept, _ := filepath.Glob(filepath.Join(cache.Dir, "cover-*.kept")); len(kept) != 1 {
			t.Fatalf("run %d: kept %q, want one cover", run, kept)
		}
	}
	planted := encodeImage(t, "jpeg", 1600, 2560)
	s := col.Settings.Defaults()
	other := &model.Cache{Dir: t.TempDir(), Version: "test"}
	render.Keep(other, "cover", coverKey(s.Title, s.Subtitle, s.Compiler, "en"), func() ([]byte, error) {
		return append([]byte{0}, planted...), nil
	})
	bf, _ := unzip(t, encode(t, col, &Options{Cache: other}))
	if bf["EPUB/images/cover.jpg"] != string(planted) {
		t.Error("the book's cover is not the one kept")
	}
	var out bytes.Buffer
	if err := (Cover{}).Render(&out, col, render.Options{Cache: other}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), planted) {
		t.Error("cover.jpg is not the one kept")
	}
	// U+0F00 (Tibetan): in no embedded face
	for run := range 2 {
		data, missing, err := keptCover(cache, "Kept ༀ", "", "", "en")
		if err != nil || string(missing) != "ༀ" {
			t.Fatalf("run %d: missing %q, %v", run, string(missing), err)
		}
		if want, _, _ := coverImage("Kept ༀ", "", "", "en"); !bytes.Equal(data, want) {
			t.Fatalf("run %d: not the cover made", run)
		}
	}
}
