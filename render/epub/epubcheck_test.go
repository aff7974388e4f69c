package epub

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// EPUBCheck runs once per test binary over every book the tests queue:
// starting Java once per book made this package's tests take minutes on
// a busy machine. epubcheck writes a book into the batch folder; TestMain
// runs testdata/EpubCheckBatch.java (one JVM, the EPUBCheck API) over all
// of them after the tests, prints the report of each book that has a
// fatal error, an error or a warning, names the test that made it, and
// fails the run.

var batch struct {
	mu    sync.Mutex
	dir   string
	books map[string]string // file → test name
}

// epubcheck queues book for EPUBCheck under name. It skips the test when
// Java or EPUBCheck is not installed.
func epubcheck(t *testing.T, name string, book []byte) {
	t.Helper()
	java, jar := epubcheckTools()
	if java == "" {
		t.Skip("java is not installed")
	}
	if jar == "" {
		t.Skip("EPUBCheck is not installed (/usr/share/java/epubcheck.jar or $EPUBCHECK_JAR)")
	}
	batch.mu.Lock()
	defer batch.mu.Unlock()
	if batch.books == nil {
		batch.books = map[string]string{}
	}
	file := filepath.Join(batch.dir, fmt.Sprintf("%03d-%s", len(batch.books), name))
	if err := os.WriteFile(file, book, 0o644); err != nil {
		t.Fatal(err)
	}
	batch.books[file] = t.Name()
}

func epubcheckTools() (java, jar string) {
	jar = "/usr/share/java/epubcheck.jar"
	if p := os.Getenv("EPUBCHECK_JAR"); p != "" {
		jar = p
	}
	if _, err := os.Stat(jar); err != nil {
		jar = ""
	}
	java, _ = exec.LookPath("java")
	return java, jar
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "epubcheck-batch-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	batch.dir = dir
	code := m.Run()
	if code == 0 {
		code = runBatch()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// runBatch checks every queued book in one JVM and returns 1 when any
// book fails.
func runBatch() int {
	if len(batch.books) == 0 {
		return 0
	}
	java, jar := epubcheckTools()
	files := make([]string, 0, len(batch.books))
	for f := range batch.books {
		files = append(files, f)
	}
	args := append([]string{"-cp", jar, filepath.Join("testdata", "EpubCheckBatch.java")}, files...)
	out, err := exec.Command(java, args...).CombinedOutput()
	// Each book's messages come before its "== FILE: …" summary.
	var msgs []string
	failed, checked := 0, 0
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		rest, ok := strings.CutPrefix(line, "== ")
		if !ok {
			if !strings.HasPrefix(line, "INFO") && !strings.HasPrefix(line, "Validating using") && strings.TrimSpace(line) != "" {
				msgs = append(msgs, line)
			}
			continue
		}
		checked++
		file, verdict, _ := strings.Cut(rest, ": ")
		if verdict != "ok" {
			failed++
			fmt.Printf("--- FAIL: EPUBCheck of %s (from %s): %s\n", filepath.Base(file), batch.books[file], verdict)
			for _, m := range msgs {
				fmt.Println("    " + m)
			}
		}
		msgs = nil
	}
	if checked != len(files) {
		fmt.Printf("--- FAIL: EPUBCheck batch checked %d of %d books (%v):\n%s\n", checked, len(files), err, out)
		return 1
	}
	fmt.Printf("EPUBCheck: %d books in one run, %d failed\n", checked, failed)
	if failed > 0 || err != nil {
		return 1
	}
	return 0
}
