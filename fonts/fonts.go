// Package fonts embeds the freely licensed TrueType fonts Commonplace uses
// (glyf outlines only, so that they embed as TrueType in a PDF and draw
// with a quadratic-curve rasteriser) and their licences.
//
//   - Noto Serif (regular, italic, bold, bold italic): the book face, for
//     Latin, polytonic Greek, Vietnamese and Cyrillic. SIL Open Font
//     License 1.1 (OFL.txt).
//   - Noto Naskh Arabic (regular, bold): Arabic and Persian. OFL.
//   - Noto Serif Hebrew, Noto Serif Devanagari, Noto Serif Thai (regular,
//     bold). OFL.
//   - Noto Sans Math: mathematical operators and arrows. OFL.
//   - Noto Sans Mono (regular, bold): code. OFL.
//   - Droid Sans Fallback: Chinese, Japanese and Korean. Apache License 2.0
//     (Apache-2.0.txt).
//   - Symbola: symbols, dingbats and emoji as monochrome outlines (Unicode
//     9). "Free for any use" (Symbola-LICENSE.txt).
//
// All come from Debian's fonts-noto-core, fonts-noto-mono,
// fonts-droid-fallback and fonts-symbola packages; COPYRIGHT.debian.txt
// keeps their copyright files.
package fonts

import (
	"embed"
	"fmt"
	"io/fs"
)

//go:embed *.ttf *.txt
var files embed.FS

// Face names a font file by role.
const (
	SerifRegular    = "NotoSerif-Regular.ttf"
	SerifItalic     = "NotoSerif-Italic.ttf"
	SerifBold       = "NotoSerif-Bold.ttf"
	SerifBoldItalic = "NotoSerif-BoldItalic.ttf"
	Arabic          = "NotoNaskhArabic-Regular.ttf"
	CJK             = "DroidSansFallback.ttf"
	ArabicBold      = "NotoNaskhArabic-Bold.ttf"
	Hebrew          = "NotoSerifHebrew-Regular.ttf"
	HebrewBold      = "NotoSerifHebrew-Bold.ttf"
	Devanagari      = "NotoSerifDevanagari-Regular.ttf"
	DevanagariBold  = "NotoSerifDevanagari-Bold.ttf"
	Thai            = "NotoSerifThai-Regular.ttf"
	ThaiBold        = "NotoSerifThai-Bold.ttf"
	Math            = "NotoSansMath-Regular.ttf"
	Mono            = "NotoSansMono-Regular.ttf"
	MonoBold        = "NotoSansMono-Bold.ttf"
	Symbols         = "Symbola.ttf"
)

// FS returns the embedded fonts and licence files.
func FS() fs.FS { return files }

// Bytes returns the contents of the named embedded font file. The bytes
// are the program's own, not a copy (fonts are megabytes, read at every
// start): callers must not modify them.
func Bytes(name string) ([]byte, error) {
	if b, ok := faceData[name]; ok {
		return b[:len(b):len(b)], nil
	}
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("fonts: %w", err)
	}
	return b, nil
}

// The font files, each in a variable of its own: the program's data
// holds them, where files.ReadFile would copy them onto the heap.
var faceData = map[string][]byte{
	SerifRegular:    serifRegular,
	SerifItalic:     serifItalic,
	SerifBold:       serifBold,
	SerifBoldItalic: serifBoldItalic,
	Arabic:          arabic,
	CJK:             cjk,
	ArabicBold:      arabicBold,
	Hebrew:          hebrew,
	HebrewBold:      hebrewBold,
	Devanagari:      devanagari,
	DevanagariBold:  devanagariBold,
	Thai:            thai,
	ThaiBold:        thaiBold,
	Math:            math,
	Mono:            mono,
	MonoBold:        monoBold,
	Symbols:         symbols,
}

//go:embed NotoSerif-Regular.ttf
var serifRegular []byte

//go:embed NotoSerif-Italic.ttf
var serifItalic []byte

//go:embed NotoSerif-Bold.ttf
var serifBold []byte

//go:embed NotoSerif-BoldItalic.ttf
var serifBoldItalic []byte

//go:embed NotoNaskhArabic-Regular.ttf
var arabic []byte

//go:embed DroidSansFallback.ttf
var cjk []byte

//go:embed NotoNaskhArabic-Bold.ttf
var arabicBold []byte

//go:embed NotoSerifHebrew-Regular.ttf
var hebrew []byte

//go:embed NotoSerifHebrew-Bold.ttf
var hebrewBold []byte

//go:embed NotoSerifDevanagari-Regular.ttf
var devanagari []byte

//go:embed NotoSerifDevanagari-Bold.ttf
var devanagariBold []byte

//go:embed NotoSerifThai-Regular.ttf
var thai []byte

//go:embed NotoSerifThai-Bold.ttf
var thaiBold []byte

//go:embed NotoSansMath-Regular.ttf
var math []byte

//go:embed NotoSansMono-Regular.ttf
var mono []byte

//go:embed NotoSansMono-Bold.ttf
var monoBold []byte

//go:embed Symbola.ttf
var symbols []byte

// Names returns the embedded font file names (.ttf only), sorted.
func Names() []string {
	m, _ := fs.Glob(files, "*.ttf")
	return m
}
