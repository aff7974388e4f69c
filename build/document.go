package build

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/commonplace-book/commonplace/internal/parallel"
	"github.com/commonplace-book/commonplace/model"
)

// DocumentVersion is the version of the Document format. It changes only
// when a field is removed or changes meaning; fields may be added.
const DocumentVersion = 1

// Document is the collection as an out-of-process renderer receives it
// on its standard input, in JSON: the `list --json` entries plus the
// settings and what the renderer is asked to write. Its JSON Schema is
// docs/collection.schema.json.
type Document struct {
	// Version is DocumentVersion.
	Version int `json:"version"`
	// Format is the name of the output being rendered.
	Format string `json:"format"`
	// Destination is the folder to write into, and File the main file's
	// name there. The renderer's working directory is the collection's
	// folder, Root.
	Destination string `json:"destination"`
	File        string `json:"file"`
	// Root is the collection's folder.
	Root string `json:"root"`
	// Now is the time to stamp outputs with (SOURCE_DATE_EPOCH), RFC
	// 3339 in UTC; "" means none was pinned.
	Now string `json:"now,omitempty"`
	// Style is the citation style of the entries' citations.
	Style string `json:"style"`
	// Settings are the collection's settings with defaults applied.
	Settings model.Settings `json:"settings"`
	// Entries are the entries in the collection's order.
	Entries []Entry `json:"entries"`
}

// Entry is an entry as `list --json` prints it and out-of-process
// renderers receive it: the model's fields plus conveniences for scripts
// (the plain text of each quote, the citation in the collection's style).
type Entry struct {
	*model.Entry
	Citation string  `json:"citation"`
	Quotes   []Quote `json:"quotes"`
}

// Quote is a quote of an Entry, with its plain text.
type Quote struct {
	model.Quote
	Text string `json:"text"`
	// Citation is the quote's own citation, when its location gives a
	// page the entry's citation lacks (model.CiteQuote).
	Citation string `json:"citation,omitempty"`
}

// NewEntry returns e as the interchange format shows it, cited in style.
func NewEntry(e *model.Entry, style string) Entry {
	cite, _ := model.Cite(e, style)
	je := Entry{Entry: e, Citation: model.Plain(cite), Quotes: make([]Quote, 0, len(e.Quotes))}
	for _, q := range e.Quotes {
		jq := Quote{Quote: q, Text: model.PlainBlocks(q.Blocks)}
		if c, err := model.CiteQuote(e, q, style); err == nil && model.Plain(c) != je.Citation {
			jq.Citation = model.Plain(c)
		}
		je.Quotes = append(je.Quotes, jq)
	}
	return je
}

// Entries returns every entry of c as NewEntry does.
func Entries(c *model.Collection, style string) []Entry {
	out := make([]Entry, 0, len(c.Entries))
	for _, e := range c.Entries {
		out = append(out, NewEntry(e, style))
	}
	return out
}

// NewDocument returns the Document for rendering c as format into the
// main file file of dest; style "" means the collection's.
func NewDocument(c *model.Collection, format, dest, file, style string, now time.Time) Document {
	s := c.Settings.Defaults()
	s.Labels = c.Labels()
	if style == "" {
		style = s.Style
	}
	d := Document{Version: DocumentVersion, Format: format, Destination: dest, File: file,
		Root: c.Root, Style: style, Settings: s, Entries: Entries(c, style)}
	if !now.IsZero() {
		d.Now = now.UTC().Format(time.RFC3339)
	}
	return d
}

// jsonWindow is how many entries WriteEntriesJSON encodes (and
// WriteEntriesText formats) at once: what it holds is their output.
const jsonWindow = 256

// WriteEntriesJSON writes the entries of c as `list --json` prints them:
// one JSON array, indented by two spaces, the bytes of encoding
// Entries(c, style) whole with HTML left unescaped. It does not hold
// every entry at once: entries are read whole (c.EntryAt) and encoded
// on every core, a window at a time, and written in order. It stops at
// the first entry that cannot be read, in order, and returns its error.
func WriteEntriesJSON(w io.Writer, c *model.Collection, style string) error {
	n, _ := c.Count()
	if n == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	// One encoder per place in the window, kept: an encoder reuses its
	// indentation buffer from entry to entry.
	type slot struct {
		buf bytes.Buffer
		enc *json.Encoder
	}
	slots := make([]slot, min(n, jsonWindow))
	for k := range slots {
		slots[k].enc = json.NewEncoder(&slots[k].buf)
		slots[k].enc.SetIndent("  ", "  ")
		slots[k].enc.SetEscapeHTML(false)
	}
	err := parallel.InOrder(n, jsonWindow, 4, func(i, k int) error {
		sl := &slots[k]
		sl.buf.Reset()
		e, err := c.EntryAt(i)
		if err != nil {
			return err
		}
		if i == 0 {
			sl.buf.WriteString("[\n  ")
		} else {
			sl.buf.WriteString(",\n  ")
		}
		if err := sl.enc.Encode(NewEntry(e, style)); err != nil {
			return err
		}
		sl.buf.Truncate(sl.buf.Len() - 1) // Encode's newline
		return nil
	}, func(i, k int) error {
		_, err := w.Write(slots[k].buf.Bytes())
		return err
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n]\n")
	return err
}

// WriteEntriesText writes c's entries to w as `commonplace list` prints
// them: for each entry a line with its path, authors (else "Anonymous"),
// title, date and number of quotes, tab-separated, then a line per quote,
// indented by two spaces, with its ID, path:line and the first 70
// characters of its text on one line. Entries are read whole (c.EntryAt)
// and formatted on every core, a window at a time, and written in order,
// so that memory does not grow with the collection. It stops at the first
// entry that cannot be read, in order, and returns its error.
func WriteEntriesText(w io.Writer, c *model.Collection) error {
	n, _ := c.Count()
	bufs := make([]bytes.Buffer, min(n, jsonWindow))
	return parallel.InOrder(n, jsonWindow, 4, func(i, k int) error {
		b := &bufs[k]
		b.Reset()
		e, err := c.EntryAt(i)
		if err != nil {
			return err
		}
		entryText(b, e)
		return nil
	}, func(i, k int) error {
		_, err := w.Write(bufs[k].Bytes())
		return err
	})
}

// entryText writes e as WriteEntriesText does.
func entryText(b *bytes.Buffer, e *model.Entry) {
	var names []string
	for _, a := range e.Authors {
		names = append(names, a.String())
	}
	who := strings.Join(names, ", ")
	if who == "" {
		who = "Anonymous"
	}
	quotes := "quotes"
	if len(e.Quotes) == 1 {
		quotes = "quote"
	}
	fmt.Fprintf(b, "%s\t%s\t%s\t%s\t%d %s\n", model.Safe(e.Path, 0), who, e.Title, e.Date, len(e.Quotes), quotes)
	for _, q := range e.Quotes {
		text := strings.Join(strings.Fields(model.PlainBlocks(q.Blocks)), " ")
		if r := []rune(text); len(r) > 70 {
			text = string(r[:69]) + "…"
		}
		fmt.Fprintf(b, "  %s\t%s:%d\t%s\n", q.ID, model.Safe(e.Path, 0), q.Line, text)
	}
}
