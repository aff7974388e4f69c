package epub

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // cover images
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/commonplace-book/commonplace/internal/raster"
	"github.com/commonplace-book/commonplace/internal/shaping"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/books"
)

// maxCover is the largest cover image read from a collection.
const maxCover = 32 << 20

// readCover reads the cover image named by rel, relative to the
// collection root. It refuses absolute paths, paths that climb out of the
// root, and symbolic links that resolve outside it, and accepts only the
// EPUB core image types (JPEG, PNG, GIF, and SVG when checkSVG finds a plain drawing). It returns
// the image, its media type and its file extension.
func readCover(root, rel string) (data []byte, mediaType, ext string, err error) {
	if root == "" {
		return nil, "", "", errors.New("the collection has no root folder")
	}
	slashed := filepath.ToSlash(rel)
	if filepath.IsAbs(rel) || strings.HasPrefix(slashed, "/") || filepath.VolumeName(rel) != "" {
		return nil, "", "", fmt.Errorf("%q is an absolute path; give a path inside the collection", rel)
	}
	for _, part := range strings.Split(slashed, "/") {
		if part == ".." {
			return nil, "", "", fmt.Errorf("%q leaves the collection folder", rel)
		}
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, "", "", err
	}
	realRoot, err := filepath.EvalSymlinks(absRoot)
	if err != nil {
		return nil, "", "", err
	}
	real, err := filepath.EvalSymlinks(filepath.Join(absRoot, filepath.FromSlash(slashed)))
	if err != nil {
		return nil, "", "", err
	}
	inside, err := filepath.Rel(realRoot, real)
	if err != nil || inside == ".." || strings.HasPrefix(inside, ".."+string(filepath.Separator)) || filepath.IsAbs(inside) {
		return nil, "", "", fmt.Errorf("%q resolves outside the collection folder", rel)
	}
	// Check before opening: opening a FIFO would block.
	if st, err := os.Stat(real); err != nil {
		return nil, "", "", err
	} else if !st.Mode().IsRegular() {
		return nil, "", "", fmt.Errorf("%q is not a regular file", rel)
	}
	f, err := os.Open(real)
	if err != nil {
		return nil, "", "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, "", "", err
	}
	if !st.Mode().IsRegular() {
		return nil, "", "", fmt.Errorf("%q is not a regular file", rel)
	}
	if st.Size() > maxCover {
		return nil, "", "", fmt.Errorf("%q is larger than %d MB", rel, maxCover>>20)
	}
	data, err = io.ReadAll(io.LimitReader(f, maxCover+1))
	if err != nil {
		return nil, "", "", err
	}
	if len(data) > maxCover {
		return nil, "", "", fmt.Errorf("%q is larger than %d MB", rel, maxCover>>20)
	}
	switch http.DetectContentType(data) {
	case "image/jpeg":
		return data, "image/jpeg", ".jpg", nil
	case "image/png":
		return data, "image/png", ".png", nil
	case "image/gif":
		return data, "image/gif", ".gif", nil
	}
	if strings.EqualFold(filepath.Ext(real), ".svg") && bytes.Contains(data, []byte("<svg")) {
		if err := checkSVG(data); err != nil {
			return nil, "", "", fmt.Errorf("%q: %w", rel, err)
		}
		return data, "image/svg+xml", ".svg", nil
	}
	return nil, "", "", fmt.Errorf("%q is not a JPEG, PNG, GIF or SVG image", rel)
}

// The generated cover's size: the 1:1.6 of the stores' guides (Kindle
// asks for 1600×2560).
const coverW, coverH = 1600, 2560

var (
	coverGround = color.RGBA{0xf4, 0xef, 0xe3, 0xff}
	coverFrame  = color.RGBA{0x7a, 0x2e, 0x1f, 0xff}
	coverInk    = color.RGBA{0x2b, 0x21, 0x18, 0xff}
	coverSoft   = color.RGBA{0x4a, 0x3b, 0x2c, 0xff}
)

// coverKey is what the generated cover is made from, as render.Keep
// takes it.
func coverKey(title, subtitle, compiler, lang string) string {
	return fmt.Sprintf("%q %q %q %q", title, subtitle, compiler, lang)
}

// keptCover returns coverImage's cover, kept in cache between runs
// (render.Keep): the characters missing, then the JPEG.
func keptCover(cache *model.Cache, title, subtitle, compiler, lang string) (data []byte, missing []rune, err error) {
	b, err := render.Keep(cache, "cover", coverKey(title, subtitle, compiler, lang), func() ([]byte, error) {
		data, missing, err := coverImage(title, subtitle, compiler, lang)
		if err != nil {
			return nil, err
		}
		m := string(missing)
		return slices.Concat(binary.AppendUvarint(nil, uint64(len(m))), []byte(m), data), nil
	})
	if err != nil {
		return nil, nil, err
	}
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return coverImage(title, subtitle, compiler, lang)
	}
	return b[k+int(n):], []rune(string(b[k : k+int(n)])), nil
}

// coverImage draws the generated cover as a 1600×2560 JPEG: the title set
// large, the subtitle under it and the compiler's name below a rule, in
// the book's faces, shaped (Arabic joined and right to left, Chinese and
// Japanese in their face), on a plain ground in a double frame. The same
// settings always give the same bytes. missing lists the characters no
// embedded face has (drawn as boxes).
func coverImage(title, subtitle, compiler, lang string) (data []byte, missing []rune, err error) {
	ts, err := raster.New()
	if err != nil {
		return nil, nil, fmt.Errorf("epub: cover: %w", err)
	}
	img := raster.NewImage(coverW, coverH, coverGround)
	frame := func(x, y, w, h, t float32) {
		raster.FillRect(img, x, y, w, t, coverFrame)
		raster.FillRect(img, x, y+h-t, w, t, coverFrame)
		raster.FillRect(img, x, y, t, h, coverFrame)
		raster.FillRect(img, x+w-t, y, t, h, coverFrame)
	}
	frame(80, 80, coverW-160, coverH-160, 6)
	frame(104, 104, coverW-208, coverH-208, 2)
	const measure = 1240
	block := func(text string, st shaping.Style, lines int) raster.Block {
		return raster.Block{Spans: []raster.Span{{Text: clip(text, 60*lines), Style: st}}, MaxWidth: measure,
			Align: raster.AlignCenter, Lang: lang, LineHeight: 1.25, Balance: true}
	}
	// The title, as large as fits a box above the middle.
	tl, _ := ts.Fit(block(title, shaping.Style{Bold: true}, 6), 1100, 56, 180)
	top := max(260, 960-tl.Height/2)
	tl.Draw(img, (coverW-measure)/2, top, coverInk)
	missing = append(missing, tl.Missing...)
	y := top + tl.Height + 70
	if strings.TrimSpace(subtitle) != "" {
		sl, _ := ts.Fit(block(subtitle, shaping.Style{Italic: true}, 3), max(1840-y, 120), 36, 76)
		sl.Draw(img, (coverW-measure)/2, y, coverSoft)
		missing = append(missing, sl.Missing...)
	}
	raster.FillRect(img, coverW/2-150, 1900, 300, 4, coverFrame)
	if strings.TrimSpace(compiler) != "" {
		cl, _ := ts.Fit(block(compiler, shaping.Style{}, 2), 260, 36, 84)
		cl.Draw(img, (coverW-measure)/2, 1980, coverInk)
		missing = append(missing, cl.Missing...)
	}
	var buf bytes.Buffer
	if err := raster.EncodeJPEG(&buf, img, 92); err != nil {
		return nil, nil, fmt.Errorf("epub: cover: %w", err)
	}
	return buf.Bytes(), missing, nil
}

// clip cuts s to at most n runes, ending with "…" when cut.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// The sizes stores ask of a cover image: Kindle's guide is 1600×2560
// pixels (1:1.6); Apple Books needs at least 1400 pixels on the short
// side; no store takes more than 10,000 on a side.
const (
	coverMinW, coverMinH = 1400, 2240
	coverMaxSide         = 10000
)

// coverProblems returns what stores will object to in a cover image
// (readCover's data and media type): a format they do not all take, a
// size under their minimum or over their maximum, a shape far from 1:1.6,
// or data that is not a readable image. unusable is set when the image
// cannot be used at all (the generated cover is used then).
func coverProblems(data []byte, mediaType string) (problems []string, unusable bool) {
	if mediaType == "image/svg+xml" {
		return []string{"an SVG cover is not shown by Kindle and some stores (as a thumbnail or at all); give a JPEG or PNG of 1600×2560 pixels, or leave epub.cover out for a generated one"}, false
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return []string{fmt.Sprintf("not a readable %s image (%v)", strings.TrimPrefix(mediaType, "image/"), err)}, true
	}
	if cfg.Width > coverMaxSide || cfg.Height > coverMaxSide {
		return []string{fmt.Sprintf("%d×%d pixels is more than stores take (%d on a side at most); give 1600×2560", cfg.Width, cfg.Height, coverMaxSide)}, false
	}
	if format == "gif" {
		problems = append(problems, "a GIF cover is refused by some stores; give a JPEG or PNG")
	}
	if cfg.Width < coverMinW || cfg.Height < coverMinH {
		problems = append(problems, fmt.Sprintf("%d×%d pixels is too small: stores ask for 1600×2560 (at least %d×%d)", cfg.Width, cfg.Height, coverMinW, coverMinH))
	}
	if cfg.Width > 0 {
		if r := float64(cfg.Height) / float64(cfg.Width); r < 1.3 || r > 1.9 {
			problems = append(problems, fmt.Sprintf("%d×%d pixels is 1:%.2f; stores show covers at 1:1.6 and crop or pad others", cfg.Width, cfg.Height, r))
		}
	}
	return problems, false
}

// coverJPEG returns the cover as a JPEG for stores that take it apart
// from the book: the collection's cover as it is when it is a JPEG,
// converted when it is a PNG or GIF, else the generated cover (with a
// warning saying why), kept in cache when it is set (keptCover). cover is
// the resolved epub.cover ("" for none).
func coverJPEG(c *model.Collection, cover string, cache *model.Cache, warn func(string, ...any)) ([]byte, error) {
	s := c.Settings.Defaults()
	lang := books.Lang(s.Language)
	if lang == "" {
		lang = "en"
	}
	if cover != "" {
		data, mt, _, err := readCover(c.Root, cover)
		switch {
		case err != nil:
			warn("%v; using a generated cover", err)
		case mt == "image/jpeg":
			if _, unusable := coverProblems(data, mt); !unusable {
				return data, nil
			}
			warn("%q is not a readable JPEG; using a generated cover", cover)
		case mt == "image/svg+xml":
			warn("%q is an SVG image, which cannot be written as a JPEG; using a generated cover", cover)
		default:
			if _, unusable := coverProblems(data, mt); unusable {
				warn("%q is not a readable image; using a generated cover", cover)
				break
			}
			if cfg, _, _ := image.DecodeConfig(bytes.NewReader(data)); cfg.Width*cfg.Height > coverMaxSide*coverMaxSide/2 {
				warn("%q is too large to convert (%d×%d pixels); using a generated cover", cover, cfg.Width, cfg.Height)
				break
			}
			img, _, err := image.Decode(bytes.NewReader(data))
			if err != nil {
				warn("%q: %v; using a generated cover", cover, err)
				break
			}
			var buf bytes.Buffer
			if err := raster.EncodeJPEG(&buf, img, 92); err != nil {
				return nil, fmt.Errorf("cover: %w", err)
			}
			return buf.Bytes(), nil
		}
	}
	data, missing, err := keptCover(cache, s.Title, s.Subtitle, s.Compiler, lang)
	if len(missing) > 0 {
		warn("no face has %q, drawn as a box on the generated cover", string(missing))
	}
	return data, err
}
