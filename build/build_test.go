package build

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// fake renderers, registered for this test binary only.
type (
	fakeText  struct{}
	fakeFail  struct{}
	fakePanic struct{}
	fakePair  struct{}
)

var renders atomic.Int32

func (fakeText) Name() string      { return "t-text" }
func (fakeText) MediaType() string { return "text/plain" }
func (fakeText) Extension() string { return ".txt" }
func (fakeText) Render(w io.Writer, c *model.Collection, o render.Options) error {
	renders.Add(1)
	// A value shared by the run: computed once however many outputs use it.
	v, err := o.Shared.Do("count", func() (any, error) { return int(renders.Load()), nil })
	if err != nil {
		return err
	}
	_ = v
	_, err = io.WriteString(w, c.Settings.Title+"\n")
	return err
}
func (fakeText) Output() render.Output { return render.Output{File: "t.txt", Default: true} }

func (fakeFail) Name() string      { return "t-fail" }
func (fakeFail) MediaType() string { return "text/plain" }
func (fakeFail) Extension() string { return ".fail" }
func (fakeFail) Render(w io.Writer, c *model.Collection, o render.Options) error {
	io.WriteString(w, "partial output")
	return errors.New("t-fail: broken on purpose")
}

func (fakePanic) Name() string      { return "t-panic" }
func (fakePanic) MediaType() string { return "text/plain" }
func (fakePanic) Extension() string { return ".panic" }
func (fakePanic) Render(w io.Writer, c *model.Collection, o render.Options) error {
	panic("boom")
}

func (fakePair) Name() string      { return "t-pair" }
func (fakePair) MediaType() string { return "text/plain" }
func (fakePair) Extension() string { return "" }
func (fakePair) Output() render.Output {
	return render.Output{File: "pair", Companions: []string{".idx"}, Default: true}
}
func (p fakePair) Render(w io.Writer, c *model.Collection, o render.Options) error {
	_, err := io.WriteString(w, "main\n")
	return err
}
func (p fakePair) RenderFiles(create render.Create, main string, c *model.Collection, o render.Options) error {
	w, err := create(main)
	if err != nil {
		return err
	}
	io.WriteString(w, "main "+c.Settings.Title+"\n")
	idx, err := create(main + ".idx")
	if err != nil {
		return err
	}
	_, err = io.WriteString(idx, "index\n")
	return err
}

func init() {
	render.Register(fakeText{})
	render.Register(fakeFail{})
	render.Register(fakePanic{})
	render.Register(fakePair{})
}

func collection(t *testing.T, title string) *model.Collection {
	return &model.Collection{Root: t.TempDir(), Settings: model.Settings{Title: title}}
}

func TestRunWritesAtomically(t *testing.T) {
	c := collection(t, "One")
	out := filepath.Join(c.Root, "site")
	plan := Plan{Dir: out, Outputs: []string{"t-pair", "t-text", "t-fail", "t-panic"}}
	res, err := Run(context.Background(), c, plan)
	if err != nil {
		t.Fatal(err)
	}
	// Reported in registration order.
	var order []string
	for _, r := range res {
		order = append(order, r.Output)
	}
	if got := strings.Join(order, ","); got != "t-text,t-fail,t-panic,t-pair" {
		t.Errorf("order = %s", got)
	}
	byName := map[string]Result{}
	for _, r := range res {
		byName[r.Output] = r
	}
	if r := byName["t-text"]; r.Err != nil || !r.Changed || r.Path() != filepath.Join(out, "t.txt") || r.Size != 4 {
		t.Errorf("t-text: %+v", r)
	}
	if r := byName["t-pair"]; r.Err != nil || len(r.Files) != 2 || r.Files[1] != filepath.Join(out, "pair.idx") {
		t.Errorf("t-pair: %+v", r)
	}
	if r := byName["t-fail"]; r.Err == nil || !strings.Contains(r.Err.Error(), "broken on purpose") {
		t.Errorf("t-fail: %+v", r)
	}
	if r := byName["t-panic"]; r.Err == nil || !strings.Contains(r.Err.Error(), "internal error") {
		t.Errorf("t-panic: %+v", r)
	}
	// Failed outputs leave nothing, not even temporary files.
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "pair pair.idx t.txt" {
		t.Errorf("files = %q", got)
	}

	// A second run with the same input leaves every file untouched; a
	// changed mode is kept when the content changes.
	if err := os.Chmod(filepath.Join(out, "t.txt"), 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(filepath.Join(out, "pair"))
	res, err = Run(context.Background(), c, Plan{Dir: out, Outputs: []string{"t-text", "t-pair"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil || r.Changed {
			t.Errorf("second run: %+v", r)
		}
	}
	after, _ := os.Stat(filepath.Join(out, "pair"))
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("an unchanged file was rewritten")
	}
	c.Settings.Title = "Two"
	res, err = Run(context.Background(), c, Plan{Dir: out, Outputs: []string{"t-text"}})
	if err != nil || res[0].Err != nil || !res[0].Changed {
		t.Fatalf("third run: %v %+v", err, res)
	}
	info, _ := os.Stat(filepath.Join(out, "t.txt"))
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600 kept", info.Mode().Perm())
	}
	if data, _ := os.ReadFile(filepath.Join(out, "t.txt")); string(data) != "Two\n" {
		t.Errorf("t.txt = %q", data)
	}
}

func TestStaleTempFilesRemoved(t *testing.T) {
	c := collection(t, "T")
	out := filepath.Join(c.Root, "out")
	os.MkdirAll(out, 0o755)
	// A dead process's leftover (pid 0 never names a live process), a
	// live one's (ours: a concurrent run) and an unrelated hidden file.
	dead := filepath.Join(out, ".t.txt.tmp-0-123")
	live := filepath.Join(out, ".t.txt.tmp-"+strconv.Itoa(os.Getpid())+"-456")
	other := filepath.Join(out, ".keep")
	for _, p := range []string{dead, live, other} {
		os.WriteFile(p, []byte("x"), 0o644)
	}
	if _, err := Run(context.Background(), c, Plan{Outputs: []string{"t-text"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Error("a dead run's temporary file was kept")
	}
	for _, p := range []string{live, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", filepath.Base(p))
		}
	}
	if _, err := os.Stat(filepath.Join(out, "t.txt")); err != nil {
		t.Error("default folder out/ under the root not used")
	}
}

func TestOutputsAndNames(t *testing.T) {
	c := collection(t, "T")
	got, err := Outputs(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The defaults are the renderers declaring Default (the example
	// test's render/all registers the built-in ones in this binary too).
	var fakes []string
	for _, n := range got {
		if strings.HasPrefix(n, "t-") {
			fakes = append(fakes, n)
		}
	}
	if strings.Join(fakes, ",") != "t-text,t-pair,t-skip" {
		t.Errorf("defaults = %v", got)
	}
	c.Settings.Build.Outputs = []string{"t-pair", " t-pair", ""}
	if got, _ := Outputs(c, nil); strings.Join(got, ",") != "t-pair" {
		t.Errorf("settings outputs = %v", got)
	}
	_, err = Outputs(c, []string{"nosuch"})
	if !errors.Is(err, ErrUnknownFormat) || !strings.Contains(err.Error(), `unknown output "nosuch" (known: t-text`) {
		t.Errorf("unknown output: %v", err)
	}
	c.Settings.Build.Names = map[string]string{"t-text": "sub/renamed.txt"}
	res, err := Run(context.Background(), c, Plan{Outputs: []string{"t-text"}})
	if err != nil || res[0].Err != nil || res[0].Path() != filepath.Join(c.Root, "out", "sub", "renamed.txt") {
		t.Fatalf("renamed: %v %+v", err, res)
	}
	res, _ = Run(context.Background(), c, Plan{Outputs: []string{"t-text"}, Names: map[string]string{"t-text": "../escape.txt"}})
	if res[0].Err == nil {
		t.Error("a name outside the folder was accepted")
	}
}

func TestWriteFileToStdout(t *testing.T) {
	c := collection(t, "Std")
	var b strings.Builder
	if _, err := WriteFile(&b, "-", fakePair{}, c, render.Options{}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "main Std\n" {
		t.Errorf("stdout = %q (companions must be discarded)", b.String())
	}
	p := filepath.Join(c.Root, "x", "pair")
	os.MkdirAll(filepath.Dir(p), 0o755)
	if changed, err := WriteFile(nil, p, fakePair{}, c, render.Options{}); err != nil || !changed {
		t.Fatal(changed, err)
	}
	if _, err := os.Stat(p + ".idx"); err != nil {
		t.Error("companion not written beside the file")
	}
}

func TestSharedOnce(t *testing.T) {
	var s render.Shared
	var n atomic.Int32
	done := make(chan struct{})
	for range 8 {
		go func() {
			s.Do("k", func() (any, error) { n.Add(1); return 1, nil })
			done <- struct{}{}
		}()
	}
	for range 8 {
		<-done
	}
	if n.Load() != 1 {
		t.Errorf("computed %d times", n.Load())
	}
	var nilShared *render.Shared
	if v, _ := nilShared.Do("k", func() (any, error) { return 2, nil }); v != 2 {
		t.Error("nil Shared does not compute")
	}
}

// fakePrep shares one preparation per run between its outputs.
type fakePrep struct{ name string }

var prepares atomic.Int32

func (f fakePrep) Name() string          { return f.name }
func (fakePrep) MediaType() string       { return "text/plain" }
func (fakePrep) Extension() string       { return ".prep" }
func (fakePrep) PrepareKey() string      { return "t-prep" }
func (f fakePrep) Output() render.Output { return render.Output{File: f.name + ".txt"} }
func (fakePrep) Prepare(c *model.Collection, o *render.Options) error {
	prepares.Add(1)
	if c.Settings.Title == "bad" {
		return errors.New("cannot prepare")
	}
	o.Configs = o.Configs.With("t-prep", "prepared")
	return nil
}
func (fakePrep) Render(w io.Writer, c *model.Collection, o render.Options) error {
	s, _ := o.Configs["t-prep"].(string)
	_, err := io.WriteString(w, s)
	return err
}

func init() {
	render.Register(fakePrep{"t-prep1"})
	render.Register(fakePrep{"t-prep2"})
}

func TestPrepareOncePerRun(t *testing.T) {
	c := collection(t, "T")
	prepares.Store(0)
	res, err := Run(context.Background(), c, Plan{Outputs: []string{"t-prep1", "t-prep2", "t-text"}})
	if err != nil {
		t.Fatal(err)
	}
	if prepares.Load() != 1 {
		t.Errorf("prepared %d times, want once", prepares.Load())
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		if r.Output != "t-text" {
			if data, _ := os.ReadFile(r.Path()); string(data) != "prepared" {
				t.Errorf("%s = %q", r.Output, data)
			}
		}
	}
	c.Settings.Title = "bad"
	res, _ = Run(context.Background(), c, Plan{Outputs: []string{"t-prep1", "t-prep2", "t-text"}})
	for _, r := range res {
		if wantErr := r.Output != "t-text"; (r.Err != nil) != wantErr {
			t.Errorf("%s: err = %v", r.Output, r.Err)
		}
	}
}

// fakeSkip cannot be built for a collection titled "skip".
type fakeSkip struct{ fakeText }

func (fakeSkip) Name() string          { return "t-skip" }
func (fakeSkip) Output() render.Output { return render.Output{File: "skip.txt", Default: true} }
func (fakeSkip) SkipReason(c *model.Collection) string {
	if c.Settings.Title == "skip" {
		return "needs another title"
	}
	return ""
}

func init() { render.Register(fakeSkip{}) }

func TestSkippedDefaults(t *testing.T) {
	c := collection(t, "skip")
	got, _ := Outputs(c, nil)
	if strings.Contains(strings.Join(got, ","), "t-skip") {
		t.Errorf("defaults include a skipped output: %v", got)
	}
	if s := Skipped(c, nil); len(s["needs another title"]) != 1 {
		t.Errorf("skipped = %v", s)
	}
	if got, _ := Outputs(c, []string{"t-skip"}); len(got) != 1 || Skipped(c, []string{"t-skip"}) != nil {
		t.Error("a named output is skipped")
	}
	c.Settings.Title = "fine"
	if got, _ := Outputs(c, nil); !strings.Contains(strings.Join(got, ","), "t-skip") || Skipped(c, nil)["needs another title"] != nil {
		t.Errorf("defaults = %v", got)
	}
}
