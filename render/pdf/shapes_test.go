package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestKeptShapesAndBreaks: a book set with a cache keeps the words it
// shaped and the line breaks of its paragraphs, and set again shapes no
// word and weighs no paragraph; both times it is the same bytes as
// without the cache, with the same warnings (characters no face has), for
// generated entries, the odd ones (every script, verse, right-to-left
// text) and one with missing characters, in both profiles (the print
// profile sets its book at two gutters, so two measures).
func TestKeptShapesAndBreaks(t *testing.T) {
	books := map[string]*model.Collection{"generated": generated(t, 200), "odd": rendertest.LoadOdd(t),
		"missing": rendertest.LoadFiles(t, map[string]string{"a.md": "---\nauthor: A. Writer\ntitle: Unset\n---\n\n> Javanese ꦲꦏ꧀ꦱꦫ and a private \ue123 sign in a line.\n"})}
	for name, c := range books {
		for _, print := range []bool{false, true} {
			o := &Options{Now: rendertest.Now, Config: &Config{Layout: "a5", Print: print}}
			var warned []model.Problem
			encode := func(cache *model.Cache) []byte {
				var buf bytes.Buffer
				warned = nil
				o := *o
				o.Cache, o.Warn = cache, func(p model.Problem) { warned = append(warned, p) }
				if err := Encode(&buf, c, &o); err != nil {
					t.Fatal(err)
				}
				return buf.Bytes()
			}
			plain := encode(nil)
			warnings := warned
			if name == "missing" && len(warnings) == 0 {
				t.Fatal("the odd entries give no warning: the test cannot see warnings lost")
			}
			cache := &model.Cache{Dir: t.TempDir(), Version: "test"}
			if b := encode(cache); !bytes.Equal(b, plain) {
				t.Fatalf("%s, print %v: the book with a cache differs from the book without", name, print)
			}
			kept, ok := render.Kept(cache, shapesKind, "")
			if !ok {
				t.Fatalf("%s, print %v: no shapes kept", name, print)
			}
			reg, _ := registry()
			if err := newWordCache().load(kept, reg); err != nil {
				t.Fatalf("%s: the kept shapes do not decode: %v", name, err)
			}
			breaks, ok := render.Kept(cache, breaksKind, breaksKey(c, o))
			if !ok {
				t.Fatalf("%s, print %v: no breaks kept", name, print)
			}
			if err := (&breakStore{}).load(breaks); err != nil {
				t.Fatalf("%s: the kept breaks do not decode: %v", name, err)
			}
			shaped, broken := wordsShaped.Load(), paragraphsBroken.Load()
			if b := encode(cache); !bytes.Equal(b, plain) {
				t.Fatalf("%s, print %v: the book set with kept shapes and breaks differs", name, print)
			}
			if !reflect.DeepEqual(warned, warnings) {
				t.Errorf("%s, print %v: warnings with kept shapes and breaks\n%v\nwithout\n%v", name, print, warned, warnings)
			}
			if n := wordsShaped.Load() - shaped; n != 0 {
				t.Errorf("%s, print %v: %d words shaped again with every word kept", name, print, n)
			}
			if n := paragraphsBroken.Load() - broken; n != 0 {
				t.Errorf("%s, print %v: %d paragraphs weighed again with every paragraph kept", name, print, n)
			}
			if again, _ := render.Kept(cache, breaksKind, breaksKey(c, o)); !bytes.Equal(again, breaks) {
				t.Errorf("%s, print %v: the breaks kept after setting the book again differ", name, print)
			}
		}
	}
}

// TestKeptShapesBad: kept shapes that do not decode (well kept, so their
// checksum holds) or that are damaged are not used: the book is the same,
// and good shapes are kept in their place.
func TestKeptShapesBad(t *testing.T) {
	c := rendertest.LoadOdd(t)
	encode := func(cache *model.Cache) []byte {
		var buf bytes.Buffer
		if err := Encode(&buf, c, &Options{Now: rendertest.Now, Config: &Config{Layout: "a5"}, Cache: cache}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	plain := encode(nil)
	reg, _ := registry()
	good := func(cache *model.Cache) {
		t.Helper()
		kept, ok := render.Kept(cache, shapesKind, "")
		if !ok || newWordCache().load(kept, reg) != nil {
			t.Error("no good shapes kept in place of bad ones")
		}
	}
	cache := &model.Cache{Dir: t.TempDir(), Version: "test"}
	encode(cache)
	keptBad(t, cache, shapesKind, "", nil, func() {
		if b := encode(cache); !bytes.Equal(b, plain) {
			t.Fatal("the book set over bad kept shapes differs")
		}
	}, func() { good(cache) })
}

// keptBad puts bad bytes in cache for kind and key, and damages the file
// of good ones, calling set after each (which checks the book is the
// same) and then good (which checks good bytes were kept in their place).
// The bad bytes are those of extra, none, garbage, the kept bytes cut and
// the kept bytes with one more byte; the cache must hold good bytes
// first.
func keptBad(t *testing.T, cache *model.Cache, kind, key string, extra [][]byte, set, good func()) {
	t.Helper()
	kept, ok := render.Kept(cache, kind, key)
	if !ok {
		t.Fatalf("no %s kept", kind)
	}
	bads := [][]byte{nil, []byte("garbage"), kept[:len(kept)/2], append(slices.Clip(kept), 1)}
	for _, bad := range append(bads, extra...) {
		render.Put(cache, kind, key, bad)
		set()
		good()
	}
	// damaged on disk: the checksum fails
	files, _ := filepath.Glob(filepath.Join(cache.Dir, kind+"-*.kept"))
	if len(files) != 1 {
		t.Fatalf("%d kept %s files", len(files), kind)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x40
	if err := os.WriteFile(files[0], data, 0o600); err != nil {
		t.Fatal(err)
	}
	set()
	good()
}

// TestShapesRoundTrip: what load reads of what encode writes is the same
// runs, and encodes to the same bytes; a load that fails adds nothing.
func TestShapesRoundTrip(t *testing.T) {
	reg, err := registry()
	if err != nil {
		t.Fatal(err)
	}
	cache := &model.Cache{Dir: t.TempDir(), Version: "test"}
	var buf bytes.Buffer
	if err := Encode(&buf, rendertest.LoadOdd(t), &Options{Now: rendertest.Now, Cache: cache}); err != nil {
		t.Fatal(err)
	}
	kept, _ := render.Kept(cache, shapesKind, "")
	c := newWordCache()
	if err := c.load(kept, reg); err != nil {
		t.Fatal(err)
	}
	if again := c.encode(reg); !bytes.Equal(again, kept) {
		t.Fatal("the loaded words encode to other bytes")
	}
	d := newWordCache()
	if err := d.load(kept[:len(kept)-3], reg); err == nil {
		t.Fatal("a cut encoding loaded")
	}
	for i := range d.shards {
		if len(d.shards[i].m) != 0 {
			t.Fatal("a failed load added words")
		}
	}
	n := 0
	for i := range c.shards {
		for k, runs := range c.shards[i].m {
			n++
			if got, ok := newWordCache().get([]byte(k)); ok {
				t.Fatalf("an empty cache has %q: %v", k, got)
			}
			if len(runs) == 0 || runs[0].Face == nil || !reflect.DeepEqual(runs[0].Face, reg.Faces[runs[0].Face.ID]) {
				t.Fatalf("word %q: runs %+v", k, runs)
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d words kept from the odd entries", n)
	}
}

// FuzzShapesLoad: kept shapes of any content never panic the loader, and
// what it loads is within its words.
func FuzzShapesLoad(f *testing.F) {
	reg, err := registry()
	if err != nil {
		f.Fatal(err)
	}
	c := newWordCache()
	s, _ := newShaper(nil)
	s.shared = c
	s.shape(plain("Fuzzing ﬁne words, العربية, 日本語 and Ελληνικά."), style{size: 10}, nil, 1000)
	f.Add(c.encode(reg))
	f.Add([]byte(shapesMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		d := newWordCache()
		if d.load(b, reg) != nil {
			return
		}
		for i := range d.shards {
			for k, runs := range d.shards[i].m {
				text, ok := wordText([]byte(k))
				if !ok {
					t.Fatalf("word %q loaded without a text", k)
				}
				for _, r := range runs {
					if r.Start < 0 || r.End < r.Start || r.End > len([]rune(string(text))) {
						t.Fatalf("word %q: run %d–%d", k, r.Start, r.End)
					}
				}
			}
		}
	})
}

// BenchmarkShapesLoad: loading the words a book of 1,000 generated
// entries kept.
func BenchmarkShapesLoad(b *testing.B) {
	reg, err := registry()
	if err != nil {
		b.Fatal(err)
	}
	cache := &model.Cache{Dir: b.TempDir(), Version: "bench"}
	if err := Encode(new(bytes.Buffer), generated(b, 1000), &Options{Now: rendertest.Now, Cache: cache}); err != nil {
		b.Fatal(err)
	}
	kept, _ := render.Kept(cache, shapesKind, "")
	b.SetBytes(int64(len(kept)))
	for b.Loop() {
		if err := newWordCache().load(kept, reg); err != nil {
			b.Fatal(err)
		}
	}
}
