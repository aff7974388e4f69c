package pdf

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

func TestCurly(t *testing.T) {
	for in, want := range map[string]string{
		`The "Long" Argument`:     "The “Long” Argument",
		`O'Connell`:               "O’Connell",
		`"Don't," she said`:       "“Don’t,” she said",
		`'Tis the 'Best' of '90s`: "’Tis the ‘Best’ of ’90s", // an elision, a quotation, a decade
		`(“already”) curly`:       "(“already”) curly",
		`plain`:                   "plain",
	} {
		if got := curly(in); got != want {
			t.Errorf("curly(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestURLBreaksBeforePunctuation(t *testing.T) {
	s, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	url := "https://www.nybooks.com/online/2015/11/16/isis-from-mumbai-to-paris/?utm_source=feed&x=1"
	words := s.shape([]model.Run{{Text: url}}, style{size: 10}, nil, 1000)
	if len(words) < 4 {
		t.Fatalf("%d pieces: a long URL must break", len(words))
	}
	var got []string
	for _, w := range words {
		txt := ""
		for _, f := range w.frags {
			txt += f.str()
		}
		got = append(got, txt)
	}
	if strings.Join(got, "") != url {
		t.Fatalf("pieces %q do not make the URL", got)
	}
	if !strings.HasPrefix(got[0], "https://w") {
		t.Errorf("first piece %q: a line may not end on the scheme", got[0])
	}
	for _, p := range got[1:] {
		if !strings.ContainsRune("/?&=_.#%~-", rune(p[0])) {
			t.Errorf("piece %q does not start with punctuation (pieces %q)", p, got)
		}
	}
}
