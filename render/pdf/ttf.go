package pdf

import (
	"fmt"
	"sync"

	"github.com/commonplace-book/commonplace/internal/shaping"
)

// face is an embedded font face: its ID in the shaping registry.
type face uint8

// The faces this package names; the others are reached by fallback.
const (
	faceRegular    face = 0
	faceItalic     face = 1
	faceBold       face = 2
	faceBoldItalic face = 3
	faceArabic     face = 4
	faceCJK        face = 12
	faceMono       face = 14
	// numFaces is the number of faces in the registry.
	numFaces = 17
)

var (
	regOnce sync.Once
	regVal  *shaping.Registry
	regErr  error
)

// registry returns the embedded faces, checking that they are the ones
// this package names.
func registry() (*shaping.Registry, error) {
	regOnce.Do(func() {
		regVal, regErr = shaping.Default()
		if regErr != nil {
			return
		}
		fs := regVal.Faces
		if len(fs) != numFaces || fs[faceArabic].Role != shaping.RoleArabic || fs[faceCJK].Role != shaping.RoleCJK ||
			fs[faceMono].Role != shaping.RoleMono || fs[faceBoldItalic] != regVal.Serif(shaping.Style{Bold: true, Italic: true}) {
			regErr = fmt.Errorf("pdf: the font registry does not have the faces this package expects")
			return
		}
	})
	return regVal, regErr
}

// spaceAdvance returns the width of a space in face f of the registry, in
// ems: the face's own, else the first face's. It parses the face, so
// that it is called only for a face that is used (see shaper.spaceWidth):
// a Latin book never parses the Arabic and CJK faces.
func spaceAdvance(reg *shaping.Registry, f face) float32 {
	fs := reg.Faces
	if sp := fs[f].Glyph(' '); sp != 0 {
		return fs[f].Advance(sp)
	}
	return fs[0].Advance(fs[0].Glyph(' '))
}
