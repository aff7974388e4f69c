package importer

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Kindle's clippings: entries separated by a line of ten "=", each a
// title line "Title (Author)", a localised meta line ("- Your Highlight on
// page 12 | location 180-183 | Added on …"), a blank line and the text.

var (
	kindleHighlight = regexp.MustCompile(`(?i)highlight|markierung|surlignement|subrayado|evidenziazione|destaque|markering|выделенный|выделение|标注|标记|ハイライト|하이라이트`)
	kindleBookmark  = regexp.MustCompile(`(?i)bookmark|lesezeichen|signet|marcador|segnalibro|bladwijzer|закладка|书签|ブックマーク|북마크`)
	kindleNote      = regexp.MustCompile(`(?i)\bnote\b|notiz|\bnota\b|notitie|заметка|笔记|メモ|메모`)
	// The notice a Kindle writes in place of a highlight's text once the
	// publisher's clipping limit is reached. The English wording, "<You
	// have reached the clipping limit for this item>", is the one every
	// parser and users' files show; the others are the wordings other
	// parsers of localised files match (kindle-tools-ts), where they are
	// distinctive enough to stand without the brackets ("Vous avez
	// atteint la limite" opens sentences in novels). Any language is
	// recognised by the notice's shape (kindleClipNotice).
	kindleClipPhrase = regexp.MustCompile(`(?i)you have reached the clipping limit|has alcanzado el límite de recortes|você atingiu o limite de recortes|sie haben das markierungslimit erreicht|您已达到本书的剪贴限制|このアイテムのクリップ上限に達しました`)
	// kindleLimitWord is "limit" in the languages Kindles are set to.
	kindleLimitWord = regexp.MustCompile(`(?i)limit|limiet|límite|limite|grenze|лимит|предел|限制|上限|限額|한도|제한`)

	kindlePage = []*regexp.Regexp{
		regexp.MustCompile(`(?i)(?:\bpage|\bseite|página|\bpagina|странице|стр\.)\s+([0-9ivxlcdm]+(?:-[0-9ivxlcdm]+)?)\b`),
		regexp.MustCompile(`第\s*([0-9ivxlcdm]+(?:-[0-9ivxlcdm]+)?)\s*页`),
		regexp.MustCompile(`([0-9ivxlcdm]+(?:-[0-9ivxlcdm]+)?)\s*ページ`),
		regexp.MustCompile(`([0-9]+(?:-[0-9]+)?)\s*페이지`),
	}
	kindleLoc = regexp.MustCompile(`(?i)(?:location|\bloc\.|\bposition|\bpos\.|emplacement|posición|posizione|posição|locatie|месторасположении|месторасположение|позиция|позиции|месте|位置(?:no\.)?|위치)\s*#?\s*(\d+(?:\s*-\s*\d+)?)`)
)

// ReadKindle reads a Kindle "My Clippings.txt" in any of its languages
// and firmware wordings, or a notebook exported from a Kindle app (an
// HTML file: readKindleNotebook). Bookmarks are skipped; the clipping-limit notice
// is skipped with a warning; notes are attached to the highlight they
// were made on; exact duplicates are dropped and a highlight resized on
// the device is kept once, in its longest form.
func ReadKindle(path string) ([]*Source, []Problem, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("kindle: %w", err)
	}
	name := filepath.Base(path)
	if isKindleNotebook(data) {
		return readKindleNotebook(name, data)
	}
	var probs []Problem
	var clips []kindleClip
	var rec []string
	recLine := 1
	flush := func(next int) {
		defer func() { rec = nil; recLine = next }()
		// Drop leading blank lines (and BOMs).
		for len(rec) > 0 && strings.TrimSpace(rec[0]) == "" {
			rec = rec[1:]
			recLine++
		}
		if len(rec) == 0 {
			return
		}
		if len(rec) < 2 {
			probs = append(probs, Problem{Where: where(name, recLine), Message: "clipping has a title line but no \"- Your Highlight …\" line; skipped"})
			return
		}
		title, author := kindleTitle(rec[0])
		meta := rec[1]
		c := kindleClip{line: recLine, title: title, author: author}
		text := strings.TrimSpace(strings.Join(rec[2:], "\n"))
		if !strings.HasPrefix(strings.TrimSpace(meta), "-") {
			probs = append(probs, Problem{Where: where(name, recLine+1), Message: fmt.Sprintf("expected a line like \"- Your Highlight on page 12 | location 180-183 | Added on …\", found %q; clipping skipped", clipText(meta, 60))})
			return
		}
		switch c.kind = kindleKind(meta); c.kind {
		case "bookmark":
			return
		case "":
			probs = append(probs, Problem{Where: where(name, recLine+1), Message: fmt.Sprintf("unknown kind of clipping %q (not a highlight, note or bookmark); skipped", clipText(meta, 60))})
			return
		}
		if kindleClipNotice(text) {
			probs = append(probs, Problem{Where: where(name, recLine+3), Warning: true, Message: fmt.Sprintf("the Kindle stopped saving highlights of %q (the publisher's clipping limit); the text of this one is not in the file", title)})
			return
		}
		if text == "" {
			probs = append(probs, Problem{Where: where(name, recLine+1), Warning: true, Message: "empty " + c.kind + "; skipped"})
			return
		}
		c.where(meta)
		c.text = text
		clips = append(clips, c)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimRight(strings.ReplaceAll(sc.Text(), "\ufeff", ""), "\r")
		if strings.HasPrefix(strings.TrimSpace(l), "==========") {
			flush(line + 1)
			continue
		}
		rec = append(rec, l)
	}
	if err := sc.Err(); err != nil {
		return nil, probs, fmt.Errorf("kindle: %s: %w", name, err)
	}
	flush(line + 1)

	return kindleSources(name, clips), probs, nil
}

// kindleKind returns what the line that describes a clipping says it is,
// in any language: "highlight", "note", "bookmark", or "" when it says
// none of these.
func kindleKind(meta string) string {
	switch {
	case kindleBookmark.MatchString(meta):
		return "bookmark"
	case kindleHighlight.MatchString(meta):
		return "highlight"
	case kindleNote.MatchString(meta):
		return "note"
	}
	return ""
}

// kindleClip is a highlight or note as a Kindle records it, in My
// Clippings.txt or in a notebook exported from the Kindle app.
type kindleClip struct {
	line             int
	title, author    string
	publisher, date  string // as a notebook's citation gives them
	kind             string // highlight, note
	page, loc        string
	locStart, locEnd int
	text             string
}

// where reads the page and location of a clipping from the line that
// describes it ("- Your Highlight on page 12 | location 180-183 | …",
// "Highlight (yellow) - Page 12 · Location 180"), in any language.
func (c *kindleClip) where(meta string) {
	for _, re := range kindlePage {
		if m := re.FindStringSubmatch(meta); m != nil {
			c.page = m[1]
			break
		}
	}
	if m := kindleLoc.FindStringSubmatch(meta); m != nil {
		c.loc = expandRange(strings.ReplaceAll(m[1], " ", ""))
		c.locStart, c.locEnd = locRange(c.loc)
	}
}

// kindleSources groups clippings by book, in the order they come, each
// note attached to the highlight whose location range it ends in (the
// Kindle stores it at the highlight's last location, the app's notebook
// at its first), else kept on its own.
func kindleSources(name string, clips []kindleClip) []*Source {
	var sources []*Source
	byKey := map[string]*Source{}
	for _, c := range clips {
		key := "kindle:" + keyPart(c.title) + "|" + keyPart(c.author)
		s := byKey[key]
		if s == nil {
			s = &Source{Key: key, Title: c.title, Authors: splitAuthors(c.author), Publisher: c.publisher, Date: c.date, Type: "book"}
			byKey[key] = s
			sources = append(sources, s)
		}
		w := where(name, c.line)
		if c.kind == "highlight" {
			s.Highlights = append(s.Highlights, Highlight{Text: c.text, Page: c.page, Location: c.loc, Where: w})
			continue
		}
		// A note belongs to the highlight whose location range it ends
		// in (the Kindle stores it at the highlight's last location).
		attached := false
		for i := len(s.Highlights) - 1; i >= 0 && c.locStart > 0; i-- {
			h := &s.Highlights[i]
			start, end := locRange(h.Location)
			if start > 0 && c.locStart >= start && c.locStart <= end {
				h.Note = mergeNote(h.Note, c.text)
				attached = true
				break
			}
		}
		if !attached {
			s.Highlights = append(s.Highlights, Highlight{Note: c.text, Page: c.page, Location: c.loc, Where: w})
		}
	}
	return sources
}

// kindleTitle splits "Title (Series 1) (Author)" at its last balanced
// parenthesised group.
func kindleTitle(l string) (title, author string) {
	l = strings.TrimSpace(l)
	if !strings.HasSuffix(l, ")") {
		return l, ""
	}
	depth := 0
	for i := len(l) - 1; i >= 0; i-- {
		switch l[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				t := strings.TrimSpace(l[:i])
				if t == "" {
					return l, ""
				}
				return t, strings.TrimSpace(l[i+1 : len(l)-1])
			}
		}
	}
	return l, ""
}

// expandRange turns the old firmware's "145-46" into "145-146".
func expandRange(r string) string {
	a, b, ok := strings.Cut(r, "-")
	if !ok || len(b) >= len(a) {
		return r
	}
	return a + "-" + a[:len(a)-len(b)] + b
}

func locRange(loc string) (start, end int) {
	fmt.Sscanf(loc, "%d", &start)
	end = start
	if i := strings.IndexByte(loc, '-'); i >= 0 {
		fmt.Sscanf(loc[i+1:], "%d", &end)
	}
	return start, end
}

func clipText(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return string(r)
}

// kindleClipNotice reports whether a clipping's text is the Kindle's
// clipping-limit notice rather than a highlight: a known wording standing
// alone, or — in any language — a single line of at most 160 characters
// in angle brackets, as the notice is written, that speaks of a limit and
// is not markup (no = " / { }). A highlight that merely mentions a
// clipping limit, or is a tag, is kept.
func kindleClipNotice(text string) bool {
	t := strings.TrimSpace(text)
	if strings.ContainsAny(t, "\r\n") || utf8.RuneCountInString(t) > 160 {
		return false
	}
	inner := strings.TrimSuffix(strings.TrimPrefix(t, "<"), ">")
	if m := kindleClipPhrase.FindStringIndex(inner); m != nil && m[0] == 0 {
		return true
	}
	return len(inner) == len(t)-2 && !strings.ContainsAny(inner, "<>=\"/{}") && kindleLimitWord.MatchString(inner)
}
