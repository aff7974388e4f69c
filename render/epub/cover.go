package epub

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxCover is the largest cover image read from a collection.
const maxCover = 32 << 20

// readCover reads the cover image named by rel, relative to the
// collection root. It refuses absolute paths, paths that climb out of the
// root, and symbolic links that resolve outside it, and accepts only the
// EPUB core image types (JPEG, PNG, GIF, SVG without scripts). It returns
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
		low := bytes.ToLower(data)
		if bytes.Contains(low, []byte("<script")) || bytes.Contains(low, []byte("foreignobject")) || bytes.Contains(low, []byte("<!entity")) {
			return nil, "", "", fmt.Errorf("%q contains scripts, foreign objects or entities", rel)
		}
		return data, "image/svg+xml", ".svg", nil
	}
	return nil, "", "", fmt.Errorf("%q is not a JPEG, PNG, GIF or SVG image", rel)
}

// coverSVG draws the generated cover: the title (and subtitle) set large
// on a plain ground with the compiler's name below, as an SVG image. The
// same settings always give the same bytes.
func coverSVG(title, subtitle, compiler, lang string) []byte {
	const w, h = 1600, 2560
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="1600" height="2560" viewBox="0 0 1600 2560"`)
	if lang != "" {
		b.WriteString(` xml:lang="` + lang + `"`)
	}
	b.WriteString(">\n<title>")
	esc(&b, title)
	b.WriteString("</title>\n")
	b.WriteString(`<rect width="1600" height="2560" fill="#f4efe3"/>` + "\n")
	b.WriteString(`<rect x="80" y="80" width="1440" height="2400" fill="none" stroke="#7a2e1f" stroke-width="6"/>` + "\n")
	b.WriteString(`<rect x="104" y="104" width="1392" height="2352" fill="none" stroke="#7a2e1f" stroke-width="2"/>` + "\n")

	lines := wrap(title, 16)
	size := 150
	for _, l := range lines {
		// Keep the longest line within about 1200 units (a glyph is
		// roughly 0.55 em wide; CJK glyphs are a full em).
		if wd := textWidth(l); wd*size > 1200*100 {
			size = 1200 * 100 / wd
		}
	}
	size = max(size, 40)
	lead := size * 125 / 100
	y := 900 - (len(lines)-1)*lead/2
	writeText := func(s string, y, size int, fill, extra string) {
		b.WriteString(`<text x="800" y="` + strconv.Itoa(y) + `" font-family="'Noto Serif', Georgia, 'Times New Roman', serif" font-size="` + strconv.Itoa(size) + `" fill="` + fill + `" text-anchor="middle"` + extra + `>`)
		esc(&b, s)
		b.WriteString("</text>\n")
	}
	for i, l := range lines {
		writeText(l, y+i*lead, size, "#2b2118", ` font-weight="bold"`)
	}
	y += (len(lines)-1)*lead + lead
	if subtitle != "" {
		for i, l := range wrap(subtitle, 30) {
			if i == 3 {
				break
			}
			writeText(l, y+i*90, 64, "#4a3b2c", ` font-style="italic"`)
		}
	}
	b.WriteString(`<line x1="650" y1="1900" x2="950" y2="1900" stroke="#7a2e1f" stroke-width="4"/>` + "\n")
	if compiler != "" {
		writeText(compiler, 2050, 72, "#2b2118", "")
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// textWidth estimates the width of s in hundredths of an em.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xff00 && r <= 0xff60) {
			w += 100
		} else {
			w += 58
		}
	}
	return max(w, 1)
}

// wrap breaks s into lines of about width characters at spaces; words
// longer than width (and unspaced CJK text) are cut.
func wrap(s string, width int) []string {
	var lines []string
	var cur []rune
	for _, word := range strings.Fields(s) {
		wr := []rune(word)
		for len(wr) > width+width/2 {
			if len(cur) > 0 {
				lines = append(lines, string(cur))
				cur = nil
			}
			lines = append(lines, string(wr[:width]))
			wr = wr[width:]
		}
		if len(cur) > 0 && len(cur)+1+len(wr) > width {
			lines = append(lines, string(cur))
			cur = nil
		}
		if len(cur) > 0 {
			cur = append(cur, ' ')
		}
		cur = append(cur, wr...)
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	if len(lines) > 6 {
		lines = lines[:6]
		last := []rune(lines[5])
		if utf8.RuneCountInString(lines[5]) > width-1 {
			last = last[:width-1]
		}
		lines[5] = string(last) + "…"
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}
