package model

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/commonplace-book/commonplace/layouts"
)

// TestLabelFiles checks every built-in label set: known words only, none
// empty, and English complete.
func TestLabelFiles(t *testing.T) {
	files := layouts.List("", "labels")
	if len(files) == 0 {
		t.Fatal("no label sets under layouts/labels")
	}
	for _, name := range files {
		data, _, err := layouts.Read("", "labels/"+name)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		var l Labels
		if err := dec.Decode(&l); err != nil {
			t.Errorf("labels/%s: %v", name, err)
		}
		if name == "en.yaml" && l != englishLabels {
			t.Errorf("labels/en.yaml = %+v, want every word: %+v", l, englishLabels)
		}
	}
}

func TestLabelsFallBackAndOverride(t *testing.T) {
	if got := LabelsFor("en-GB"); got != englishLabels {
		t.Errorf("en-GB = %+v", got)
	}
	if got := LabelsFor("../../etc/passwd"); got != englishLabels {
		t.Errorf("a path as a language = %+v", got)
	}
	s := Settings{Language: "xx", Labels: Labels{Contents: "Inhalt"}}.Defaults()
	if s.Labels.Contents != "Inhalt" || s.Labels.Index != "Index of Authors" {
		t.Errorf("labels = %+v", s.Labels)
	}
	keys := settingsKeys(reflect.TypeOf(Labels{}))
	for _, f := range strings.Fields("contents index sources anonymous uncategorised undated compiled_by title_page cover") {
		if !keys[f] {
			t.Errorf("labels: no key %q", f)
		}
	}
}
