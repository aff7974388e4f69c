package model

import (
	"reflect"
	"testing"
)

var simpleYAMLCases = []string{
	"title: Walden\nauthor: Henry David Thoreau\ndate: 1854\n",
	"layout: entry\ncategory: commonplace\nlink: https://www.nybooks.com/a/b/\ndate: 2015-11-16\n",
	"date: 2015-11-16 10:00:00 -0500\ntags:\n  - a\n  - b c\n",
	"author:\n- Karl Marx\n- Friedrich Engels\ntitle: Manifesto\n",
	"empty:\nnext: 1\n",
	"n: -5\nb: true\nnull: ~\nc: False\n",
	"title: \"quoted\"\n",
	"title: a # comment\n",
	"tags: [a, b]\n",
	"yes: yes\n",
	"f: 1.5\n",
	"o: 0755\n",
	"x: &a 1\n",
	"nested:\n  a: 1\n",
	"title: Some: thing\n",
	"key:\n  - a\n    - b\n",
	"# comment\ntitle: x\n\n",
	"t: 1_000\n",
	"pages: 113-273\n",
	"pages: 01-2\n",
	"title: \"Quoted: with colon # and hash\"\n",
	"title: 'single'\n",
	"tags: [a, b c, 3]\n",
	"tags: []\n",
	"tags: [a, [b]]\n",
	"title: \"esc\\\"aped\"\n",
	"t: 'it''s'\n",
}

// TestSimpleYAMLAgrees checks the fast path against yaml.v3 on cases it
// takes, and that it declines the cases it must leave to yaml.v3.
func TestSimpleYAMLAgrees(t *testing.T) {
	took := 0
	for _, src := range simpleYAMLCases {
		checkSimpleYAML(t, []byte(src))
		if _, ok := simpleYAML([]byte(src), 2); ok {
			took++
		}
	}
	if took < 7 {
		t.Errorf("the fast path took only %d of the plain cases", took)
	}
}

func checkSimpleYAML(t *testing.T, src []byte) {
	fast, ok := simpleYAML(src, 2)
	if !ok {
		return
	}
	slow, probs := generalYAML(rawFile{front: src, frontLine: 2}, "x.md")
	if len(probs) > 0 {
		t.Errorf("fast path accepted %q, which yaml.v3 rejects: %v", src, probs)
		return
	}
	if len(fast) == 0 && len(slow) == 0 {
		return
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("fast path differs on %q:\nfast %#v\nyaml %#v", src, fast, slow)
	}
}

func FuzzSimpleYAML(f *testing.F) {
	for _, s := range simpleYAMLCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) { checkSimpleYAML(t, src) })
}
