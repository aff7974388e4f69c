// Command benchcli measures the commonplace command on generated
// collections (internal/corpus, deterministic from a seed): for each size,
// the wall time, CPU time (user + system) and peak memory (maximum
// resident set, from the process's rusage) of loading, the PDF, the EPUB,
// the fortune database, today's quote with a cold and a warm cache, and a
// whole build. Each task runs as its own process, so that its peak memory
// is its own. With -compare it runs pandoc on the same entries instead
// (EPUB, and PDF through an installed engine) and prints the ratios.
//
//	go run ./internal/benchcli -bin bin/commonplace            # 1,000 and 10,000 entries
//	BENCH_100K=1 go run ./internal/benchcli -bin bin/commonplace
//	go run ./internal/benchcli -bin bin/commonplace -compare   # pandoc, 1,000 entries
//
// `make bench` and `make bench-compare` run it.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/commonplace-book/commonplace/internal/corpus"
)

// seed is the corpus seed every measurement uses.
const seed = 1

// result is one measured run.
type result struct {
	wall, cpu time.Duration
	maxRSS    int64 // bytes
}

func (r result) String() string {
	return fmt.Sprintf("%s wall, %s CPU, %s", secs(r.wall), secs(r.cpu), mb(r.maxRSS))
}

func secs(d time.Duration) string {
	s := d.Seconds()
	switch {
	case s < 1:
		return fmt.Sprintf("%.3f s", s)
	case s < 10:
		return fmt.Sprintf("%.2f s", s)
	}
	return fmt.Sprintf("%.1f s", s)
}

func mb(b int64) string { return fmt.Sprintf("%d MB", (b+(1<<19))>>20) }

// measure runs the command once and returns its times and peak memory.
func measure(dir string, env []string, name string, args ...string) (result, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stdout = nil // discarded
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return result{}, fmt.Errorf("%s: %w", name, err)
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 { // 1: warnings about input
			return result{}, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(stderr.String()))
		}
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	r := result{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru != nil {
		r.maxRSS = maxRSSBytes(ru)
	}
	return r, nil
}

// selected reports whether a task is run with -only.
func selected(name, only string) bool {
	if only == "" {
		return true
	}
	for _, w := range strings.Split(only, ",") {
		if w = strings.TrimSpace(w); w != "" && strings.Contains(name, w) {
			return true
		}
	}
	return false
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}

// best runs the command n times and keeps the run of median wall time
// (the machine may be shared: the median is steadier than one run).
func best(n int, prep func(), dir string, env []string, name string, args ...string) (result, error) {
	var rs []result
	for i := 0; i < n; i++ {
		if prep != nil {
			prep()
		}
		r, err := measure(dir, env, name, args...)
		if err != nil {
			return result{}, err
		}
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].wall < rs[j].wall })
	return rs[len(rs)/2], nil
}

// task is one row of the table.
type task struct {
	name string
	// args builds the command line for a corpus in dir, writing into
	// out; cache is the cache folder.
	args func(dir, out, cache string) []string
	// cold empties the cache before each run.
	cold bool
}

var tasks = []task{
	{name: "load (`check --no-cache`: parse every entry)", args: func(d, o, c string) []string { return []string{"check", "--no-cache", d} }},
	{name: "load with a warm cache (`check`)", args: func(d, o, c string) []string { return []string{"check", "--cache", c, d} }},
	{name: "`list --json` (warm cache)", args: func(d, o, c string) []string { return []string{"list", "--json", "--cache", c, d} }},
	{name: "PDF (`render --to pdf`)", args: func(d, o, c string) []string {
		return []string{"render", "--to", "pdf", "-o", filepath.Join(o, "book.pdf"), d}
	}},
	{name: "EPUB (`render --to epub`)", args: func(d, o, c string) []string {
		return []string{"render", "--to", "epub", "-o", filepath.Join(o, "book.epub"), d}
	}},
	{name: "fortune (`feed --format fortune`, warm cache)", args: func(d, o, c string) []string {
		return []string{"feed", "--format", "fortune", "--cache", c, "-o", filepath.Join(o, "quotes"), d}
	}},
	{name: "feeds (`feed --format rss`, 30 days, warm cache)", args: func(d, o, c string) []string {
		return []string{"feed", "--format", "rss", "--cache", c, d}
	}},
	{name: "today's quote, cold cache (`feed`)", cold: true, args: func(d, o, c string) []string {
		return []string{"feed", "--format", "text", "--cache", c, d}
	}},
	{name: "today's quote, warm cache (`feed`)", args: func(d, o, c string) []string {
		return []string{"feed", "--format", "text", "--cache", c, d}
	}},
	{name: "daily outputs, warm cache (`build --only text,fortune,json`)", args: func(d, o, c string) []string {
		return []string{"build", "--quiet", "--cache", c, "--only", "text,fortune,json", "-o", filepath.Join(o, "daily"), d}
	}},
	{name: "everything (`build`, warm cache)", args: func(d, o, c string) []string {
		return []string{"build", "--quiet", "--cache", c, "-o", filepath.Join(o, "build"), d}
	}},
}

func main() {
	bin := flag.String("bin", "bin/commonplace", "the commonplace binary to measure")
	sizesFlag := flag.String("sizes", "", "comma-separated corpus sizes (default 1000,10000, and 100000 with BENCH_100K=1)")
	runs := flag.Int("runs", 3, "runs per task below 100,000 entries (the median is shown); 1 at 100,000")
	compare := flag.Bool("compare", false, "compare with pandoc on 1,000 entries instead")
	only := flag.String("only", "", "run only the tasks whose name contains one of these comma-separated words")
	flag.Parse()
	exe, err := filepath.Abs(*bin)
	if err != nil {
		fail(err)
	}
	if _, err := os.Stat(exe); err != nil {
		fail(fmt.Errorf("%s: build it first (make build)", *bin))
	}
	if *compare {
		if err := comparePandoc(exe); err != nil {
			fail(err)
		}
		return
	}
	sizes := []int{1000, 10000}
	if os.Getenv("BENCH_100K") != "" {
		sizes = append(sizes, 100000)
	}
	if *sizesFlag != "" {
		sizes = nil
		for _, s := range strings.Split(*sizesFlag, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n <= 0 {
				fail(fmt.Errorf("-sizes: %q is not a number of entries", s))
			}
			sizes = append(sizes, n)
		}
	}
	work, err := os.MkdirTemp("", "commonplace-bench-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(work)
	env := []string{"SOURCE_DATE_EPOCH=1767225600", "TZ=UTC"}

	cells := map[string]map[int]result{}
	for _, n := range sizes {
		fmt.Fprintf(os.Stderr, "generating %d entries…\n", n)
		dir, err := corpus.Cached(n, seed)
		if err != nil {
			fail(err)
		}
		out := filepath.Join(work, fmt.Sprint(n))
		cache := filepath.Join(work, fmt.Sprint(n)+"-cache")
		os.MkdirAll(out, 0o755)
		// Warm the cache once (a run that parses and writes it).
		if _, err := measure(work, env, exe, "check", "--cache", cache, dir); err != nil {
			fail(err)
		}
		k := *runs
		if n >= 100000 {
			k = 1
		}
		for _, t := range tasks {
			if !selected(t.name, *only) {
				continue
			}
			var prep func()
			tcache := cache
			if t.cold {
				tcache = filepath.Join(work, fmt.Sprint(n)+"-cold")
				prep = func() { os.RemoveAll(tcache) }
			}
			fmt.Fprintf(os.Stderr, "%d entries: %s…\n", n, t.name)
			r, err := best(k, prep, work, env, exe, t.args(dir, out, tcache)...)
			if err != nil {
				fail(err)
			}
			fmt.Fprintf(os.Stderr, "  %s\n", r)
			if cells[t.name] == nil {
				cells[t.name] = map[int]result{}
			}
			cells[t.name][n] = r
		}
	}
	fmt.Printf("Each cell: wall time, CPU time (user + system) and peak memory (maximum resident set) of one `commonplace` process; median of %d runs (1 at 100,000 entries). Corpus: internal/corpus, seed %d, about 1.5 KB per entry.\n\n", *runs, seed)
	fmt.Print("| task |")
	for _, n := range sizes {
		fmt.Printf(" %s entries |", thousands(n))
	}
	fmt.Print("\n| --- |")
	for range sizes {
		fmt.Print(" --- |")
	}
	fmt.Println()
	for _, t := range tasks {
		if cells[t.name] == nil {
			continue
		}
		fmt.Printf("| %s |", t.name)
		for _, n := range sizes {
			fmt.Printf(" %s |", cells[t.name][n])
		}
		fmt.Println()
	}
}

// maxRSSBytes returns the peak resident set of a rusage in bytes
// (kilobytes on Linux and the BSDs, bytes on macOS).
func maxRSSBytes(ru *syscall.Rusage) int64 {
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) << 10
}

// comparePandoc renders the 1,000-entry corpus with commonplace and with
// pandoc (one Markdown file made from the same entries: each entry's
// front matter becomes a heading with its author, its body follows) as
// EPUB and PDF, and prints both and their ratios.
func comparePandoc(exe string) error {
	pandoc, err := exec.LookPath("pandoc")
	if err != nil {
		fmt.Println("pandoc is not installed: nothing to compare")
		return nil
	}
	const n = 1000
	dir, err := corpus.Cached(n, seed)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "commonplace-compare-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	md := filepath.Join(work, "book.md")
	if err := pandocInput(dir, md); err != nil {
		return err
	}
	env := []string{"SOURCE_DATE_EPOCH=1767225600", "TZ=UTC"}
	type row struct {
		name     string
		ours     []string
		theirs   []string
		ourTheir [2]result
	}
	rows := []row{
		{name: "EPUB", ours: []string{"render", "--to", "epub", "-o", filepath.Join(work, "cp.epub"), dir},
			theirs: []string{md, "--metadata", "title=Commonplace Book", "-o", filepath.Join(work, "pandoc.epub")}},
	}
	for _, engine := range []string{"weasyprint", "wkhtmltopdf", "xelatex"} {
		if _, err := exec.LookPath(engine); err == nil {
			rows = append(rows, row{name: "PDF (pandoc with " + engine + ")",
				ours:   []string{"render", "--to", "pdf", "-o", filepath.Join(work, "cp.pdf"), dir},
				theirs: []string{md, "--metadata", "title=Commonplace Book", "--pdf-engine=" + engine, "-o", filepath.Join(work, "pandoc.pdf")}})
			break
		}
	}
	for i := range rows {
		fmt.Fprintf(os.Stderr, "%s: commonplace…\n", rows[i].name)
		if rows[i].ourTheir[0], err = best(3, nil, work, env, exe, rows[i].ours...); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "  %s\n%s: pandoc…\n", rows[i].ourTheir[0], rows[i].name)
		if rows[i].ourTheir[1], err = best(1, nil, work, env, pandoc, rows[i].theirs...); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "  %s\n", rows[i].ourTheir[1])
	}
	version := "pandoc (version unknown)"
	if out, err := exec.Command(pandoc, "--version").CombinedOutput(); err != nil {
		version = fmt.Sprintf("pandoc (--version: %v)", err)
	} else if line := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0]); line != "" {
		version = line
	}
	fmt.Printf("%d entries (internal/corpus, seed %d); %s. Ratios are pandoc ÷ commonplace.\n\n", n, seed, version)
	fmt.Println("| output | commonplace | pandoc | wall | CPU | memory |")
	fmt.Println("| --- | --- | --- | --- | --- | --- |")
	ratio := func(a, b float64) string {
		if b == 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f×", a/b)
	}
	for _, r := range rows {
		o, t := r.ourTheir[0], r.ourTheir[1]
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", r.name, o, t,
			ratio(t.wall.Seconds(), o.wall.Seconds()), ratio(t.cpu.Seconds(), o.cpu.Seconds()), ratio(float64(t.maxRSS), float64(o.maxRSS)))
	}
	return nil
}

// pandocInput writes the entries under dir as one Markdown file: each
// entry's title and author as a heading, then its body.
func pandocInput(dir, dest string) error {
	var paths []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return nil
	})
	sort.Strings(paths)
	var b bytes.Buffer
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := strings.ReplaceAll(string(data), "\r\n", "\n")
		title, author, body := filepath.Base(p), "", text
		if strings.HasPrefix(text, "---\n") {
			if end := strings.Index(text[4:], "\n---\n"); end >= 0 {
				for _, l := range strings.Split(text[4:4+end], "\n") {
					k, v, _ := strings.Cut(l, ":")
					v = strings.Trim(strings.TrimSpace(v), `"'`)
					switch strings.TrimSpace(k) {
					case "title":
						title = v
					case "author":
						author = v
					}
				}
				body = text[4+end+5:]
			}
		}
		fmt.Fprintf(&b, "# %s\n\n", title)
		if author != "" {
			fmt.Fprintf(&b, "*%s*\n\n", author)
		}
		b.WriteString(body)
		b.WriteString("\n\n")
	}
	return os.WriteFile(dest, b.Bytes(), 0o644)
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchcli:", err)
	os.Exit(1)
}
