package model

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestObsidianFrontMatter: wiki links in front matter, as Obsidian's
// properties write them (quoted), typed unquoted (which YAML reads as a
// list in a list), with an alias, and in TOML, are their text in the
// entry and its citation.
func TestObsidianFrontMatter(t *testing.T) {
	for _, tc := range []struct{ name, front, cite string }{
		{"quoted", "---\nauthor: \"[[Seneca]]\"\ntitle: \"[[Letters from a Stoic]]\"\npublisher: \"[[Penguin Classics|Penguin]]\"\ndate: 1969\ntype: book\n---\n",
			"Seneca, Letters from a Stoic (Penguin, 1969)."},
		{"unquoted", "---\nauthor: [[Seneca]]\ntitle: [[Letters from a Stoic]]\ndate: 1969\ntype: book\n---\n",
			"Seneca, Letters from a Stoic, 1969."},
		{"list", "---\nauthor:\n  - \"[[Will Durant]]\"\n  - \"[[Ariel Durant|Ariel Durant]]\"\ntitle: The Lessons of History\ndate: 1968\ntype: book\n---\n",
			"Will Durant and Ariel Durant, The Lessons of History, 1968."},
		{"toml", "+++\nauthor = \"[[Seneca]]\"\ntitle = \"Letters from a Stoic\"\ndate = 1969\ntype = \"book\"\n+++\n",
			"Seneca, Letters from a Stoic, 1969."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, probs := ParseEntry("letters.md", []byte(tc.front+"\n\"Luck is what happens when preparation meets opportunity.\"\n"))
			if e == nil {
				t.Fatalf("not parsed: %v", probs)
			}
			for _, p := range probs {
				if p.Severity == Error {
					t.Errorf("problem: %s", p)
				}
			}
			runs, err := Cite(e, "chicago")
			if err != nil {
				t.Fatal(err)
			}
			if got := Plain(runs); got != tc.cite {
				t.Errorf("citation %q, want %q", got, tc.cite)
			}
		})
	}
}

// TestObsidianKeepsLines: whatever Obsidian syntax is left out, every
// line stays on its line, so problems and quotes keep their file lines.
func TestObsidianKeepsLines(t *testing.T) {
	src := "%%\nhidden\n%%\n\"Kept.\" ^id\n\n![[x.png]]\n\n%% open\nrest\n"
	p := &bodyParser{e: &Entry{Path: "x.md"}, lineBase: 5}
	out := p.rewriteObsidian([]byte(src))
	if got, want := bytes.Count(out, []byte("\n")), strings.Count(src, "\n"); got != want {
		t.Fatalf("%d lines, want %d:\n%s", got, want, out)
	}
	if want := "\n\n\n\"Kept.\"\n\n\n\n\n\n"; string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
	var lines []int
	for _, pr := range p.probs {
		lines = append(lines, pr.Line)
	}
	if len(lines) != 2 || lines[0] != 10 || lines[1] != 12 {
		t.Errorf("problems at %v, want the embed's line 10 and the open comment's line 12: %v", lines, p.probs)
	}
}

// TestObsidianText checks what each piece of syntax reads as.
func TestObsidianText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"[[Note]]", "Note"},
		{"[[Note|shown here]]", "shown here"},
		{"[[Note#Heading#Sub]]", "Note \\> Heading \\> Sub"},
		{"[[#Heading]]", "Heading"},
		{"[[Note#^abc123]]", "Note"},
		{"[[*bold*]]", "\\*bold\\*"},
		{"[[]] [[ ]] [[a[b]] [[open", "[[]] [[ ]] [[a[b]] [[open"},
		{"\\[[Note]]", "\\[[Note]]"},
		{"a ==b== c", "a ==b== c"}, // highlights are parsed: TestObsidianMark
		{"`[[a]] %% ==b==` [[c]]", "`[[a]] %% ==b==` c"},
		{"``a ` [[b]]`` [[c]]", "``a ` [[b]]`` c"},
		{"` unclosed [[a]]", "` unclosed a"},
		{"a %%b%% c %%d%%", "a c"},
		{"me. %%note%% And", "me. And"},
		{"see ![[pic.png]].", "see."},
		{"see ![[pic.png]] here", "see here"},
		{"x^2 and y ^2", "x^2 and y"},
		{"ends [^1]", "ends [^1]"},
		{"==a [[b|c]] d==", "==a c d=="},
	} {
		p := &bodyParser{e: &Entry{Path: "x.md"}, lineBase: 1}
		if got := string(p.rewriteObsidian([]byte(tc.in))); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestObsidianFences: a fenced code block, in a blockquote too, is kept
// as typed, and a comment's fence is no fence.
func TestObsidianFences(t *testing.T) {
	src := "```go\n[[a]] %% ^x\n```\n> ~~~\n> ==b==\n> ~~~\n[[c]]\n%%\n```\n%%\n[[d]]\n"
	want := "```go\n[[a]] %% ^x\n```\n> ~~~\n> ==b==\n> ~~~\nc\n\n\n\nd\n"
	p := &bodyParser{e: &Entry{Path: "x.md"}, lineBase: 1}
	if got := string(p.rewriteObsidian([]byte(src))); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestObsidianLinear: lines of unmatched openings take linear time.
func TestObsidianLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: x\n---\n\n")
	var ticks strings.Builder
	for n := 1; ticks.Len() < 200000; n++ {
		ticks.WriteString(strings.Repeat("`", n) + " a ")
	}
	for _, line := range []string{
		strings.Repeat("[[a ", 100000),
		strings.Repeat("==a ", 100000),
		strings.Repeat("a== ", 100000),
		strings.Repeat("![[", 100000),
		ticks.String(),
		strings.Repeat("%%a", 100000),
	} {
		b.WriteString(line + "\n\n")
	}
	e, probs := parseWithin(t, "linear.md", b.String(), 3*time.Second)
	if e == nil {
		t.Fatalf("not parsed: %v", probs)
	}
}

// FuzzRewriteObsidian: the rewrite never panics, keeps every line, and
// leaves text without Obsidian syntax as it is.
func FuzzRewriteObsidian(f *testing.F) {
	for _, s := range []string{"[[a|b]] ==c== %%d%% ![[e]] ^f", "```\n[[a]]\n```\n%%\nx\n%%", "`` ` `` [[a]]", "> ~~~\n> %%\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p := &bodyParser{e: &Entry{Path: "x.md"}, lineBase: 1}
		out := p.rewriteObsidian([]byte(src))
		if got, want := bytes.Count(out, []byte("\n")), strings.Count(src, "\n"); got != want {
			t.Fatalf("%q: %d lines, want %d: %q", src, got, want, out)
		}
		if !hasObsidian([]byte(src)) && string(out) != src {
			t.Fatalf("%q changed to %q", src, out)
		}
		for _, pr := range p.probs {
			if pr.Line < 1 || pr.Line > lineCount(src) {
				t.Fatalf("%q: problem at line %d", src, pr.Line)
			}
		}
	})
}

func lineCount(src string) int { return strings.Count(src, "\n") + 1 }

// TestObsidianTags: tags are the entry's, after those of the front
// matter, once each; those ending a block after a sentence, or on their
// own line, leave the text.
func TestObsidianTags(t *testing.T) {
	src := "---\ntitle: Meditations\ntags: [Stoicism]\n---\n\n" +
		"\"What stands in the way becomes the way.\" #stoicism #obstacles/way\n\n" +
		"A #virtue ethics, not #1 nor a#b nor `#code`.\n\n" +
		"> The best revenge is not to be like that.\n> #revenge ^id\n\n" +
		"Reminds me of #Seneca\n\n" +
		"# A heading\n"
	e, probs := ParseEntry("m.md", []byte(src))
	if e == nil {
		t.Fatalf("not parsed: %v", probs)
	}
	if got, want := strings.Join(e.Tags, ","), "Stoicism,obstacles/way,virtue,revenge,Seneca"; got != want {
		t.Errorf("tags %q, want %q", got, want)
	}
	if len(e.Quotes) != 2 {
		t.Fatalf("%d quotes, want 2: %+v", len(e.Quotes), e.Quotes)
	}
	if got := PlainBlocks(e.Quotes[1].Blocks); got != "The best revenge is not to be like that." {
		t.Errorf("quote %q", got)
	}
	if got, want := PlainBlocks(e.Commentary), "A #virtue ethics, not #1 nor a#b nor #code.\n\nReminds me of #Seneca\n\nA heading"; got != want {
		t.Errorf("commentary %q, want %q", got, want)
	}
}

// TestObsidianMark: ==text== is marked text, flanking as emphasis does,
// with any style inside; anything else with equals signs stays as typed.
func TestObsidianMark(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a ==b== c", "a <mark>b</mark> c"},
		{"==*a* [[b|c]] d==", "<em><mark>a</mark></em><mark> c d</mark>"},
		{"a == b == c", "a == b == c"},
		{"a ==b ==c== d", "a ==b <mark>c</mark> d"},
		{"x === y ===z===", "x === y ===z==="},
		{"`==a==` \\==b==", "<code>==a==</code> ==b=="},
		{"\\=\\=b==", "==b=="},
		{"=\"quote\"=", "=“quote”="},
		{"==\"quote\"== said", "<mark>“quote”</mark> said"},
	} {
		e, probs := ParseEntry("m.md", []byte("---\ntitle: x\n---\n\n"+tc.in+"\n"))
		if e == nil {
			t.Fatalf("%q: not parsed: %v", tc.in, probs)
		}
		var runs []Run
		for _, b := range e.Commentary {
			runs = append(runs, b.Runs...)
		}
		for _, q := range e.Quotes {
			for _, b := range q.Blocks {
				runs = append(runs, b.Runs...)
			}
		}
		if got := HTML(runs, nil); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
	runs := []Run{{Text: "a==b "}, {Text: "c", Mark: true}}
	if got := Markdown(runs); got != "a\\=\\=b ==c==" {
		t.Errorf("Markdown %q", got)
	}
}

// TestObsidianCommentInBlockquote: a comment over lines of a blockquote
// leaves the blockquote whole: one quote, without the comment.
func TestObsidianCommentInBlockquote(t *testing.T) {
	src := "---\ntitle: Meditations\n---\n\n> The impediment to action %%a note\n> over\n> three lines%% advances action.\n>\n> %%\n> another\n> %%\n> What stands in the way becomes the way.\n"
	e, probs := ParseEntry("m.md", []byte(src))
	if e == nil {
		t.Fatalf("not parsed: %v", probs)
	}
	if len(e.Quotes) != 1 {
		t.Fatalf("%d quotes, want 1: %+v", len(e.Quotes), e.Quotes)
	}
	if got, want := PlainBlocks(e.Quotes[0].Blocks), "The impediment to action advances action.\n\nWhat stands in the way becomes the way."; got != want {
		t.Errorf("quote %q, want %q", got, want)
	}
}

// TestObsidianCommentInParagraph: a comment over lines of a paragraph
// leaves it one paragraph, and the lines after it keep their places.
func TestObsidianCommentInParagraph(t *testing.T) {
	p := &bodyParser{e: &Entry{Path: "x.md"}, lineBase: 1}
	got := string(p.rewriteObsidian([]byte("A %%x\nwhole\ny%% b\nc\n\nNext\n%%\nz\n%%\n")))
	if want := "A\nb\nc\n\n\nNext\n\n\n\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestFrontMatterWikiNames: a front-matter string of wiki links is a list
// of names, as Obsidian's properties show it.
func TestFrontMatterWikiNames(t *testing.T) {
	e, probs := ParseEntry("h.md", []byte("---\ntitle: The Lessons of History\nauthor: \"[[Will Durant]], [[Ariel Durant]]\"\ndate: 1968\n---\n\n\"The present is the past rolled up for action.\"\n"))
	if e == nil {
		t.Fatalf("not parsed: %v", probs)
	}
	if len(e.Authors) != 2 || e.Authors[0].Given != "Will" || e.Authors[1].Family != "Durant" || e.Authors[1].Given != "Ariel" {
		t.Errorf("authors %+v, want Will Durant and Ariel Durant", e.Authors)
	}
}
