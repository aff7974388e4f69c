package feed

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"html"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"net/url"
	"strings"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// EML is the "eml" renderer: the quote of the day as an email message
// ready to send (multipart/alternative: the text and the email HTML).
type EML struct{}

// Name returns "eml".
func (EML) Name() string { return "eml" }

// MediaType returns the media type of an Internet message.
func (EML) MediaType() string { return "message/rfc822" }

// Extension returns ".eml".
func (EML) Extension() string { return ".eml" }

// Output declares today.eml, built when asked for.
func (EML) Output() render.Output {
	return render.Output{File: "today.eml", Section: "feed"}
}

// Render writes the message as EncodeEML does.
func (EML) Render(w io.Writer, c *model.Collection, o render.Options) error {
	fo, err := options(c, o)
	if err != nil {
		return err
	}
	return EncodeEML(w, c, fo)
}

// ParseConfig resolves the feed: section (see the package's ParseConfig).
func (EML) ParseConfig(c *model.Collection) (any, []model.Problem) { return ParseConfig(c) }

// PrepareKey returns the key of the shared schedule.
func (EML) PrepareKey() string { return prepareKey }

// Prepare resolves the run's schedule into the feed config's Issued.
func (EML) Prepare(c *model.Collection, o *render.Options) error { return prepareSchedule(c, o) }

// maxLine is the longest line of a message (RFC 5322 section 2.1.1 asks
// for 78 characters at most, without the CRLF).
const maxLine = 78

// EncodeEML writes the quote of the window's last day (--date, default
// today) as an Internet message (RFC 5322, MIME): From (feed.author, else
// the compiler, else the site's host), Subject (the feed item's title),
// Date (the day at feed.hour), a Message-ID stable for the day, and a
// multipart/alternative body of the text (as `feed` prints it, wrapped at
// 72 columns, with the link) and an HTML page holding the email fragment
// (EncodeEmail), both UTF-8 in quoted-printable. Every line is CRLF-ended,
// ASCII and at most 78 characters long. No To: pipe it to a mailer with
// the recipients (`sendmail you@example.org < today.eml`).
func EncodeEML(w io.Writer, c *model.Collection, o *Options) error {
	s, err := newSetup(c, o)
	if err != nil {
		return err
	}
	p, err := s.dayPick()
	if err != nil {
		return err
	}
	lines, err := s.dayLines(p, 72, true)
	if err != nil {
		return err
	}
	subject := "Quote for " + p.Day.Long()
	link := s.pageURL(firstNonEmpty(s.cfg.BaseURL, s.cfg.Link), p.Day.String())
	if p.Found() {
		if by := byline(p.Item.Entry); by != "" {
			subject += " — " + by
		}
		if link == "" {
			link = p.Item.Entry.Link
		}
	}
	if link != "" && !strings.Contains(strings.Join(lines, "\n"), link) {
		lines = append(lines, "", link)
	}
	frag, err := s.emailFragment(p)
	if err != nil {
		return err
	}
	page := "<!DOCTYPE html>\n<html lang=\"" + html.EscapeString(s.settings.Language) + "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>" +
		html.EscapeString(subject) + "</title>\n</head>\n<body>\n" + frag + "</body>\n</html>\n"
	text := xmlSafe(strings.Join(lines, "\n") + "\n")

	name, addr := parseAuthor(firstNonEmpty(s.cfg.Author, s.settings.Compiler))
	host := "localhost"
	if u, err := url.Parse(firstNonEmpty(s.cfg.BaseURL, s.cfg.Link)); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	if addr == "" {
		addr = "commonplace@" + host
	}
	if name == "" {
		name = s.settings.Title
	}
	sum := sha256.Sum256([]byte(s.cfg.Seed + "\x00" + p.Day.String() + "\x00" + text + page))
	boundary := fmt.Sprintf("commonplace-%x", sum[:12])

	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(fold(k+": "+v) + "\r\n") }
	header("From", (&mail.Address{Name: name, Address: addr}).String())
	header("Subject", mime.QEncoding.Encode("utf-8", subject))
	header("Date", p.Day.Time(s.loc, s.cfg.Hour).Format("Mon, 02 Jan 2006 15:04:05 -0700"))
	header("Message-ID", fmt.Sprintf("<%s.%x@%s>", p.Day.String(), sum[12:20], host))
	header("MIME-Version", "1.0")
	header("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	b.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", text}, {"text/html", page}} {
		b.WriteString("--" + boundary + "\r\n")
		header("Content-Type", part.typ+"; charset=utf-8")
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		qp := quotedprintable.NewWriter(&b)
		if _, err := qp.Write([]byte(part.body)); err != nil {
			return fmt.Errorf("feed: eml: %w", err)
		}
		if err := qp.Close(); err != nil {
			return fmt.Errorf("feed: eml: %w", err)
		}
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("feed: write: %w", err)
	}
	return nil
}

// fold folds a header line at spaces so that no line passes maxLine
// (RFC 5322 section 2.2.3); encoded words and addresses hold no space
// longer than that.
func fold(line string) string {
	var out strings.Builder
	for len(line) > maxLine {
		// A break before a space after the first character (a
		// continuation line starts with its space).
		i := strings.LastIndexByte(line[1:maxLine+1], ' ') + 1
		if i <= 0 {
			if i = strings.IndexByte(line[1:], ' ') + 1; i <= 0 {
				break
			}
		}
		out.WriteString(line[:i] + "\r\n")
		line = line[i:]
	}
	out.WriteString(line)
	return out.String()
}
