package feed

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// Email is the "email" renderer: the quote of the day as an HTML
// fragment with inline styles, for pasting into a newsletter.
type Email struct{}

// Name returns "email".
func (Email) Name() string { return "email" }

// MediaType returns the media type of HTML.
func (Email) MediaType() string { return "text/html; charset=utf-8" }

// Extension returns ".html".
func (Email) Extension() string { return ".html" }

// Output declares email.html, built when asked for.
func (Email) Output() render.Output {
	return render.Output{File: "email.html", Section: "feed"}
}

// Render writes the fragment as EncodeEmail does.
func (Email) Render(w io.Writer, c *model.Collection, o render.Options) error {
	fo, err := options(c, o)
	if err != nil {
		return err
	}
	return EncodeEmail(w, c, fo)
}

// ParseConfig resolves the feed: section (see the package's ParseConfig).
func (Email) ParseConfig(c *model.Collection) (any, []model.Problem) { return ParseConfig(c) }

// PrepareKey returns the key of the shared schedule.
func (Email) PrepareKey() string { return prepareKey }

// Prepare resolves the run's schedule into the feed config's Issued.
func (Email) Prepare(c *model.Collection, o *render.Options) error { return prepareSchedule(c, o) }

// The inline styles of the email fragment. Mail clients drop <style>
// elements and classes, so every element carries its own; the fonts are
// ones every client has.
var emailStyles = map[string]string{
	"div":        "margin:0;padding:0;font-family:Georgia,'Times New Roman',Times,serif;color:#1f1d1a;",
	"blockquote": "margin:0 0 16px 0;padding:0 0 0 18px;border-left:4px solid #a86b2d;font-size:20px;line-height:1.5;",
	"rtl":        "margin:0 0 16px 0;padding:0 18px 0 0;border-right:4px solid #a86b2d;font-size:20px;line-height:1.5;text-align:right;",
	"p":          "margin:0 0 12px 0;",
	"ul":         "margin:0 0 12px 0;padding:0 0 0 24px;",
	"li":         "margin:0 0 4px 0;",
	"pre":        "margin:0 0 12px 0;font-family:Menlo,Consolas,'Courier New',monospace;font-size:15px;white-space:pre-wrap;",
	"hr":         "border:0;border-top:1px solid #d8d2c6;margin:12px 0;",
	"a":          "color:#8a5519;",
	"cite":       "margin:0 0 8px 0;font-size:15px;line-height:1.4;color:#5e584f;",
	"note":       "margin:0 0 6px 0;font-size:13px;line-height:1.4;color:#5e584f;",
	"link":       "margin:0;font-size:15px;",
	"mark":       "background-color:#ffec99;color:#000;",
	"table":      "border-collapse:collapse;margin:0 0 12px 0;font-size:16px;",
	"cell":       "padding:2px 10px 2px 0;border-bottom:1px solid #d8d2c6;vertical-align:top;",
}

// styler adds the inline styles to the tags blocksHTML and model.HTML
// write (none of their text holds a raw "<", so the tags are found
// exactly).
var styler = strings.NewReplacer(
	"<p>", `<p style="`+emailStyles["p"]+`">`,
	"<ul>", `<ul style="`+emailStyles["ul"]+`">`,
	"<ol>", `<ol style="`+emailStyles["ul"]+`">`,
	`<ol start=`, `<ol style="`+emailStyles["ul"]+`" start=`,
	"<li>", `<li style="`+emailStyles["li"]+`">`,
	"<pre>", `<pre style="`+emailStyles["pre"]+`">`,
	"<hr/>", `<hr style="`+emailStyles["hr"]+`"/>`,
	`<a href=`, `<a style="`+emailStyles["a"]+`" href=`,
	"<mark>", `<mark style="`+emailStyles["mark"]+`">`,
	"<table>", `<table style="`+emailStyles["table"]+`">`,
	`<th style="`, `<th style="`+emailStyles["cell"],
	`<td style="`, `<td style="`+emailStyles["cell"],
)

// EncodeEmail writes the quote of the window's last day (--date, default
// today) as a self-contained HTML fragment for newsletter tools: one
// <div> with inline styles only (no <style>, classes, scripts or images),
// holding the quote as a <blockquote> (its language and direction set,
// emphasis, links, lists and verse lines kept), its footnotes, the
// citation in the collection's style and a link to the day's page or the
// source. It is well-formed XHTML, so any HTML or XML parser reads it.
func EncodeEmail(w io.Writer, c *model.Collection, o *Options) error {
	s, err := newSetup(c, o)
	if err != nil {
		return err
	}
	p, err := s.dayPick()
	if err != nil {
		return err
	}
	frag, err := s.emailFragment(p)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, frag); err != nil {
		return fmt.Errorf("feed: write: %w", err)
	}
	return nil
}

// emailFragment returns the HTML fragment of a day (see EncodeEmail).
func (s *setup) emailFragment(p daily.Pick) (string, error) {
	var h strings.Builder
	lang := html.EscapeString(s.settings.Language)
	h.WriteString(`<div lang="` + lang + `" style="` + emailStyles["div"] + `">` + "\n")
	if !p.Found() {
		r := p.Record
		h.WriteString(`<p style="` + emailStyles["p"] + `">` + html.EscapeString(fmt.Sprintf("[The quote issued on this day (%s, %s:%d) is no longer in the collection.]", r.QuoteID, r.Path, r.Line)) + "</p>\n</div>\n")
		return h.String(), nil
	}
	e, q := p.Item.Entry, p.Item.Quote
	bq := emailStyles["blockquote"]
	attrs := ""
	if p.Item.Lang != "" {
		attrs += ` lang="` + html.EscapeString(p.Item.Lang) + `"`
	}
	if q.Dir == "rtl" {
		bq = emailStyles["rtl"]
		attrs += ` dir="rtl"`
	}
	h.WriteString(`<blockquote` + attrs + ` style="` + bq + `">`)
	var body strings.Builder
	notes := blocksHTML(&body, e, safeBlocks(q.Blocks))
	h.WriteString(styler.Replace(body.String()))
	h.WriteString("</blockquote>\n")
	for _, n := range notes {
		h.WriteString(`<p style="` + emailStyles["note"] + `"><sup>` + html.EscapeString(n.Label) + "</sup> ")
		for i, b := range n.Blocks {
			if i > 0 {
				h.WriteString(" ")
			}
			h.WriteString(styler.Replace(model.HTML(safeLinks(textRuns(dropNotes(b.Runs))), nil)))
		}
		h.WriteString("</p>\n")
	}
	cite, err := s.cite(e, q)
	if err != nil {
		return "", err
	}
	h.WriteString(`<p style="` + emailStyles["cite"] + `">— ` + styler.Replace(model.HTML(safeLinks(cite), nil)) + "</p>\n")
	link := firstNonEmpty(s.pageURL(firstNonEmpty(s.cfg.BaseURL, s.cfg.Link), p.Day.String()), e.Link)
	if link != "" && !strings.Contains(model.Plain(cite), link) {
		label := "Read the source"
		if link != e.Link {
			label = "Read it online"
		}
		h.WriteString(`<p style="` + emailStyles["link"] + `"><a style="` + emailStyles["a"] + `" href="` + html.EscapeString(link) + `">` + label + "</a></p>\n")
	}
	h.WriteString("</div>\n")
	return xmlSafe(h.String()), nil
}

// safeBlocks returns blocks whose links are all web or mail links (see
// safeLinks).
func safeBlocks(blocks []model.Block) []model.Block {
	out := make([]model.Block, len(blocks))
	for i, b := range blocks {
		b.Runs = safeLinks(b.Runs)
		out[i] = b
	}
	return out
}

// safeLinks returns runs with every link that is not http, https or
// mailto turned into plain text: mail clients refuse the others, and a
// javascript: link has no place in a newsletter.
func safeLinks(runs []model.Run) []model.Run {
	out := make([]model.Run, len(runs))
	for i, r := range runs {
		if r.Link != "" {
			l := strings.ToLower(strings.TrimSpace(r.Link))
			if !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "mailto:") {
				r.Link = ""
			}
		}
		out[i] = r
	}
	return out
}
