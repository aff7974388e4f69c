//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
)

// The budget of one hostile case: the command must finish (or refuse) in
// this much CPU time and peak memory. CPU time (user + system, from the
// process's rusage) is enforced rather than the wall clock because the
// test machine may be shared; the wall clock is bounded by hostileHang.
const (
	hostileCPU    = 2 * time.Second
	hostileRSS    = 200 << 20
	hostileHang   = 20 * time.Second
	hostileBinary = "commonplace-hostile"
)

// TestHostile runs every case of testdata/hostile/*.txtar with the CLI
// built as a binary, each in its own folder, and checks its exit code,
// its messages, the files it left, and its budget: peak memory
// (rusage Maxrss) and CPU time measured from the test. Huge inputs are
// generated from a recipe in the case's header (see hostileCase). Run
// with -v to see the table of measurements.
func TestHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs every hostile case")
	}
	bin := filepath.Join(t.TempDir(), hostileBinary)
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "hostile", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in testdata/hostile: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			runHostile(t, bin, ar)
		})
	}
}

// runHostile sets up and runs one case. The case's header holds, one a
// line, in any order (setup steps run in file order):
//
//	run: ARGS            the command's arguments, run in the case folder (several runs in order)
//	exit: N              the exit code wanted of the run before it and those after (default 0)
//	want: REGEXP         must match stdout+stderr; !want: must not
//	put: FILE "TEXT"     appends a Go-quoted string to FILE
//	repeat: FILE N "TEXT"      appends TEXT N times
//	ladder: FILE N "STEP" "TEXT"  appends, for i < N, STEP i times then TEXT
//	symlink: NAME -> TARGET
//	fifo: NAME
//	longdir: NAME        makes a sub-folder NAME whose inner path is too long to read
//	chmod: FILE 0444
//	mode: FILE 0444      the file's mode after the run
//	absent: FILE / exists: FILE
//	grep: FILE REGEXP    FILE's content matches; !grep: does not
func runHostile(t *testing.T, bin string, ar *txtar.Archive) {
	dir := t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type run struct {
		args []string
		exit int
	}
	var runs []run
	exit := 0
	var checks []struct{ op, arg string }
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		op, arg, ok := strings.Cut(line, ": ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		switch op {
		case "run":
			runs = append(runs, run{strings.Fields(arg), exit})
		case "exit":
			// The exit code wanted of the run before it, and of the
			// runs that follow.
			exit, _ = strconv.Atoi(arg)
			if len(runs) > 0 {
				runs[len(runs)-1].exit = exit
			}
		case "put", "repeat", "ladder":
			gen(t, dir, op, arg)
		case "symlink":
			name, target, _ := strings.Cut(arg, " -> ")
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
		case "fifo":
			if err := syscall.Mkfifo(filepath.Join(dir, arg), 0o644); err != nil {
				t.Fatal(err)
			}
		case "longdir":
			longDir(t, filepath.Join(dir, arg))
		case "chmod":
			f, m, _ := strings.Cut(arg, " ")
			mode, _ := strconv.ParseUint(m, 8, 32)
			if err := os.Chmod(filepath.Join(dir, f), os.FileMode(mode)); err != nil {
				t.Fatal(err)
			}
		default:
			checks = append(checks, struct{ op, arg string }{op, arg})
		}
	}
	if runs == nil {
		t.Fatal("the case has no run: line")
	}
	var out bytes.Buffer
	for _, r := range runs {
		runMeasured(t, bin, dir, r.args, r.exit, &out)
	}
	text := out.String()
	checkHostile(t, dir, text, checks)
}

// runMeasured runs the binary with args in dir, appending its output to
// out, and checks its exit code and budget.
func runMeasured(t *testing.T, bin, dir string, args []string, exit int, out *bytes.Buffer) {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), hostileHang)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1700000000", "TZ=UTC")
	cmd.Stdout, cmd.Stderr = out, out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("%s did not finish in %v", strings.Join(args, " "), hostileHang)
	}
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatal(err)
		}
		code = ee.ExitCode()
	}
	// The test's own peak is logged beside the child's: on some systems
	// a child reports at least its parent's peak at the time it started.
	var self syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatal("no rusage")
	}
	rss := int64(ru.Maxrss) * 1024 // kilobytes on Linux
	if runtime.GOOS == "darwin" {
		rss = int64(ru.Maxrss) // bytes on macOS
	}
	cpu := time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime))
	floor := int64(self.Maxrss) * 1024
	if runtime.GOOS == "darwin" {
		floor = int64(self.Maxrss)
	}
	t.Logf("commonplace %s: exit %d, wall %v, cpu %v, max RSS %.1f MB (test's own: %.1f MB)", strings.Join(args, " "), code,
		wall.Round(time.Millisecond), cpu.Round(time.Millisecond), float64(rss)/(1<<20), float64(floor)/(1<<20))
	if cpu > hostileCPU {
		t.Errorf("CPU time %v is over the budget of %v", cpu, hostileCPU)
	}
	if rss > hostileRSS {
		t.Errorf("peak memory %.1f MB is over the budget of %d MB", float64(rss)/(1<<20), hostileRSS>>20)
	}
	if code != exit {
		t.Errorf("exit code %d, want %d", code, exit)
	}
}

// checkHostile checks the combined output text of a case's runs and the
// files they left in dir.
func checkHostile(t *testing.T, dir, text string, checks []struct{ op, arg string }) {
	t.Helper()
	for _, c := range checks {
		switch c.op {
		case "want", "!want":
			re := regexp.MustCompile(c.arg)
			if re.MatchString(text) != (c.op == "want") {
				t.Errorf("output %s %q", map[bool]string{true: "lacks", false: "has"}[c.op == "want"], c.arg)
			}
		case "absent", "exists":
			_, err := os.Lstat(filepath.Join(dir, c.arg))
			if (err == nil) != (c.op == "exists") {
				t.Errorf("%s: want %s", c.arg, c.op)
			}
		case "mode":
			f, m, _ := strings.Cut(c.arg, " ")
			want, _ := strconv.ParseUint(m, 8, 32)
			st, err := os.Stat(filepath.Join(dir, f))
			if err != nil || st.Mode().Perm() != os.FileMode(want) {
				t.Errorf("%s: mode %v (%v), want %o", f, st.Mode().Perm(), err, want)
			}
		case "grep", "!grep":
			f, re, _ := strings.Cut(c.arg, " ")
			data, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			if regexp.MustCompile(re).Match(data) != (c.op == "grep") {
				t.Errorf("%s: content %s %q", f, map[bool]string{true: "lacks", false: "has"}[c.op == "grep"], re)
			}
		default:
			t.Fatalf("unknown line %q in the case's header", c.op+": "+c.arg)
		}
	}
	if t.Failed() {
		if len(text) > 3000 {
			text = text[:3000] + "…"
		}
		t.Logf("output:\n%s", text)
	}
}

// gen appends generated text to a file of the case (put, repeat, ladder).
func gen(t *testing.T, dir, op, arg string) {
	t.Helper()
	name, rest, _ := strings.Cut(arg, " ")
	if strings.HasPrefix(arg, `"`) { // a Go-quoted file name
		q, err := strconv.QuotedPrefix(arg)
		if err != nil {
			t.Fatalf("%s %s: %v", op, arg, err)
		}
		name, _ = strconv.Unquote(q)
		rest = strings.TrimPrefix(arg[len(q):], " ")
	}
	unq := func(s string) string {
		v, err := strconv.Unquote(s)
		if err != nil {
			t.Fatalf("%s %s: %v", op, arg, err)
		}
		return v
	}
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Written as generated, never held whole: the test's own memory is
	// the floor of the peak its children report (see runMeasured).
	b := bufio.NewWriter(f)
	switch op {
	case "put":
		b.WriteString(unq(rest))
	case "repeat":
		n, s, _ := strings.Cut(rest, " ")
		count, _ := strconv.Atoi(n)
		text := unq(s)
		for i := 0; i < count; i++ {
			b.WriteString(text)
		}
	case "ladder":
		n, s, _ := strings.Cut(rest, " ")
		count, _ := strconv.Atoi(n)
		parts := regexp.MustCompile(`"(?:[^"\\]|\\.)*"`).FindAllString(s, -1)
		if len(parts) != 2 {
			t.Fatalf("ladder %s: want two quoted strings", arg)
		}
		step, text := unq(parts[0]), unq(parts[1])
		for i := 0; i < count; i++ {
			for j := 0; j < i; j++ {
				b.WriteString(step)
			}
			b.WriteString(text)
		}
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
}

// longDir makes a sub-folder that cannot be read: unreadable by mode
// when the test does not run as root, else one holding folders nested
// past the system's path length limit (root reads any mode), each
// made relative to the last with os.Root.
func longDir(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p, "hidden.md"), []byte("---\ntitle: H\n---\n\n\"hi\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, 0o755) })
		return
	}
	r, err := os.OpenRoot(p)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.Repeat("d", 250)
	for i := 0; i < 20; i++ {
		if err := r.Mkdir(name, 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := r.OpenRoot(name)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		r = next
	}
	if err := r.WriteFile("deep.md", []byte("---\ntitle: D\n---\n\n\"hi\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r.Close()
}
