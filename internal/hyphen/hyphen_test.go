package hyphen

import (
	"strings"
	"testing"
)

func TestPatternsLoad(t *testing.T) {
	for _, tag := range Tags() {
		h := languages[tag]
		if err := h.Err(); err != nil {
			t.Fatalf("%s: %v", tag, err)
		}
		if len(h.values) < 10 {
			t.Errorf("%s: only %d trie nodes", tag, len(h.values))
		}
		l, r := h.Mins()
		if l < 1 || r < 1 || l > 3 || r > 3 {
			t.Errorf("%s: hyphenmins %d, %d", tag, l, r)
		}
	}
}

func TestMins(t *testing.T) {
	for tag, want := range map[string][2]int{
		"en-us": {2, 3}, "en-gb": {2, 3}, "fr": {2, 2}, "de-1996": {2, 2}, "ru": {2, 2}, "el-monoton": {1, 1}, "nl": {2, 2},
	} {
		l, r := languages[tag].Mins()
		if l != want[0] || r != want[1] {
			t.Errorf("%s: hyphenmins %d, %d; want %v", tag, l, r, want)
		}
	}
}

func TestFor(t *testing.T) {
	for tag, want := range map[string]string{
		"en": "en-us", "en-US": "en-us", "en-GB": "en-gb", "en_AU": "en-gb", "fr-CA": "fr", "de": "de-1996",
		"de-AT": "de-1996", "es-419": "es", "it": "it", "pt-BR": "pt", "nl": "nl", "ru": "ru",
		"el": "el-monoton", "el-polyton": "el-polyton", "grc": "el-polyton", "la": "la",
	} {
		h := For(tag)
		if h == nil || h.Tag() != want {
			t.Errorf("For(%q) = %v, want %s", tag, h, want)
		}
	}
	for _, tag := range []string{"", "ja", "ar", "zz"} {
		if h := For(tag); h != nil {
			t.Errorf("For(%q) = %s, want nil", tag, h.Tag())
		}
	}
}

func TestHyphenate(t *testing.T) {
	for _, c := range []struct{ lang, in, want string }{
		{"en", "hyphenation", "hy-phen-ation"},
		{"en", "typesetting", "type-set-ting"},
		{"en", "associate", "as-so-ciate"}, // an exception
		{"en", "“Democracy,”", "“Democ-racy,”"},
		{"en", "Philosophy", "Phi-los-o-phy"},
		{"en", "about", "about"},             // five letters
		{"en", "example.org", "example.org"}, // not a word
		{"en", "1234567", "1234567"},
		{"en-GB", "hyphenation", "hy-phen-a-tion"},
		{"fr", "constitution", "consti-tu-tion"},
		{"fr", "l’hyphénation", "l’hy-phé-na-tion"},
		{"de", "Silbentrennung", "Sil-ben-tren-nung"},
		{"es", "biblioteca", "bi-blio-te-ca"},
		{"it", "biblioteca", "bi-blio-te-ca"},
		{"pt", "biblioteca", "bi-bli-o-teca"}, // righthyphenmin 3
		{"nl", "bibliotheek", "bi-bli-o-theek"},
		{"ru", "библиотека", "биб-лио-те-ка"},
		{"el", "βιβλιοθήκη", "βι-βλιο-θή-κη"},
		{"el", "ἀνθρώπων", "ἀν-θρώ-πων"},
		{"la", "bibliotheca", "bi-blio-the-ca"},
	} {
		if got := For(c.lang).Hyphenate(c.in, "-"); got != c.want {
			t.Errorf("%s %q: got %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

func TestNoAllocs(t *testing.T) {
	h := For("en")
	dst := make([]int, 0, 16)
	h.Points("warm", dst)
	allocs := testing.AllocsPerRun(100, func() {
		dst = h.Points("“extraordinarily,”", dst[:0])
	})
	if allocs != 0 {
		t.Errorf("Points allocates %v times per word", allocs)
	}
	if len(dst) == 0 {
		t.Error("no points in extraordinarily")
	}
}

func TestHyphenmins(t *testing.T) {
	l, r, ok := hyphenmins("title: x\nhyphenmins:\n    generation:\n        left: 1\n        right: 1\n    typesetting:\n        left: 2\n        right: 3\ntexlive:\n    x: 1\n")
	if !ok || l != 2 || r != 3 {
		t.Errorf("got %d %d %v", l, r, ok)
	}
	if _, _, ok := hyphenmins("title: x\n"); ok {
		t.Error("hyphenmins found in a header without them")
	}
}

var sample = strings.Fields(`It is a truth universally acknowledged, that a single man in possession
of a good fortune, must be in want of a wife. However little known the feelings or views of such a man
may be on his first entering a neighbourhood, this truth is so well fixed in the minds of the surrounding
families, that he is considered the rightful property of some one or other of their daughters.`)

func BenchmarkPoints(b *testing.B) {
	h := For("en")
	h.load()
	dst := make([]int, 0, 16)
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range sample {
			dst = h.Points(w, dst[:0])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sample)), "ns/word")
}

func BenchmarkCompileGerman(b *testing.B) {
	for b.Loop() {
		h := &Hyphenator{tag: "de-1996"}
		if err := h.Err(); err != nil {
			b.Fatal(err)
		}
	}
}
