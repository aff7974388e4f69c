package books

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

func indexOf(lang, style string, authors ...string) []IndexEntry {
	c := &model.Collection{Settings: model.Settings{Language: lang}}
	for i, a := range authors {
		e := &model.Entry{Path: a + ".md", Title: "T" + string(rune('a'+i))}
		if a != "" {
			e.Authors = []model.Name{model.ParseName(a)}
		}
		c.Entries = append(c.Entries, e)
	}
	return AuthorIndex(c, style)
}

func displays(idx []IndexEntry) string {
	var s []string
	for _, e := range idx {
		s = append(s, e.Display)
	}
	return strings.Join(s, " | ")
}

func TestAuthorIndexParticles(t *testing.T) {
	authors := []string{"Vincent van Gogh", "Simone de Beauvoir", "al-Ghazali", "Abu Hamid al-Ghazali",
		"Paul Éluard", "Émile Zola", "Charles Dickens", "Ludwig van Beethoven", "Jean d’Alembert", "", "Anne Bradstreet"}
	got := displays(indexOf("en", "chicago", authors...))
	want := "Alembert, Jean d’ | Anonymous | Beauvoir, Simone de | Beethoven, Ludwig van | Bradstreet, Anne | " +
		"Dickens, Charles | Éluard, Paul | Ghazali, al- | Ghazali, Abu Hamid al- | Gogh, Vincent van | Zola, Émile"
	if got != want {
		t.Errorf("chicago:\n got %s\nwant %s", got, want)
	}
	// MLA and APA keep a non-dropping particle in front (citeproc's
	// demote-non-dropping-particle="never"); de, d’ and al- still go after.
	got = displays(indexOf("en", "mla", authors...))
	want = "Alembert, Jean d’ | Anonymous | Beauvoir, Simone de | Bradstreet, Anne | Dickens, Charles | " +
		"Éluard, Paul | Ghazali, al- | Ghazali, Abu Hamid al- | van Beethoven, Ludwig | van Gogh, Vincent | Zola, Émile"
	if got != want {
		t.Errorf("mla:\n got %s\nwant %s", got, want)
	}
}

func TestAuthorIndexCollation(t *testing.T) {
	authors := []string{"Anders Zorn", "Sven Åkesson", "Eva Andersson", "Karin Öberg"}
	// Swedish files Å and Ö after Z; English with A and O.
	if got, want := displays(indexOf("sv", "chicago", authors...)), "Andersson, Eva | Zorn, Anders | Åkesson, Sven | Öberg, Karin"; got != want {
		t.Errorf("sv:\n got %s\nwant %s", got, want)
	}
	idx := indexOf("en", "chicago", authors...)
	if got, want := displays(idx), "Åkesson, Sven | Andersson, Eva | Öberg, Karin | Zorn, Anders"; got != want {
		t.Errorf("en:\n got %s\nwant %s", got, want)
	}
	if idx[0].Letter != "A" || idx[2].Letter != "O" {
		t.Errorf("letters %q %q, want A and O", idx[0].Letter, idx[2].Letter)
	}
	// Case does not decide before the letters do; a literal Arabic name
	// files past its article.
	if got, want := displays(indexOf("en", "chicago", "bell hooks", "Saul Bellow", "الغزالي", "ابن رشد")), "Bellow, Saul | hooks, bell | ابن رشد | الغزالي"; got != want {
		t.Errorf("en:\n got %s\nwant %s", got, want)
	}
}

func TestAuthorIndexEntries(t *testing.T) {
	c := &model.Collection{}
	a := &model.Entry{Path: "a.md", Authors: []model.Name{model.ParseName("Michel de Montaigne")}}
	b := &model.Entry{Path: "b.md", Authors: []model.Name{model.ParseName("Montaigne, Michel de"), model.ParseName("Étienne de La Boétie")}}
	c.Entries = []*model.Entry{a, b}
	idx := AuthorIndex(c, "chicago")
	if len(idx) != 2 || idx[1].Display != "Montaigne, Michel de" || len(idx[1].Entries) != 2 || idx[1].Entries[0] != a {
		t.Fatalf("got %+v", idx)
	}
	if idx[0].Display != "La Boétie, Étienne de" {
		t.Errorf("got %q, want La Boétie, Étienne de", idx[0].Display)
	}
}
