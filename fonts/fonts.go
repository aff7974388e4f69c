// Package fonts embeds the freely licensed TrueType fonts Commonplace uses
// (glyf outlines only, which is what fpdf can read) and their licences.
//
//   - Noto Serif (regular, italic, bold, bold italic): the book face, for
//     Latin, polytonic Greek and Cyrillic. SIL Open Font License 1.1 (OFL.txt).
//   - Noto Naskh Arabic: Arabic and Persian, including the presentation
//     forms U+FB50–U+FEFF. SIL Open Font License 1.1 (OFL.txt).
//   - Droid Sans Fallback: Chinese, Japanese and Korean. Apache License 2.0
//     (Apache-2.0.txt).
//
// All come from Debian's fonts-noto-core and fonts-droid-fallback packages;
// COPYRIGHT.debian.txt keeps their copyright files.
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
)

// FS returns the embedded fonts and licence files.
func FS() fs.FS { return files }

// Bytes returns the contents of the named embedded font file.
func Bytes(name string) ([]byte, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("fonts: %w", err)
	}
	return b, nil
}

// Names returns the embedded font file names (.ttf only), sorted.
func Names() []string {
	m, _ := fs.Glob(files, "*.ttf")
	return m
}
