package model

import (
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/commonplace-book/commonplace/layouts"
)

// builtinLabels caches the label sets read from layouts/labels/, by file.
var builtinLabels sync.Map // string → Labels

// labelSet returns the embedded label set layouts/labels/NAME.yaml, or the
// zero Labels when there is none (or it does not parse: a test of the
// layouts package checks every file).
func labelSet(name string) Labels {
	if v, ok := builtinLabels.Load(name); ok {
		return v.(Labels)
	}
	var l Labels
	if data, _, err := layouts.Read("", "labels/"+name+".yaml"); err == nil {
		if err := yaml.Unmarshal(data, &l); err != nil {
			l = Labels{}
		}
	}
	builtinLabels.Store(name, l)
	return l
}

// LabelsFor returns the built-in labels of a language: those of its
// full tag ("pt-br"), then of its primary language ("pt"), then English,
// field by field.
func LabelsFor(lang string) Labels {
	tag := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(lang), "_", "-"))
	var sets []Labels
	if tag != "" && !strings.ContainsAny(tag, "/.\\") {
		sets = append(sets, labelSet(tag))
		if primary, _, ok := strings.Cut(tag, "-"); ok {
			sets = append(sets, labelSet(primary))
		}
	}
	sets = append(sets, labelSet("en"), englishLabels)
	var out Labels
	for _, s := range sets {
		fillLabels(&out, s)
	}
	return out
}

// englishLabels are the last resort should layouts/labels/en.yaml lack a
// word.
var englishLabels = Labels{Contents: "Contents", Index: "Index of Authors", Sources: "Sources",
	Anonymous: "Anonymous", Uncategorised: "Uncategorised", Undated: "Undated",
	CompiledBy: "Compiled by", TitlePage: "Title Page", Cover: "Cover"}

// fillLabels sets every empty field of l from d.
func fillLabels(l *Labels, d Labels) {
	for _, f := range []struct{ dst, src *string }{
		{&l.Contents, &d.Contents}, {&l.Index, &d.Index}, {&l.Sources, &d.Sources},
		{&l.Anonymous, &d.Anonymous}, {&l.Uncategorised, &d.Uncategorised}, {&l.Undated, &d.Undated},
		{&l.CompiledBy, &d.CompiledBy}, {&l.TitlePage, &d.TitlePage}, {&l.Cover, &d.Cover},
	} {
		if *f.dst == "" {
			*f.dst = *f.src
		}
	}
}
