package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// generator names the tool in feeds.
const generator = "Commonplace"

// RSS is the "rss" renderer: an RSS 2.0 feed of the window's days.
type RSS struct{}

// Name returns "rss".
func (RSS) Name() string { return "rss" }

// MediaType returns the RSS media type.
func (RSS) MediaType() string { return "application/rss+xml" }

// Extension returns ".xml".
func (RSS) Extension() string { return ".xml" }

// Render writes the feed as EncodeRSS does.
func (RSS) Render(w io.Writer, c *model.Collection, o render.Options) error {
	fo, err := options(c, o)
	if err != nil {
		return err
	}
	return EncodeRSS(w, c, fo)
}

// Atom is the "atom" renderer: an Atom 1.0 feed of the window's days.
type Atom struct{}

// Name returns "atom".
func (Atom) Name() string { return "atom" }

// MediaType returns the Atom media type.
func (Atom) MediaType() string { return "application/atom+xml" }

// Extension returns ".xml".
func (Atom) Extension() string { return ".xml" }

// Render writes the feed as EncodeAtom does.
func (Atom) Render(w io.Writer, c *model.Collection, o render.Options) error {
	fo, err := options(c, o)
	if err != nil {
		return err
	}
	return EncodeAtom(w, c, fo)
}

// JSON is the "json" renderer: a JSON Feed 1.1 of the window's days.
type JSON struct{}

// Name returns "json".
func (JSON) Name() string { return "json" }

// MediaType returns the JSON Feed media type.
func (JSON) MediaType() string { return "application/feed+json" }

// Extension returns ".json".
func (JSON) Extension() string { return ".json" }

// Render writes the feed as EncodeJSON does.
func (JSON) Render(w io.Writer, c *model.Collection, o render.Options) error {
	fo, err := options(c, o)
	if err != nil {
		return err
	}
	return EncodeJSON(w, c, fo)
}

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	AtomNS    string     `xml:"xmlns:atom,attr"`
	ContentNS string     `xml:"xmlns:content,attr"`
	DCNS      string     `xml:"xmlns:dc,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title          string    `xml:"title"`
	Link           string    `xml:"link"`
	Description    string    `xml:"description"`
	Language       string    `xml:"language,omitempty"`
	ManagingEditor string    `xml:"managingEditor,omitempty"`
	Creator        string    `xml:"dc:creator,omitempty"`
	LastBuildDate  string    `xml:"lastBuildDate"`
	Generator      string    `xml:"generator"`
	Self           *atomLink `xml:"atom:link,omitempty"`
	Items          []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link,omitempty"`
	Description cdata         `xml:"description"`
	Content     cdata         `xml:"content:encoded"`
	Creator     string        `xml:"dc:creator,omitempty"`
	Categories  []string      `xml:"category"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Enclosure   *rssEnclosure `xml:"enclosure,omitempty"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int    `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

type cdata struct {
	Text string `xml:",cdata"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	ID          string `xml:",chardata"`
}

// EncodeRSS writes an RSS 2.0 feed with one item per day of the window
// (default: the settings' feed.days, 30), newest first. Each item has the
// title "Quote for 24 November 2026 — Author", the day at the configured
// hour as pubDate, a GUID (isPermaLink="false") that never changes for the
// day, the quote, citation and source link as plain text in description
// and as HTML in content:encoded, the source as link and the entry's tags
// as categories. With a base URL, the channel links to itself (atom:link).
func EncodeRSS(w io.Writer, c *model.Collection, o *Options) error {
	s, err := newSetup(c, o)
	if err != nil {
		return err
	}
	ch, err := s.channel("rss")
	if err != nil {
		return err
	}
	doc := rssDoc{Version: "2.0", AtomNS: "http://www.w3.org/2005/Atom", ContentNS: "http://purl.org/rss/1.0/modules/content/", DCNS: "http://purl.org/dc/elements/1.1/"}
	rc := rssChannel{Title: ch.Title, Link: ch.Link, Description: ch.Description, Language: ch.Language,
		LastBuildDate: ch.Updated.Format(time.RFC1123Z), Generator: generator}
	if ch.AuthorEmail != "" {
		rc.ManagingEditor = ch.AuthorEmail
		if ch.AuthorName != "" {
			rc.ManagingEditor += " (" + ch.AuthorName + ")"
		}
	} else {
		rc.Creator = ch.AuthorName
	}
	if ch.Self != "" {
		rc.Self = &atomLink{Href: ch.Self, Rel: "self", Type: "application/rss+xml"}
	}
	for _, it := range ch.Items {
		ri := rssItem{Title: it.Title, Link: it.Link, Description: cdata{it.Text}, Content: cdata{it.HTML},
			Categories: it.Tags, GUID: rssGUID{IsPermaLink: "false", ID: it.GUID}, PubDate: it.Time.Format(time.RFC1123Z)}
		if len(it.Authors) > 0 {
			ri.Creator = joinAuthors(it.Authors)
		}
		if it.Image != "" {
			ri.Enclosure = &rssEnclosure{URL: it.Image, Length: it.ImageSize, Type: "image/png"}
		}
		rc.Items = append(rc.Items, ri)
	}
	doc.Channel = rc
	return writeXML(w, doc)
}

type atomDoc struct {
	XMLName   xml.Name    `xml:"feed"`
	NS        string      `xml:"xmlns,attr"`
	Lang      string      `xml:"xml:lang,attr,omitempty"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	ID        string      `xml:"id"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href   string `xml:"href,attr"`
	Rel    string `xml:"rel,attr,omitempty"`
	Type   string `xml:"type,attr,omitempty"`
	Length int    `xml:"length,attr,omitempty"`
}

type atomPerson struct {
	Name  string `xml:"name"`
	Email string `xml:"email,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",cdata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	Lang       string         `xml:"xml:lang,attr,omitempty"`
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    atomText       `xml:"summary"`
	Content    atomText       `xml:"content"`
}

// EncodeAtom writes an Atom 1.0 feed with one entry per day of the window
// (default: the settings' feed.days, 30), newest first, each with the same
// title, day-dated published/updated time, stable id and content (HTML in
// content, plain text in summary) as EncodeRSS gives its items.
func EncodeAtom(w io.Writer, c *model.Collection, o *Options) error {
	s, err := newSetup(c, o)
	if err != nil {
		return err
	}
	ch, err := s.channel("atom")
	if err != nil {
		return err
	}
	doc := atomDoc{NS: "http://www.w3.org/2005/Atom", Lang: ch.Language, Title: ch.Title, Subtitle: ch.Description,
		ID: ch.ID, Updated: ch.Updated.Format(time.RFC3339), Generator: generator,
		Author: atomPerson{Name: firstNonEmpty(ch.AuthorName, ch.AuthorEmail, ch.Title), Email: ch.AuthorEmail}}
	if ch.Link != "" {
		doc.Links = append(doc.Links, atomLink{Href: ch.Link, Rel: "alternate"})
	}
	if ch.Self != "" {
		doc.Links = append(doc.Links, atomLink{Href: ch.Self, Rel: "self", Type: "application/atom+xml"})
	}
	for _, it := range ch.Items {
		e := atomEntry{Title: it.Title, ID: it.GUID, Updated: it.Time.Format(time.RFC3339), Published: it.Time.Format(time.RFC3339),
			Summary: atomText{Type: "text", Text: it.Text}, Content: atomText{Type: "html", Text: it.HTML}}
		if it.Lang != ch.Language {
			e.Lang = it.Lang
		}
		if it.Link != "" {
			e.Links = []atomLink{{Href: it.Link, Rel: "alternate", Type: "text/html"}}
		}
		if it.Source != "" && it.Source != it.Link {
			e.Links = append(e.Links, atomLink{Href: it.Source, Rel: "related", Type: "text/html"})
		}
		if it.Image != "" {
			e.Links = append(e.Links, atomLink{Href: it.Image, Rel: "enclosure", Type: "image/png", Length: it.ImageSize})
		}
		for _, t := range it.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: t})
		}
		doc.Entries = append(doc.Entries, e)
	}
	return writeXML(w, doc)
}

func writeXML(w io.Writer, doc any) error {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("feed: encode: %w", err)
	}
	b.WriteByte('\n')
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("feed: write: %w", err)
	}
	return nil
}

// JSONFeedVersion is the version URL of JSON Feed 1.1.
const JSONFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url,omitempty"`
	FeedURL     string       `json:"feed_url,omitempty"`
	Description string       `json:"description,omitempty"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Language    string       `json:"language,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

type jsonItem struct {
	ID            string   `json:"id"`
	URL           string   `json:"url,omitempty"`
	ExternalURL   string   `json:"external_url,omitempty"`
	Title         string   `json:"title"`
	ContentHTML   string   `json:"content_html"`
	ContentText   string   `json:"content_text"`
	DatePublished string   `json:"date_published"`
	Image         string   `json:"image,omitempty"`
	Tags          []string `json:"tags,omitempty"`
	Language      string   `json:"language,omitempty"`
}

// EncodeJSON writes a JSON Feed 1.1 with one item per day of the window
// (default: the settings' feed.days, 30), newest first, each with the same
// id, title, date and content (content_html and content_text) as EncodeRSS
// gives its items; url is the day's page (base URL + "#" + date) and
// external_url the source, as in a link blog.
func EncodeJSON(w io.Writer, c *model.Collection, o *Options) error {
	s, err := newSetup(c, o)
	if err != nil {
		return err
	}
	ch, err := s.channel("json")
	if err != nil {
		return err
	}
	f := jsonFeed{Version: JSONFeedVersion, Title: ch.Title, HomePageURL: ch.Link, FeedURL: ch.Self,
		Description: ch.Description, Language: ch.Language, Items: []jsonItem{}}
	if ch.AuthorName != "" || ch.AuthorEmail != "" {
		a := jsonAuthor{Name: firstNonEmpty(ch.AuthorName, ch.AuthorEmail)}
		if ch.AuthorEmail != "" {
			a.URL = "mailto:" + ch.AuthorEmail
		}
		f.Authors = []jsonAuthor{a}
	}
	for _, it := range ch.Items {
		f.Items = append(f.Items, jsonItem{ID: it.GUID, URL: it.Page, ExternalURL: it.Source, Title: it.Title, ContentHTML: it.HTML,
			ContentText: it.Text, DatePublished: it.Time.Format(time.RFC3339), Image: it.Image, Tags: it.Tags, Language: it.Lang})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("feed: encode: %w", err)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("feed: write: %w", err)
	}
	return nil
}

func joinAuthors(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	out := ""
	for i, n := range names {
		switch {
		case i == 0:
			out = n
		case i == len(names)-1:
			out += ", and " + n
		default:
			out += ", " + n
		}
	}
	return out
}
