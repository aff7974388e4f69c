// Package raster sets text into images: quote cards, raster covers. It
// lays out blocks of text with the shaping of package internal/shaping
// (the same faces, fallback chain, Arabic joining, Indic conjuncts, bidi
// and line-break rules as the PDF book) and fills the glyph outlines with
// golang.org/x/image/vector, antialiased.
//
// Typical use:
//
//	ts, err := raster.New()                 // one per goroutine
//	img := raster.NewImage(1080, 1080, color.White)
//	l := ts.Layout(raster.Block{
//		Spans:    []raster.Span{{Text: "A quotation."}},
//		Size:     48, MaxWidth: 920, Align: raster.AlignCenter,
//	})
//	l.Draw(img, 80, 200, color.Black)       // x, y of the block's top left
//	err = raster.EncodePNG(w, img)
//
// Every length here is in pixels, y grows downwards. Output is
// deterministic: the same text, sizes and image give the same pixels (on
// one architecture: compilers may fuse floating-point operations
// differently elsewhere).
package raster

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"strings"
	"unicode"

	"github.com/go-text/typesetting/segmenter"
	"golang.org/x/image/vector"

	"github.com/commonplace-book/commonplace/internal/shaping"
)

// Span is a piece of text in one style. A newline in Text ends a line; a
// blank line (two newlines) leaves an empty line between paragraphs.
type Span struct {
	Text  string
	Style shaping.Style
}

// Align places lines in the block's width.
type Align uint8

// Alignments. AlignStart is the left for left-to-right paragraphs and the
// right for right-to-left ones; AlignEnd the other side.
const (
	AlignStart Align = iota
	AlignCenter
	AlignEnd
	AlignLeft
	AlignRight
)

// Block is text to set: spans in logical order, with one size and
// alignment.
type Block struct {
	Spans []Span
	// Size is the type size in pixels (the em). It must be positive.
	Size float32
	// LineHeight is the distance between baselines in multiples of
	// Size; 0 means 1.35.
	LineHeight float32
	// MaxWidth is the measure in pixels: lines break at the break
	// opportunities of UAX #14 to stay within it. 0 means no wrapping.
	MaxWidth float32
	// BlankLine is the height of an empty line (a blank line between
	// paragraphs) in multiples of the line height; 0 means 1.
	BlankLine float32
	Align     Align
	// Lang is the BCP 47 language of the text ("ar", "zh-Hans").
	Lang string
	// Dir is the base direction; shaping.Auto takes each paragraph's
	// from its first strong character.
	Dir shaping.Direction
	// Balance, when set, evens out the lengths of a paragraph's lines
	// (for titles): as few lines as at MaxWidth, set to the narrowest
	// measure that keeps that many.
	Balance bool
	// Hang, when set, sets list items with a hanging indent: in a
	// paragraph that starts with spaces and a bullet ("• "), the lines
	// after the first begin under the text that follows the bullet.
	Hang bool
}

// Layout is a block set into lines, ready to draw.
type Layout struct {
	// Lines are the lines top to bottom.
	Lines []Line
	// Width is the block's width: MaxWidth when it is set, else the
	// widest line. Height is the sum of the lines' heights: the line
	// height, BlankLine times it for an empty line.
	Width, Height float32
	// Widest is the width of the widest line.
	Widest float32
	// Split reports that a word longer than MaxWidth had to be broken
	// between two of its characters (a layout that fits should not).
	Split bool
	// Missing lists the characters no embedded face has (drawn as boxes).
	Missing []rune

	size, lead, ascent float32
}

// Line is one line of a Layout.
type Line struct {
	// Runs are in drawing order, left to right.
	Runs []shaping.Run
	// Text is the line's text in logical order.
	Text string
	// X is the line's left edge within the block (from its alignment
	// and Indent); Width is its advance width.
	X, Width float32
	// Indent is how far the line is set in from its start side (the
	// hanging indent of a list item's lines after the first).
	Indent float32
	// Y is the top of the line within the block.
	Y float32
	// RTL reports a right-to-left paragraph.
	RTL bool
}

// Typesetter lays out blocks. It is not safe for concurrent use: make one
// per goroutine (the faces are shared and parsed once).
type Typesetter struct {
	sh  *shaping.Shaper
	seg segmenter.Segmenter
}

// New returns a typesetter over the embedded faces.
func New() (*Typesetter, error) {
	reg, err := shaping.Default()
	if err != nil {
		return nil, fmt.Errorf("raster: %w", err)
	}
	return &Typesetter{sh: reg.NewShaper()}, nil
}

// piece is a rune range of a paragraph in one style.
type piece struct {
	start, end int
	style      shaping.Style
}

// Layout sets b into lines.
func (t *Typesetter) Layout(b Block) *Layout {
	size := b.Size
	if size <= 0 {
		size = 1
	}
	lh := b.LineHeight
	if lh <= 0 {
		lh = 1.35
	}
	serif := t.sh.Registry().Serif(shaping.Style{})
	l := &Layout{size: size, lead: lh * size}
	// The first baseline sits so that the serif face's ascender and
	// descender are centred in the line.
	l.ascent = (l.lead-(serif.Ascent()-serif.Descent())*size)/2 + serif.Ascent()*size
	for _, para := range paragraphs(b.Spans) {
		t.setParagraph(l, b, para)
	}
	blank := b.BlankLine
	if blank <= 0 {
		blank = 1
	}
	for i := range l.Lines {
		l.Lines[i].Y = l.Height
		if len(l.Lines[i].Runs) == 0 {
			l.Height += blank * l.lead
		} else {
			l.Height += l.lead
		}
	}
	l.Width = b.MaxWidth
	if l.Width <= 0 {
		l.Width = l.Widest
	}
	for i := range l.Lines {
		ln := &l.Lines[i]
		switch effectiveAlign(b.Align, ln.RTL) {
		case AlignCenter:
			ln.X = (l.Width - ln.Width) / 2
		case AlignRight:
			ln.X = l.Width - ln.Width - ln.Indent
		default:
			ln.X = ln.Indent
		}
	}
	return l
}

func effectiveAlign(a Align, rtl bool) Align {
	switch a {
	case AlignStart:
		if rtl {
			return AlignRight
		}
		return AlignLeft
	case AlignEnd:
		if rtl {
			return AlignLeft
		}
		return AlignRight
	}
	return a
}

// paragraph is the runes of one line of input and their styles.
type paragraph struct {
	text   []rune
	pieces []piece
}

// paragraphs splits spans at newlines.
func paragraphs(spans []Span) []paragraph {
	var out []paragraph
	cur := paragraph{}
	for _, sp := range spans {
		parts := strings.Split(strings.ReplaceAll(sp.Text, "\r\n", "\n"), "\n")
		for k, part := range parts {
			if k > 0 {
				out = append(out, cur)
				cur = paragraph{}
			}
			if part == "" {
				continue
			}
			start := len(cur.text)
			for _, r := range part {
				if r == '\t' || r == '\r' {
					r = ' '
				}
				cur.text = append(cur.text, r)
			}
			cur.pieces = append(cur.pieces, piece{start, len(cur.text), sp.Style})
		}
	}
	return append(out, cur)
}

// setParagraph breaks one paragraph into lines (greedily, at the UAX #14
// opportunities) and appends them to l.
func (t *Typesetter) setParagraph(l *Layout, b Block, p paragraph) {
	if len(p.text) == 0 {
		l.Lines = append(l.Lines, Line{})
		return
	}
	dir := b.Dir
	if dir == shaping.Auto {
		dir = firstStrong(p.text)
	}
	o := shaping.Options{Lang: b.Lang, Dir: dir}
	// The advance of each character, from the paragraph shaped whole
	// (a ligature's or cluster's advance goes to its first character).
	adv := make([]float32, len(p.text)+1)
	for _, pc := range p.pieces {
		for _, r := range t.sh.Shape(p.text[pc.start:pc.end], pc.style, o) {
			for _, g := range r.Glyphs {
				adv[pc.start+r.Start+int(g.Start)] += g.Advance * l.size
			}
			l.Missing = append(l.Missing, r.Missing...)
		}
	}
	brk := t.sh.Breaks(p.text)
	// cum[k] is the advance of text[:k].
	cum := make([]float32, len(p.text)+1)
	for k := range p.text {
		cum[k+1] = cum[k] + adv[k]
	}
	trim := func(i, j int) int {
		for j > i && unicode.IsSpace(p.text[j-1]) {
			j--
		}
		return j
	}
	width := func(i, j int) float32 { return cum[trim(i, j)] - cum[i] }
	n := len(p.text)
	// A list item's lines after the first hang under its text.
	var hang float32
	if b.Hang {
		k := 0
		for k < n && p.text[k] == ' ' {
			k++
		}
		if k+1 < n && p.text[k] == '•' && p.text[k+1] == ' ' && (b.MaxWidth <= 0 || cum[k+2] < b.MaxWidth/2) {
			hang = cum[k+2]
		}
	}
	// breaks returns where the lines end (greedily, each as full as the
	// measure allows), and whether a word had to be split.
	breaks := func(measure float32) (ends []int, split bool) {
		first := true
		for i := 0; i < n; {
			maxW := measure
			if !first {
				maxW -= hang
			}
			first = false
			end := -1
			for j := i + 1; j <= n; j++ {
				if j < n && brk[j] == shaping.NoBreak {
					continue
				}
				if measure > 0 && end >= 0 && width(i, j) > maxW {
					break
				}
				end = j
				if j < n && brk[j] == shaping.MustBreak {
					break
				}
			}
			if measure > 0 && width(i, end) > maxW {
				end = t.splitWord(p.text, adv, i, end, maxW)
				split = true
			}
			ends = append(ends, end)
			i = end
			for i < n && unicode.IsSpace(p.text[i]) {
				i++
			}
		}
		return ends, split
	}
	measure := b.MaxWidth
	ends, split := breaks(measure)
	if b.Balance && measure > 0 && len(ends) > 1 && !split {
		// the narrowest measure that takes no more lines: lines of even
		// length, the last no shorter than it must be (a title's
		// "摘录之书：/古今名句", not "摘录之书：古/今名句")
		lo, hi := measure/float32(len(ends)), measure
		for range 20 {
			mid := (lo + hi) / 2
			if e, sp := breaks(mid); !sp && len(e) <= len(ends) {
				hi = mid
			} else {
				lo = mid
			}
		}
		ends, split = breaks(hi)
	}
	l.Split = l.Split || split
	for k, i := 0, 0; k < len(ends); k++ {
		end := ends[k]
		indent := float32(0)
		if k > 0 {
			indent = hang
		}
		ln := t.line(p, i, trim(i, end), o, l.size)
		ln.Indent = indent
		l.Lines = append(l.Lines, ln)
		if w := ln.Width + indent; w > l.Widest {
			l.Widest = w
		}
		i = end
		for i < n && unicode.IsSpace(p.text[i]) {
			i++
		}
	}
}

// splitWord returns where to break the too-wide text[i:end]: after the
// last grapheme cluster that fits in maxW (after the first one, when none
// does).
func (t *Typesetter) splitWord(text []rune, adv []float32, i, end int, maxW float32) int {
	t.seg.Init(text[i:end])
	it := t.seg.GraphemeIterator()
	var w float32
	cut := -1
	for it.Next() {
		g := it.Grapheme()
		for k := range g.Text {
			w += adv[i+g.Offset+k]
		}
		if w > maxW && cut > 0 {
			break
		}
		cut = g.Offset + len(g.Text)
	}
	return i + cut
}

// line shapes text[i:j] of a paragraph as one line, in its paragraph's
// direction, and puts its runs in drawing order.
func (t *Typesetter) line(p paragraph, i, j int, o shaping.Options, size float32) Line {
	var runs []shaping.Run
	var w float32
	for _, pc := range p.pieces {
		a, z := max(pc.start, i), min(pc.end, j)
		if a >= z {
			continue
		}
		for _, r := range t.sh.Shape(p.text[a:z], pc.style, o) {
			runs = append(runs, r)
			w += r.Advance * size
		}
	}
	return Line{Runs: shaping.Visual(runs), Text: string(p.text[i:j]), RTL: o.Dir == shaping.RTL, Width: w}
}

// firstStrong returns the direction of text's first strong character
// (rules P2 and P3 of UAX #9, isolates not skipped), LTR when none.
func firstStrong(text []rune) shaping.Direction {
	for _, c := range text {
		switch {
		case c >= 0x0590 && c <= 0x08FF || c >= 0xFB1D && c <= 0xFDFF || c >= 0xFE70 && c <= 0xFEFE ||
			c >= 0x10800 && c <= 0x10FFF || c >= 0x1E800 && c <= 0x1EFFF:
			if unicode.IsLetter(c) {
				return shaping.RTL
			}
		case unicode.IsLetter(c):
			return shaping.LTR
		}
	}
	return shaping.LTR
}

// Size returns the type size the layout was set at, in pixels.
func (l *Layout) Size() float32 { return l.size }

// LineHeight returns the distance between baselines, in pixels.
func (l *Layout) LineHeight() float32 { return l.lead }

// Draw fills the layout's glyphs in colour c on dst, the block's top left
// corner at (x, y).
func (l *Layout) Draw(dst *image.RGBA, x, y float32, c color.Color) {
	// Glyphs may reach out of the block (marks, swashes) by about an em.
	pad := l.size * 1.5
	box := image.Rect(int(math.Floor(float64(x-pad))), int(math.Floor(float64(y-pad))),
		int(math.Ceil(float64(x+l.Width+pad))), int(math.Ceil(float64(y+l.Height+pad))))
	fill(dst, box, c, func(z *vector.Rasterizer, ox, oy float32) {
		for _, ln := range l.Lines {
			base := y - oy + ln.Y + l.ascent
			pen := x - ox + ln.X
			for _, r := range ln.Runs {
				scale := l.size / r.Face.UnitsPerEm()
				for _, g := range r.Glyphs {
					gx, gy := pen+g.XOffset*l.size, base-g.YOffset*l.size
					addOutline(z, r.Face.Outline(g.ID), gx, gy, scale)
					pen += g.Advance * l.size
				}
			}
		}
	})
}

// fill paints c on dst through the paths add gives, within box (clipped
// to dst): add draws in dst's coordinates less (ox, oy), box's corner.
func fill(dst *image.RGBA, box image.Rectangle, c color.Color, add func(z *vector.Rasterizer, ox, oy float32)) {
	box = box.Intersect(dst.Bounds())
	if box.Empty() {
		return
	}
	z := vector.NewRasterizer(box.Dx(), box.Dy())
	add(z, float32(box.Min.X), float32(box.Min.Y))
	z.Draw(dst, box, image.NewUniform(c), image.Point{})
}

// addOutline adds a glyph's outline (font units, y up) to z at pen
// position (x, y), y down.
func addOutline(z *vector.Rasterizer, segs []shaping.Segment, x, y, scale float32) {
	open := false
	pt := func(k int, s shaping.Segment) (float32, float32) {
		return x + s.Args[k].X*scale, y - s.Args[k].Y*scale
	}
	for _, s := range segs {
		switch s.Op {
		case shaping.MoveTo:
			if open {
				z.ClosePath()
			}
			z.MoveTo(pt(0, s))
			open = true
		case shaping.LineTo:
			z.LineTo(pt(0, s))
		case shaping.QuadTo:
			bx, by := pt(0, s)
			cx, cy := pt(1, s)
			z.QuadTo(bx, by, cx, cy)
		case shaping.CubeTo:
			bx, by := pt(0, s)
			cx, cy := pt(1, s)
			dx, dy := pt(2, s)
			z.CubeTo(bx, by, cx, cy, dx, dy)
		}
	}
	if open {
		z.ClosePath()
	}
}

// Fit lays b out at the largest size in [minSize, maxSize] (to a
// twentieth of a pixel) at which it fits within b.MaxWidth and height
// without splitting a word. It reports false, with the layout at minSize,
// when even that does not fit.
func (t *Typesetter) Fit(b Block, height, minSize, maxSize float32) (*Layout, bool) {
	fits := func(l *Layout) bool {
		return l.Height <= height && !l.Split && (b.MaxWidth <= 0 || l.Widest <= b.MaxWidth)
	}
	b.Size = minSize
	lo := t.Layout(b)
	if !fits(lo) {
		return lo, false
	}
	b.Size = maxSize
	if hi := t.Layout(b); fits(hi) {
		return hi, true
	}
	a, z := minSize, maxSize
	for z-a > 0.05 {
		m := (a + z) / 2
		b.Size = m
		if l := t.Layout(b); fits(l) {
			a, lo = m, l
		} else {
			z = m
		}
	}
	return lo, true
}

// FillRect fills the rectangle of top left (x, y), width w and height h
// with c, antialiased at fractional edges.
func FillRect(dst *image.RGBA, x, y, w, h float32, c color.Color) {
	box := image.Rect(int(math.Floor(float64(x))), int(math.Floor(float64(y))), int(math.Ceil(float64(x+w))), int(math.Ceil(float64(y+h))))
	fill(dst, box, c, func(z *vector.Rasterizer, ox, oy float32) {
		z.MoveTo(x-ox, y-oy)
		z.LineTo(x-ox+w, y-oy)
		z.LineTo(x-ox+w, y-oy+h)
		z.LineTo(x-ox, y-oy+h)
		z.ClosePath()
	})
}

// NewImage returns a w×h image filled with bg.
func NewImage(w, h int, bg color.Color) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	return img
}

// EncodePNG writes img as a PNG (the bytes depend only on the pixels).
func EncodePNG(w io.Writer, img image.Image) error {
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(w, img); err != nil {
		return fmt.Errorf("raster: png: %w", err)
	}
	return nil
}

// EncodeJPEG writes img as a baseline JPEG of the quality (1–100; 0 means
// 90).
func EncodeJPEG(w io.Writer, img image.Image, quality int) error {
	if quality <= 0 {
		quality = 90
	}
	if err := jpeg.Encode(w, img, &jpeg.Options{Quality: min(quality, 100)}); err != nil {
		return fmt.Errorf("raster: jpeg: %w", err)
	}
	return nil
}
