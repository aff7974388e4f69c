package model

import (
	"bytes"
	"path"
	"regexp"
	"strings"
	"unicode"
)

// Notes kept in Obsidian often describe their source without front
// matter, or with little of it: Dataview's inline fields ("Author::
// [[Seneca]]", a line of their own, or a list item), the note's title as
// its first heading ("# Letters from a Stoic") or its file name ("Letters
// from a Stoic.md"). The loader reads them where the front matter says
// nothing of the kind (the front matter wins):
//
//   - inlineFields takes the fields' lines out of the body (they describe
//     the source, they are not commentary) and names them as the front
//     matter would (inlineKeys); a field the model does not know is kept
//     in Entry.Extra, as in front matter;
//   - titleHeading takes a first "# Heading" as the title;
//   - a file name with a space or a capital letter is the title when
//     nothing else gives one (a slug such as "walden" is not).
//
// A file without front matter is an entry when it has an author:: or
// title:: field; other notes of a vault stay skipped.

// inlineFieldRE is a Dataview inline field alone on its line, bare or as
// a list item: "Author:: Seneca", "- Year:: 65".
var inlineFieldRE = regexp.MustCompile(`^(?:[-*+][ \t]+)?([A-Za-z][A-Za-z0-9 _-]{0,40}?)[ \t]*::[ \t]*(.*?)[ \t]*$`)

// inlineKeys names inline fields as the front matter does; other keys are
// kept as they are (lower case, spaces as "-"), in Entry.Extra.
var inlineKeys = map[string]string{
	"author": "author", "authors": "author", "by": "author", "writer": "author", "creator": "author",
	"title": "title", "full title": "title", "book title": "title",
	"date": "date", "year": "date", "published": "date", "publication date": "date", "publication year": "date",
	"date published": "date", "year published": "date", "published date": "date",
	"publisher": "publisher", "translator": "translator", "translators": "translator", "translated by": "translator", "edited by": "editor",
	"editor": "editor", "editors": "editor", "url": "link", "link": "link", "source url": "link",
	"isbn": "isbn", "isbn13": "isbn", "isbn 13": "isbn", "isbn10": "isbn", "isbn 10": "isbn",
	"doi": "doi", "page": "pages", "pages": "pages", "volume": "volume", "issue": "issue",
	"type": "type", "category": "category", "tags": "tags", "tag": "tags", "topics": "tags",
	"lang": "lang", "language": "lang", "place": "place", "publication": "publication",
	"journal": "journal", "magazine": "magazine", "newspaper": "newspaper", "accessed": "accessed",
}

// frontAliases are the front-matter keys that say what an inline field's
// key says: the inline field gives way to any of them.
var frontAliases = map[string][]string{
	"author": {"author", "authors"}, "translator": {"translator", "translators"},
	"editor": {"editor", "editors"}, "link": {"link", "url"}, "pages": {"page", "pages"},
	"tags": {"tags", "tag", "keywords"}, "lang": {"lang", "language"},
	"publication": {"publication", "container", "journal", "magazine", "newspaper"},
	"journal":     {"publication", "container", "journal", "magazine", "newspaper"},
	"magazine":    {"publication", "container", "journal", "magazine", "newspaper"},
	"newspaper":   {"publication", "container", "journal", "magazine", "newspaper"},
}

// wikiList is a value that is only wiki links, separated by commas or
// semicolons: "[[Will Durant]], [[Ariel Durant]]", a list of names.
var wikiList = regexp.MustCompile(`^\[\[[^\[\]]+\]\](?:[ \t]*[,;][ \t]*\[\[[^\[\]]+\]\])+$`)

// inlineFields returns the Dataview inline fields of body, whose first
// line is file line bodyLine, that fields lacks, and body with the lines
// of all its inline fields left empty (the lines keep their places).
// Fields in code blocks and blockquotes are text.
func inlineFields(body []byte, bodyLine int, fields []field) ([]field, []byte) {
	if !bytes.Contains(body, []byte("::")) {
		return nil, body
	}
	lines := bytes.Split(body, []byte("\n"))
	var out []field
	var fence []byte
	changed := false
	for i, l := range lines {
		if fence != nil {
			if closesFence(l, fence) {
				fence = nil
			}
			continue
		}
		if f := openFence(l); f != nil {
			fence = f
			continue
		}
		if !bytes.Contains(l, []byte("::")) {
			continue
		}
		m := inlineFieldRE.FindSubmatch(l)
		if m == nil || len(m[2]) == 0 || bytes.HasPrefix(m[2], []byte(":")) {
			continue
		}
		name := strings.Join(strings.FieldsFunc(strings.ToLower(string(m[1])), func(r rune) bool { return r == ' ' || r == '_' || r == '-' }), " ")
		key, known := inlineKeys[name]
		if !known {
			key = strings.ReplaceAll(name, " ", "-")
		}
		lines[i] = lines[i][:0]
		changed = true
		if hasAnyField(fields, key) || hasAnyField(out, key) {
			continue // the front matter, or an earlier line, says it
		}
		value := string(m[2])
		var v any = value
		if wikiList.MatchString(value) {
			var names []any
			for _, n := range wikiLink.FindAllString(value, -1) {
				names = append(names, n)
			}
			v = names
		}
		if key == "tags" {
			var tags []any
			for _, t := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
				if t = strings.TrimPrefix(t, "#"); t != "" {
					tags = append(tags, t)
				}
			}
			v = tags
		}
		out = append(out, field{key: key, line: bodyLine + i, value: v, written: strings.TrimSpace(string(m[1])) + "::"})
	}
	if !changed {
		return nil, body
	}
	return out, bytes.Join(lines, []byte("\n"))
}

// hasAnyField reports whether fields has key or a key saying the same.
func hasAnyField(fields []field, key string) bool {
	if aliases, ok := frontAliases[key]; ok {
		for _, a := range aliases {
			if hasField(fields, a) {
				return true
			}
		}
		return false
	}
	return hasField(fields, key)
}

// inlineEntry reports whether a file without front matter is an entry:
// its body has an author:: or a title:: field.
func inlineEntry(body []byte, bodyLine int) bool {
	fields, _ := inlineFields(body, bodyLine, nil)
	return hasAnyField(fields, "author") || hasAnyField(fields, "title")
}

// titleHeadingRE is an ATX heading of level 1.
var titleHeadingRE = regexp.MustCompile(`^[ ]{0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)

// titleHeading returns the text of body's first heading when it is of
// level 1 and comes before anything else, its file line, and body
// without it; or "".
func titleHeading(body []byte, bodyLine int) (string, int, []byte) {
	for i, start := 0, 0; start < len(body); i++ {
		end := lineEnd(body, start)
		l := body[start:end]
		if len(bytes.TrimSpace(l)) > 0 {
			m := titleHeadingRE.FindSubmatch(l)
			if m == nil || len(bytes.TrimSpace(m[1])) == 0 {
				return "", 0, body
			}
			out := append(append([]byte(nil), body[:start]...), body[end:]...)
			return string(m[1]), bodyLine + i, out
		}
		start = end + 1
	}
	return "", 0, body
}

// sameTitle reports whether a heading says what the title says: the same
// words, whatever their case, their emphasis or wiki-link brackets, and
// the punctuation around them.
func sameTitle(heading, title string) bool {
	norm := func(s string) string {
		s = strings.Map(func(r rune) rune {
			switch r {
			case '*', '_', '[', ']', '`':
				return -1
			}
			return unicode.ToLower(r)
		}, s)
		return strings.Join(strings.Fields(strings.Trim(s, " .:;,!?")), " ")
	}
	return norm(heading) == norm(title)
}

// fileTitle returns the title a file's name gives, or "": a name with a
// space or a capital letter ("Letters from a Stoic.md"), not a slug
// ("walden.md", "2015-11-16-from-mumbai-to-paris.md").
func fileTitle(rel string) string {
	base := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
	if m := jekyllName.FindStringSubmatch(base); m != nil {
		return ""
	}
	if strings.ContainsFunc(base, func(r rune) bool { return r == ' ' || unicode.IsUpper(r) }) {
		return strings.TrimSpace(base)
	}
	return ""
}
