package epub

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/internal/corpus"
	"github.com/commonplace-book/commonplace/model"
)

// aceVersion is the DAISY Ace release the tests run (the one
// ../shared/tools/check-ace installs).
const aceVersion = "1.4.6"

// aceCLI returns the path of DAISY Ace's command and of the chromium it
// drives, installing Ace from npm into ACE_HOME (default ~/.cache/ace)
// on first use without puppeteer's own browser download. It skips the
// test only when chromium or npm is missing or Ace cannot be installed
// (.ci/run installs both, so CI never skips).
func aceCLI(t *testing.T) (ace, chromium string) {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if chromium, err = exec.LookPath("chromium-browser"); err != nil {
			t.Skip("chromium is not installed (.ci/run installs it)")
		}
	}
	home := os.Getenv("ACE_HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			t.Skip("no home folder for Ace")
		}
		home = filepath.Join(h, ".cache", "ace")
	}
	ace = filepath.Join(home, "node_modules", ".bin", "ace-cli")
	if _, err := os.Stat(ace); err == nil {
		return ace, chromium
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed (.ci/run installs it)")
	}
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Skipf("cannot install Ace: %v", err)
	}
	if _, err := os.Stat(filepath.Join(home, "package.json")); err != nil {
		if err := os.WriteFile(filepath.Join(home, "package.json"), []byte(`{"name":"ace-runner","private":true}`+"\n"), 0o644); err != nil {
			t.Skipf("cannot install Ace: %v", err)
		}
	}
	cmd := exec.Command(npm, "install", "--no-audit", "--no-fund", "--silent", "@daisy/ace-cli@"+aceVersion)
	cmd.Dir = home
	cmd.Env = append(os.Environ(), "PUPPETEER_SKIP_DOWNLOAD=1", "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot install Ace with npm: %v\n%s", err, out)
	}
	if _, err := os.Stat(ace); err != nil {
		t.Skipf("npm installed no ace-cli: %v", err)
	}
	return ace, chromium
}

// aceResult is what the tests read from Ace's report.json.
type aceResult struct {
	byImpact map[string]int
	rules    []string // "serious link-in-text-block: 3 (sources01.xhtml)"
	missing  []string // accessibility metadata Ace found missing
}

func (r aceResult) String() string {
	return fmt.Sprintf("critical=%d serious=%d moderate=%d minor=%d", r.byImpact["critical"], r.byImpact["serious"], r.byImpact["moderate"], r.byImpact["minor"])
}

// runAce checks one book with Ace and reads its report.
func runAce(ace, chromium, book string) (aceResult, error) {
	out, err := os.MkdirTemp("", "ace-report-")
	if err != nil {
		return aceResult{}, err
	}
	defer os.RemoveAll(out)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, ace, "-s", "-f", "-o", out, book)
	cmd.Env = append(os.Environ(), "PUPPETEER_EXECUTABLE_PATH="+chromium)
	msg, err := cmd.CombinedOutput()
	data, rerr := os.ReadFile(filepath.Join(out, "report.json"))
	if rerr != nil {
		return aceResult{}, fmt.Errorf("ace wrote no report (%v): %s", err, tail(string(msg), 600))
	}
	var rep struct {
		Assertions []struct {
			Subject struct {
				URL string `json:"url"`
			} `json:"earl:testSubject"`
			Assertions []struct {
				Test struct {
					Impact string `json:"earl:impact"`
					Title  string `json:"dct:title"`
				} `json:"earl:test"`
			} `json:"assertions"`
		} `json:"assertions"`
		Meta struct {
			Missing []string `json:"missing"`
		} `json:"a11y-metadata"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return aceResult{}, fmt.Errorf("reading ace's report: %w", err)
	}
	r := aceResult{byImpact: map[string]int{}, missing: rep.Meta.Missing}
	rules := map[string]int{}
	for _, doc := range rep.Assertions {
		for _, a := range doc.Assertions {
			r.byImpact[a.Test.Impact]++
			rules[a.Test.Impact+" "+a.Test.Title+" ("+doc.Subject.URL+")"]++
		}
	}
	for k, n := range rules {
		r.rules = append(r.rules, fmt.Sprintf("%s: %d", k, n))
	}
	sort.Strings(r.rules)
	return r, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// TestAce checks books with DAISY Ace, the accessibility checker
// publishers and stores use: one book holding the samples and a
// collection in Arabic, Hebrew, Persian and Chinese with footnotes (one
// Ace run for both, to keep the suite fast), and, with
// COMMONPLACE_ACE_ALL=1, a generated collection of 1,000 entries too
// (checked concurrently), each with the page list of its PDF. Each must
// have no critical and no serious violation and carry its conformance
// claim.
func TestAce(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	ace, chromium := aceCLI(t)
	dir := t.TempDir()
	samples := load(t, filepath.Join("..", "..", "samples"))
	scripts := load(t, filepath.Join("testdata", "scripts"))
	both := *samples
	both.Entries = append(append([]*model.Entry{}, samples.Entries...), scripts.Entries...)
	books := []struct {
		name string
		c    *model.Collection
	}{{"samples+scripts", &both}}
	if os.Getenv("COMMONPLACE_ACE_ALL") != "" {
		gen := filepath.Join(dir, "corpus")
		if err := corpus.Generate(gen, 1000, 11); err != nil {
			t.Fatal(err)
		}
		books = append(books, struct {
			name string
			c    *model.Collection
		}{"corpus-1000", load(t, gen)}, struct {
			name string
			c    *model.Collection
		}{"scripts", scripts})
	}
	paths := make([]string, len(books))
	for i, b := range books {
		// with the page list of its PDF, as build makes it
		_, pages := printEdition(t, b.c, false)
		data := encode(t, b.c, &Options{Warn: func(model.Problem) {}, Pages: pages})
		keepBook(t, "ace-"+b.name+".epub", data)
		paths[i] = filepath.Join(dir, b.name+".epub")
		if err := os.WriteFile(paths[i], data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	results := make([]aceResult, len(books))
	errs := make([]error, len(books))
	var wg sync.WaitGroup
	for i := range books {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = runAce(ace, chromium, paths[i])
		}()
	}
	wg.Wait()
	for i, b := range books {
		if errs[i] != nil {
			t.Errorf("%s: %v", b.name, errs[i])
			continue
		}
		r := results[i]
		t.Logf("ace %s: %s, metadata missing: %s", b.name, r, strings.Join(r.missing, ", "))
		if r.byImpact["critical"] > 0 || r.byImpact["serious"] > 0 {
			t.Errorf("%s: %s\n%s", b.name, r, strings.Join(r.rules, "\n"))
		}
		for _, m := range r.missing {
			if m == "dcterms:conformsTo" || m == "a11y:certifiedBy" || strings.HasPrefix(m, "schema:") {
				t.Errorf("%s: Ace finds %s missing", b.name, m)
			}
		}
	}
}
