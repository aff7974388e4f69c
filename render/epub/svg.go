package epub

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxSVGDepth is the deepest element nesting an SVG cover may have.
const maxSVGDepth = 256

// errUnsafeSVG is wrapped by checkSVG's errors for what a reading system
// would run, fetch or embed: such a cover is an error, not a warning.
var errUnsafeSVG = errors.New("only plain drawings are taken as covers")

// checkSVG reports why data is not a plain SVG drawing, or nil when it is
// one: well-formed XML whose root is svg, with no document type
// declaration (entities), no processing instruction but the XML
// declaration, no script, foreignObject, iframe, embed or object element,
// no event attribute (on…), no href or xlink:href to anything but an
// internal #id, and no url(…), @import or javascript: in a style that
// points anywhere but an internal #id. A reading system would otherwise
// run, fetch or embed what the collection's cover names. The line of the
// first problem is given.
func checkSVG(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	depth, root := 0, false
	bad := func(format string, a ...any) error {
		line, _ := d.InputPos()
		return fmt.Errorf("SVG line %d: %s; %w", line, fmt.Sprintf(format, a...), errUnsafeSVG)
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("not a well-formed SVG image: %w", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return bad("a document type declaration (<!%s…>) is not allowed", firstWord(string(t)))
		case xml.ProcInst:
			if t.Target != "xml" {
				return bad("processing instruction <?%s?> is not allowed", t.Target)
			}
		case xml.StartElement:
			depth++
			if depth > maxSVGDepth {
				return bad("elements nest more than %d deep (the limit)", maxSVGDepth)
			}
			name := strings.ToLower(t.Name.Local)
			if depth == 1 {
				if name != "svg" {
					return fmt.Errorf("not an SVG image: the root element is <%s>", t.Name.Local)
				}
				root = true
			}
			switch name {
			case "script", "foreignobject", "iframe", "embed", "object", "audio", "video", "handler", "listener":
				return bad("element <%s> is not allowed", t.Name.Local)
			case "style":
				// The text is checked as it comes (xml.CharData below).
			}
			for _, a := range t.Attr {
				an := strings.ToLower(a.Name.Local)
				switch {
				case strings.HasPrefix(an, "on"):
					return bad("event attribute %s on <%s> is not allowed", a.Name.Local, t.Name.Local)
				case an == "href" || an == "src":
					if !strings.HasPrefix(strings.TrimSpace(a.Value), "#") {
						return bad("<%s> refers to %q; only internal references (#id) are allowed", t.Name.Local, clipValue(a.Value))
					}
				case an == "style" || an == "fill" || an == "stroke" || an == "filter" || an == "mask" ||
					an == "clip-path" || strings.HasPrefix(an, "marker"):
					if why := badCSS(a.Value); why != "" {
						return bad("attribute %s on <%s> %s", a.Name.Local, t.Name.Local, why)
					}
				}
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if why := badCSS(string(t)); why != "" && depth > 0 {
				return bad("text %s", why)
			}
		}
	}
	if depth != 0 {
		return errors.New("not a well-formed SVG image: unclosed elements at its end")
	}
	if !root {
		return errors.New("not an SVG image: no svg element")
	}
	return nil
}

// badCSS says what in a style text points outside the image (url() to
// anything but #id, @import, javascript:), or "" when nothing does.
func badCSS(s string) string {
	low := strings.ToLower(s)
	if strings.Contains(low, "@import") {
		return "imports a style sheet"
	}
	if strings.Contains(low, "javascript:") {
		return "has a javascript: link"
	}
	for rest := low; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return ""
		}
		rest = rest[i+4:]
		arg := strings.TrimLeft(rest, " \t\n\r\"'")
		if !strings.HasPrefix(arg, "#") {
			return "refers to an external resource with url()"
		}
	}
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t\n\r"); i >= 0 {
		return s[:i]
	}
	return s
}

func clipValue(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
