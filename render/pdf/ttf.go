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
	// spaceAdvance is the width of a space in each face, in ems.
	spaceAdvance [numFaces]float32
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
		for i, f := range fs {
			sp := f.Glyph(' ')
			if sp == 0 {
				sp = fs[0].Glyph(' ')
				spaceAdvance[i] = fs[0].Advance(sp)
				continue
			}
			spaceAdvance[i] = f.Advance(sp)
		}
	})
	return regVal, regErr
}
