package model

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/layouts"
)

// bookLanguages are the languages whose label sets are built in and
// complete.
var bookLanguages = []string{"en", "fr", "de", "es", "it", "pt", "ru", "zh", "ja", "ar"}

// TestLabelFiles checks every built-in label set: known words only, and
// every set of a book language complete: each word given, each count in
// every plural form the language uses (its CLDR rules), every font use,
// twelve months, and each phrase with the placeholders it is filled
// with.
func TestLabelFiles(t *testing.T) {
	files := layouts.List("", "labels")
	for _, lang := range bookLanguages {
		if !slices.Contains(files, lang+".yaml") {
			t.Errorf("no built-in label set for %s", lang)
		}
	}
	placeholders := map[string][]string{
		"cover_alt": {"{title}"}, "continued": {"{title}"}, "stats": {"{passages}", "{sources}"},
		"set_in": {"{fonts}"}, "with": {"{main}", "{others}"}, "font_for": {"{font}", "{use}"},
		"made_with_date": {"{date}"}, "date": {"{d}", "{month}", "{y}"},
	}
	for _, name := range files {
		data, _, err := layouts.Read("", "labels/"+name)
		if err != nil {
			t.Fatal(err)
		}
		l, err := decodeLabels(data)
		if err != nil {
			t.Errorf("labels/%s: %v", name, err)
			continue
		}
		lang := strings.TrimSuffix(name, ".yaml")
		if !slices.Contains(bookLanguages, lang) {
			continue // a regional set (pt-br) gives only what differs
		}
		v := reflect.ValueOf(l)
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if key == "" || key == "-" {
				continue
			}
			switch x := v.Field(i).Interface().(type) {
			case string:
				if strings.TrimSpace(x) == "" {
					t.Errorf("labels/%s: no %s", name, key)
				}
				for _, p := range placeholders[key] {
					if !strings.Contains(x, p) {
						t.Errorf("labels/%s: %s %q lacks %s", name, key, x, p)
					}
				}
			case Plural:
				forms := map[string]string{"zero": x.Zero, "one": x.One, "two": x.Two, "few": x.Few, "many": x.Many, "other": x.Other}
				for _, form := range Forms(lang) {
					if forms[form] == "" {
						t.Errorf("labels/%s: %s has no %q form (%s uses %v)", name, key, form, lang, Forms(lang))
					}
				}
			case map[string]string:
				for _, u := range FontUses {
					if x[u] == "" {
						t.Errorf("labels/%s: %s has no %q", name, key, u)
					}
				}
				for k := range x {
					if !slices.Contains(FontUses, k) {
						t.Errorf("labels/%s: %s has %q, which no font is used for", name, key, k)
					}
				}
			case []string:
				if len(x) != 12 {
					t.Errorf("labels/%s: %s has %d names, want 12", name, key, len(x))
				}
			default:
				t.Errorf("labels/%s: field %s of an unchecked type", name, key)
			}
		}
		if lang == "en" && !reflect.DeepEqual(l, englishLabels) {
			t.Errorf("labels/en.yaml = %+v, want the built-in English words: %+v", l, englishLabels)
		}
	}
}

func TestLabelsFallBackAndOverride(t *testing.T) {
	en := LabelsFor("en")
	if got := LabelsFor("en-GB"); got.lang != "en-GB" || !reflect.DeepEqual(func() Labels { got.lang = "en"; return got }(), en) {
		t.Errorf("en-GB = %+v", got)
	}
	if got := LabelsFor("../../etc/passwd"); got.Contents != "Contents" || got.lang != "en" {
		t.Errorf("a path as a language = %+v", got)
	}
	s := Settings{Language: "xx", Labels: Labels{Contents: "Inhalt"}}.Defaults()
	if s.Labels.Contents != "Inhalt" || s.Labels.Index != "Index of Authors" {
		t.Errorf("labels = %+v", s.Labels)
	}
	br := LabelsFor("pt-BR")
	if br.Contents != "Sumário" || br.Index != "Índice de autores" || br.Anonymous != "Anônimo" {
		t.Errorf("pt-BR = %q %q %q", br.Contents, br.Index, br.Anonymous)
	}
	if pt := LabelsFor("pt"); pt.Contents != "Índice" || pt.Anonymous != "Anónimo" {
		t.Errorf("pt = %q %q", pt.Contents, pt.Anonymous)
	}
}

// TestLabelPhrases checks the phrases built from the sets: counts in the
// forms of each language, names joined, the colophon's faces and date.
func TestLabelPhrases(t *testing.T) {
	d := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		lang        string
		p, s        int
		count, date string
	}{
		{"en", 1, 1, "1 passage from 1 source", "1 November 2026"},
		{"en", 12, 5, "12 passages from 5 sources", ""},
		{"fr", 1, 2, "1 citation tirée de 2 sources", "1 novembre 2026"},
		{"de", 3, 1, "3 Zitate aus 1 Quelle", "1. November 2026"},
		{"ru", 21, 21, "21 цитата из 21 источника", "1 ноября 2026 г."},
		{"ru", 3, 5, "3 цитаты из 5 источников", ""},
		{"ru", 11, 2, "11 цитат из 2 источников", ""},
		{"ar", 2, 2, "اقتباسان من مصدرين", ""},
		{"ar", 5, 15, "5 اقتباسات من 15 مصدرًا", ""},
		{"ja", 12, 5, "5点の出典から12件の引用", "2026年11月1日"},
		{"zh", 12, 5, "12 段引文，摘自5 种出处", "2026年11月1日"},
	} {
		l := LabelsFor(c.lang)
		if got := l.Count(c.p, c.s); got != c.count {
			t.Errorf("%s: Count(%d, %d) = %q, want %q", c.lang, c.p, c.s, got, c.count)
		}
		if c.date != "" {
			if got := l.FormatDate(d); got != c.date {
				t.Errorf("%s: date %q, want %q", c.lang, got, c.date)
			}
		}
	}
	en := LabelsFor("en")
	if got := en.List([]string{"A", "B", "C"}); got != "A, B and C" {
		t.Errorf("list %q", got)
	}
	if got := LabelsFor("fr").List([]string{"A", "B"}); got != "A et B" {
		t.Errorf("fr list %q", got)
	}
	if got := en.Faces("Noto Serif", [][2]string{{"Noto Naskh Arabic", "arabic"}, {"Noto Sans Mono", "mono"}}); got != "Set in Noto Serif, with Noto Naskh Arabic for Arabic script and Noto Sans Mono for code." {
		t.Errorf("faces %q", got)
	}
	if got := LabelsFor("ja").CompiledByName("山田太郎"); got != "山田太郎 編" {
		t.Errorf("ja compiler %q", got)
	}
	if got := en.CompiledByName("Jane Doe"); got != "Compiled by Jane Doe" {
		t.Errorf("en compiler %q", got)
	}
}

// TestCollectionLabels checks that a collection's layouts/labels/ file
// overrides the built-in words one by one, that the labels: setting wins
// over it, and that check reports a broken file.
func TestCollectionLabels(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "layouts", "labels"), 0o755)
	os.WriteFile(filepath.Join(dir, "layouts", "labels", "fr.yaml"), []byte("index: Index des noms\nsources: Références\n"), 0o644)
	c := &Collection{Root: dir, Settings: Settings{Language: "fr", Labels: Labels{Sources: "Bibliographie"}}}
	l := c.Labels()
	if l.Index != "Index des noms" || l.Sources != "Bibliographie" || l.Contents != "Table des matières" {
		t.Errorf("collection labels: %q %q %q", l.Index, l.Sources, l.Contents)
	}
	if p := CheckLabels(dir, "fr"); len(p) != 0 {
		t.Errorf("a good file: %v", p)
	}
	os.WriteFile(filepath.Join(dir, "layouts", "labels", "fr.yaml"), []byte("index: Index des noms\nindx: x\n"), 0o644)
	p := CheckLabels(dir, "fr-CA")
	if len(p) != 1 || p[0].Path != "layouts/labels/fr.yaml" || p[0].Line != 2 || !strings.Contains(p[0].Message, "indx") {
		t.Errorf("a bad file: %+v", p)
	}
	if l := c.Labels(); l.Index != "Index des auteurs" {
		t.Errorf("a bad file's words must not be used: %q", l.Index)
	}
}
