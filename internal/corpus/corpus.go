// Package corpus generates synthetic commonplace collections for
// benchmarks and stress tests. The output depends only on the entry count
// and the seed, so benchmarks need nothing from outside the project.
package corpus

import (
	_ "embed"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/commonplace-book/commonplace/model"
)

var (
	givens   = []string{"Henry David", "Mary", "Ralph Waldo", "Emily", "Leo", "Jane", "Michel", "Marcus", "Frederick", "Virginia", "John", "George", "Charlotte", "Walt", "Anton", "Sappho", "Li", "Omar"}
	families = []string{"Thoreau", "Wollstonecraft", "Emerson", "Dickinson", "Tolstoy", "Austen", "de Montaigne", "Aurelius", "Douglass", "Woolf", "Keats", "Eliot", "Brontë", "Whitman", "Chekhov", "Shelley", "Bai", "Khayyam"}
	pubs     = []string{"The Atlantic Monthly", "Harper’s New Monthly Magazine", "The Dial", "The Edinburgh Review", "Household Words", "The Century Magazine"}
	places   = []string{"Boston", "London", "New York", "Paris", "Edinburgh"}
	houses   = []string{"Ticknor and Fields", "Macmillan", "Chapman and Hall", "Harper & Brothers", "John Murray"}
	cats     = []string{"philosophy", "poetry", "letters", "politics", "science", "fiction", "nature"}
	tagsAll  = []string{"solitude", "work", "love", "death", "time", "nature", "reading", "friendship", "courage", "war"}
	greek    = "Μῆνιν ἄειδε θεὰ Πηληϊάδεω Ἀχιλῆος οὐλομένην, ἣ μυρί’ Ἀχαιοῖς ἄλγε’ ἔθηκε"
	chinese  = "道可道，非常道。名可名，非常名。無名天地之始；有名萬物之母。"
	arabic   = "الخيل والليل والبيداء تعرفني والسيف والرمح والقرطاس والقلم"
	russian  = "Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему."
)

// Generate writes n entries into dir (created if needed), about 1.5 KB
// each, in sub-folders of at most 1,000 files. The same n and seed always
// give the same files.
func Generate(dir string, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	settings := "title: Generated Commonplace Book\ncompiler: The Corpus Generator\nlanguage: en\nfeed:\n  seed: bench\n  tz: UTC\n  base_url: https://example.org/\n"
	if err := os.WriteFile(filepath.Join(dir, "commonplace.yaml"), []byte(settings), 0o644); err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	for i := 0; i < n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("part%02d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return fmt.Errorf("corpus: %w", err)
			}
		}
		name, body := Entry(r, i)
		if err := os.WriteFile(filepath.Join(sub, name), body, 0o644); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
	}
	return nil
}

// Entry returns the file name and content of the i-th generated entry,
// drawing its variety from r.
func Entry(r *rand.Rand, i int) (string, []byte) {
	var b strings.Builder
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	year := 1600 + r.IntN(320)
	month, day := 1+r.IntN(12), 1+r.IntN(28)
	title := sentence(r, 2+r.IntN(5), false)
	title = strings.ToUpper(title[:1]) + title[1:]
	slug := strings.ToLower(strings.Join(strings.Fields(title), "-"))
	name := fmt.Sprintf("%04d-%02d-%02d-%s-%d.md", year, month, day, slug, i)
	if i%5 == 0 {
		name = fmt.Sprintf("%s-%d.md", slug, i)
	}
	b.WriteString("---\nlayout: entry\n")
	fmt.Fprintf(&b, "category: %s\n", pick(cats))
	switch r.IntN(10) {
	case 0: // anonymous
	case 1:
		fmt.Fprintf(&b, "author:\n  - %s %s\n  - %s, %s\n", pick(givens), pick(families), pick(families), pick(givens))
	default:
		fmt.Fprintf(&b, "author: %s %s\n", pick(givens), pick(families))
	}
	fmt.Fprintf(&b, "title: %q\n", title)
	kind := r.IntN(4)
	switch kind {
	case 0:
		fmt.Fprintf(&b, "publication: %s\nlink: https://example.org/%d/%s\n", pick(pubs), year, slug)
	case 1:
		fmt.Fprintf(&b, "publisher: %s\nplace: %s\npages: %d-%d\n", pick(houses), pick(places), 10+r.IntN(200), 210+r.IntN(90))
	case 2:
		fmt.Fprintf(&b, "type: poem\ntranslator: %s %s\n", pick(givens), pick(families))
	}
	if i%7 == 0 {
		fmt.Fprintf(&b, "date: %04d-%02d-%02d 10:00:00 -0500\n", year, month, day)
	} else if i%3 == 0 {
		fmt.Fprintf(&b, "date: %04d\n", year)
	}
	fmt.Fprintf(&b, "tags: [%s, %s]\n---\n\n", pick(tagsAll), pick(tagsAll))
	quotes := 3 + r.IntN(3)
	for q := 0; q < quotes; q++ {
		switch {
		case kind == 2:
			b.WriteString("> ")
			for l := 0; l < 4; l++ {
				b.WriteString(sentence(r, 5+r.IntN(4), true))
				if l < 3 {
					b.WriteString("  \n> ")
				}
			}
			b.WriteString("\n\n")
		case i%50 == 0 && q == 0:
			fmt.Fprintf(&b, "> %s\n\n", []string{greek, chinese, arabic, russian}[(i/50)%4])
		default:
			fmt.Fprintf(&b, "\"%s *%s* %s\"\n\n", sentence(r, 30+r.IntN(45), true), sentence(r, 2, false), sentence(r, 10+r.IntN(20), true))
		}
	}
	if r.IntN(4) == 0 {
		fmt.Fprintf(&b, "%s[^1]\n\n[^1]: %s\n", sentence(r, 15, true), sentence(r, 8, true))
	}
	return name, []byte(b.String())
}

// wordsTxt holds word frequencies of real English text (see its header).
//
//go:embed words.txt
var wordsTxt string

// vocab is the vocabulary drawn from, and cum the running totals of the
// words' counts, for drawing in proportion to them.
var vocab, cum = loadWords(wordsTxt)

func loadWords(txt string) ([]string, []int) {
	var ws []string
	var cs []int
	total := 0
	for _, l := range strings.Split(txt, "\n") {
		n, w, ok := strings.Cut(strings.TrimSpace(l), " ")
		if !ok || strings.HasPrefix(l, "#") {
			continue
		}
		k, err := strconv.Atoi(n)
		if err != nil || k <= 0 || w == "" {
			panic("corpus: bad line in words.txt: " + l)
		}
		total += k
		ws = append(ws, w)
		cs = append(cs, total)
	}
	return ws, cs
}

// word draws a word in proportion to its frequency in real text.
func word(r *rand.Rand) string {
	x := r.IntN(cum[len(cum)-1])
	return vocab[sort.SearchInts(cum, x+1)]
}

func sentence(r *rand.Rand, n int, end bool) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(word(r))
	}
	s := b.String()
	if end {
		s = strings.ToUpper(s[:1]) + s[1:] + "."
	}
	return s
}

// version changes whenever Entry's output changes, so cached corpora from
// an older generator are not reused.
const version = 4

var (
	cacheMu sync.Mutex
	cache   = map[[2]uint64]string{}
)

// Cached returns a folder holding the corpus of n entries for seed,
// generating it on first use. Folders live in the system temporary folder
// and are reused across test processes (a marker file says the folder is
// complete), so benchmarks in several packages generate it once.
func Cached(n int, seed uint64) (string, error) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	key := [2]uint64{uint64(n), seed}
	if d, ok := cache[key]; ok {
		return d, nil
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("commonplace-corpus-v%d-%d-%d", version, n, seed))
	marker := filepath.Join(dir, ".complete")
	if _, err := os.Stat(marker); err != nil {
		tmp, err := os.MkdirTemp(os.TempDir(), "commonplace-corpus-tmp-")
		if err != nil {
			return "", fmt.Errorf("corpus: %w", err)
		}
		if err := Generate(tmp, n, seed); err != nil {
			os.RemoveAll(tmp)
			return "", err
		}
		if err := os.WriteFile(filepath.Join(tmp, ".complete"), nil, 0o644); err != nil {
			os.RemoveAll(tmp)
			return "", fmt.Errorf("corpus: %w", err)
		}
		os.RemoveAll(dir)
		if err := os.Rename(tmp, dir); err != nil {
			os.RemoveAll(tmp)
			if _, statErr := os.Stat(marker); statErr != nil {
				return "", fmt.Errorf("corpus: %w", err)
			}
		}
	}
	cache[key] = dir
	return dir, nil
}

// Size returns the total size in bytes of the entry files in dir.
func Size(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

var (
	loadedMu sync.Mutex
	loaded   = map[[2]uint64]*model.Collection{}
)

// Collection returns the loaded corpus of n entries for seed, generated
// (see Cached) and loaded once per process. Callers must not modify it.
func Collection(n int, seed uint64) (*model.Collection, error) {
	loadedMu.Lock()
	defer loadedMu.Unlock()
	key := [2]uint64{uint64(n), seed}
	if c, ok := loaded[key]; ok {
		return c, nil
	}
	dir, err := Cached(n, seed)
	if err != nil {
		return nil, err
	}
	c, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	loaded[key] = c
	return c, nil
}
