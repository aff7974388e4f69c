package model

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestHostileShapes parses entries built to be expensive (deep nesting,
// huge headers, millions of lines) and checks that each is refused or
// flattened with a message naming the limit, within 2 s and 200 MB of
// allocation.
func TestHostileShapes(t *testing.T) {
	yaml := func(body string) string { return "---\ntitle: x\nauthor: A B\ndate: 2020\n---\n\n" + body }
	toml := func(front string) string {
		return "+++\ntitle = \"x\"\n" + front + "\n+++\n\n\"hi\"\n"
	}
	var deepList strings.Builder
	for i := range 2000 {
		deepList.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	cases := []struct {
		name, src string
		sev       Severity
		want      string
	}{
		{"toml arrays 2M deep", toml("x = " + strings.Repeat("[", 2_000_000) + strings.Repeat("]", 2_000_000)), Error, "more than 32 levels deep"},
		{"toml inline tables 8000 deep", toml("x = " + strings.Repeat("{a=", 8000) + "1" + strings.Repeat("}", 8000)), Error, "more than 32 levels deep"},
		{"toml header 100000 parts", toml("[" + strings.Repeat("a.", 99_999) + "a]"), Error, "more than 32 dotted parts"},
		{"toml dotted key", toml(strings.Repeat("a.", 5000) + "a = 1"), Error, "more than 32 dotted parts"},
		{"yaml flow 100000 deep", "---\ntitle: x\nx: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n---\n\n\"hi\"\n", Error, "more than 32 levels deep"},
		{"dash x100000", yaml(strings.Repeat("- ", 100_000) + "x\n"), Warning, "nest more than 32 levels"},
		{"list 2000 deep", yaml(deepList.String()), Warning, "nest more than 32 levels"},
		{"blockquote x50000", yaml(strings.Repeat(">", 50_000) + " x\n"), Warning, "nest more than 32 levels"},
		{"1M lines", yaml(strings.Repeat("a\n", 1_000_000)), Error, "over the limit of 100000 lines"},
		{"quote marks x1M", yaml("A " + strings.Repeat("'\"", 500_000) + " b\n"), Warning, "markup characters, over the limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, probs := ParseEntry("hostile.md", []byte(c.src))
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if took > 2*time.Second {
				t.Errorf("took %v, over the 2 s budget", took)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 200<<20 {
				t.Errorf("allocated %d MB, over the 200 MB budget", alloc>>20)
			}
			found := false
			for _, p := range probs {
				if p.Severity == c.sev && strings.Contains(p.Message, c.want) {
					found = true
					if p.Line < 1 {
						t.Errorf("problem without a line: %+v", p)
					}
				}
			}
			if !found {
				t.Errorf("no %v containing %q; got %+v", c.sev, c.want, probs)
			}
		})
	}
}

// TestFrontDepthKeepsStrings checks that brackets and dots inside strings
// and comments are not counted, so ordinary front matter passes.
func TestFrontDepthKeepsStrings(t *testing.T) {
	deep := strings.Repeat("[", 40)
	for _, c := range []struct{ format, front string }{
		{"toml", "title = \"" + deep + "\"\nsite = 'a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.A.B.C.D.E.F.G.H'\n# " + deep + "\n"},
		{"toml", "note = \"\"\"\n" + deep + "\n\"\"\"\n"},
		{"yaml", "title: \"" + deep + "\"\nnote: it's " + deep + "\n"},
		{"yaml", "title: 'It''s " + deep + "'\n"},
		{"yaml", "title: a " + deep + " b\ntags: [a, b]\n"},
	} {
		if line, msg := checkFrontDepth(c.format, []byte(c.front), 2); msg != "" {
			t.Errorf("%s %q: line %d: %s", c.format, c.front, line, msg)
		}
	}
}

// TestQuoteRunsLinear parses paragraphs of long runs of one straight
// quotation mark, each under maxMarkup (so parsed as Markdown): the
// typographer would measure the rest of a run for each of its marks, a
// time quadratic in the run. Each run is kept as typed, within 2 s.
func TestQuoteRunsLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: x\n---\n\n")
	for i := range 300 {
		mark := "'"
		if i%2 == 1 {
			mark = "\""
		}
		b.WriteString("A " + strings.Repeat(mark, 9000) + " b\n\n")
	}
	e, probs := parseWithin(t, "runs.md", b.String(), 2*time.Second)
	if e == nil {
		t.Fatalf("not parsed: %v", probs)
	}
	var text strings.Builder
	for _, q := range e.Quotes {
		for _, bl := range q.Blocks {
			text.WriteString(Plain(bl.Runs))
		}
	}
	for _, bl := range e.Commentary {
		text.WriteString(Plain(bl.Runs))
	}
	for _, mark := range []string{"'", "\""} {
		if n := strings.Count(text.String(), strings.Repeat(mark, 9000)); n != 150 {
			t.Errorf("%d runs of %s kept as typed, want 150", n, mark)
		}
	}
}

// TestSingleQuotesLinear parses paragraphs of many words opened by a
// straight single quote that never closes, each paragraph under
// maxMarkup and on one line: reading each quote looks at its word and
// once per paragraph for a closing quote, not at the rest of the line or
// paragraph each time.
func TestSingleQuotesLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: x\n---\n\n")
	for range 20 { // 0.9 MB
		b.WriteString(strings.Repeat("'the 'tis ", 4500) + "\n\n")
	}
	e, probs := parseWithin(t, "single.md", b.String(), 2*time.Second)
	if e == nil {
		t.Fatalf("not parsed: %v", probs)
	}
}

// TestCalloutCRLF: an Obsidian callout in a file with Windows line ends
// is read as with Unix ones: the title is commentary, the text a quote.
func TestCalloutCRLF(t *testing.T) {
	src := "---\r\ntitle: Meditations\r\nauthor: Marcus Aurelius\r\n---\r\n\r\n> [!quote] Marcus Aurelius\r\n> The impediment to action advances action.\r\n"
	e, probs := ParseEntry("crlf.md", []byte(src))
	if e == nil {
		t.Fatalf("not parsed: %v", probs)
	}
	if len(e.Quotes) != 1 || PlainBlocks(e.Quotes[0].Blocks) != "The impediment to action advances action." {
		t.Fatalf("quotes %+v", e.Quotes)
	}
	if got := PlainBlocks(e.Commentary); got != "Marcus Aurelius" {
		t.Errorf("commentary %q, want the title", got)
	}
	if e.Quotes[0].Line != 6 {
		t.Errorf("quote at line %d, want 6", e.Quotes[0].Line)
	}
}

// TestLastQuoteKeepsAttribution: the citation follows a last quote's
// attribution (commentary that is Of it), and precedes the collector's
// own commentary after it.
func TestLastQuoteKeepsAttribution(t *testing.T) {
	src := "---\ntitle: Meditations\nauthor: Marcus Aurelius\n---\n\n" +
		"> First quote.\n\nA note.\n\n> Last quote.\n> — Marcus Aurelius, p. 12\n\nMy closing thought.\n"
	e, probs := ParseEntry("m.md", []byte(src))
	if e == nil {
		t.Fatalf("not parsed: %v", probs)
	}
	parts := e.Parts()
	if len(parts) != 5 {
		t.Fatalf("%d parts, want quote, note, quote, attribution, thought: %+v", len(parts), parts)
	}
	if parts[3].Of == "" || parts[3].Of != parts[2].QuoteID || parts[1].Of != "" || parts[4].Of != "" {
		t.Errorf("of: %q %q %q (quote %q)", parts[1].Of, parts[3].Of, parts[4].Of, parts[2].QuoteID)
	}
	if got := LastQuote(parts); got != 3 {
		t.Errorf("LastQuote = %d, want 3 (after the attribution, before the thought)", got)
	}
	if e.Quotes[1].Location != "p. 12" {
		t.Errorf("location %q", e.Quotes[1].Location)
	}
}

// TestParenCitationLinear: a long paragraph that opens with a mark, holds
// parentheses and does not end with a closing mark is read in linear time
// (parenCitation reads only its end).
func TestParenCitationLinear(t *testing.T) {
	src := "---\ntitle: x\n---\n\n\"" + strings.Repeat("a (b) [c] ", 100000) + "\n"
	e, probs := parseWithin(t, "paren.md", src, 2*time.Second)
	if e == nil {
		t.Fatalf("not parsed: %v", probs)
	}
}

// parseWithin parses src as the file name and fails t when each of three
// tries takes longer than budget. A machine busy with other tests may
// slow one parse; work that grows faster than the input slows them all.
func parseWithin(t *testing.T, name, src string, budget time.Duration) (*Entry, []Problem) {
	t.Helper()
	var took []time.Duration
	for {
		start := time.Now()
		e, probs := ParseEntry(name, []byte(src))
		d := time.Since(start)
		if d <= budget {
			return e, probs
		}
		if took = append(took, d); len(took) == 3 {
			t.Errorf("took %v, over the %v budget each time", took, budget)
			return e, probs
		}
	}
}
