package pdf

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"

	"github.com/commonplace-book/commonplace/fonts"
)

// face is one of the embedded font faces, by role.
type face uint8

const (
	faceRegular face = iota
	faceItalic
	faceBold
	faceBoldItalic
	faceArabic
	faceCJK
	numFaces
)

// faceFiles are the embedded files of each face, indexed by face.
var faceFiles = [numFaces]string{
	fonts.SerifRegular, fonts.SerifItalic, fonts.SerifBold, fonts.SerifBoldItalic,
	fonts.Arabic, fonts.CJK,
}

// faceNames are the family names the faces are registered under in fpdf.
var faceNames = [numFaces]string{
	"NotoSerif", "NotoSerif-Italic", "NotoSerif-Bold", "NotoSerif-BoldItalic",
	"NotoNaskhArabic", "DroidSansFallback",
}

// metrics are the advance widths of a face's Basic Multilingual Plane
// characters in thousandths of an em, rounded the way fpdf rounds them, so
// that what is measured here is what fpdf draws. A zero width means the
// face has no glyph for the character; a glyph of zero advance is stored as
// zeroAdvance.
type metrics struct {
	w [0x10000]uint16
}

const zeroAdvance = 0xFFFF

// has reports whether the face has a glyph for r.
func (m *metrics) has(r rune) bool { return r >= 0 && r < 0x10000 && m.w[r] != 0 }

// adv returns r's advance in thousandths of an em (0 when missing).
func (m *metrics) adv(r rune) int {
	if r < 0 || r >= 0x10000 {
		return 0
	}
	w := m.w[r]
	if w == zeroAdvance {
		return 0
	}
	return int(w)
}

var (
	metricsOnce [numFaces]sync.Once
	metricsVal  [numFaces]*metrics
	metricsErr  [numFaces]error
)

// faceMetrics returns the metrics of f, parsed once per process.
func faceMetrics(f face) (*metrics, error) {
	metricsOnce[f].Do(func() {
		b, err := fonts.Bytes(faceFiles[f])
		if err == nil {
			metricsVal[f], err = parseMetrics(b)
		}
		if err != nil {
			metricsErr[f] = fmt.Errorf("pdf: font %s: %w", faceFiles[f], err)
		}
	})
	return metricsVal[f], metricsErr[f]
}

// parseMetrics reads the cmap (format 4, as fpdf does), hmtx and head
// tables of a TrueType font.
func parseMetrics(b []byte) (m *metrics, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("malformed font: %v", r)
		}
	}()
	be := binary.BigEndian
	u16 := func(off int) int { return int(be.Uint16(b[off:])) }
	u32 := func(off int) int { return int(be.Uint32(b[off:])) }
	tables := map[string]int{}
	n := u16(4)
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		tables[string(b[rec:rec+4])] = u32(rec + 8)
	}
	for _, t := range []string{"head", "hhea", "hmtx", "cmap", "maxp"} {
		if _, ok := tables[t]; !ok {
			return nil, fmt.Errorf("no %s table", t)
		}
	}
	unitsPerEm := u16(tables["head"] + 18)
	numHMetrics := u16(tables["hhea"] + 34)
	numGlyphs := u16(tables["maxp"] + 4)
	scale := 1000.0 / float64(unitsPerEm)
	hmtx := tables["hmtx"]
	advance := func(gid int) int {
		if gid >= numHMetrics {
			gid = numHMetrics - 1
		}
		return u16(hmtx + 4*gid)
	}
	cmap := tables["cmap"]
	sub := -1
	for i := 0; i < u16(cmap+2); i++ {
		rec := cmap + 4 + 8*i
		pid, eid := u16(rec), u16(rec+2)
		off := cmap + u32(rec+4)
		if (pid == 3 && eid == 1 || pid == 0) && u16(off) == 4 {
			sub = off
			break
		}
	}
	if sub < 0 {
		return nil, fmt.Errorf("no format 4 unicode cmap")
	}
	m = &metrics{}
	segX2 := u16(sub + 6)
	ends, starts, deltas, ranges := sub+14, sub+16+segX2, sub+16+2*segX2, sub+16+3*segX2
	for s := 0; s < segX2; s += 2 {
		end, start := u16(ends+s), u16(starts+s)
		delta, ro := u16(deltas+s), u16(ranges+s)
		for c := start; c <= end && c < 0xFFFF; c++ {
			var gid int
			if ro == 0 {
				gid = (c + delta) & 0xFFFF
			} else {
				gid = u16(ranges + s + ro + 2*(c-start))
				if gid != 0 {
					gid = (gid + delta) & 0xFFFF
				}
			}
			if gid == 0 || gid >= numGlyphs || c == 0 {
				continue
			}
			w := int(math.Round(scale * float64(advance(gid))))
			if w == 0 || w >= zeroAdvance {
				w = zeroAdvance
			}
			m.w[c] = uint16(w)
		}
	}
	return m, nil
}
