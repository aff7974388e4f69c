package build

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// repoRoot returns the repository's root folder.
func repoRoot(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..")
}

// samples loads samples/ plus entries of every odd shape, so that the
// document holds every field the model can give.
func samples(t *testing.T) *model.Collection {
	t.Helper()
	dir := rendertest.CopySamples(t)
	extra := map[string]string{
		"notes.md":  "---\ntitle: Notes\nauthor: F N\ntranslator: T R\neditor: E D\naccessed: 2020-01-02\npages: 3-4\n---\n\n\"One[^a] *two* **three** `four` [five](https://example.org)  \nsix.\"\n\nCommentary.\n\n# Heading\n\n---\n\n    code\n\n[^a]: A note.\n",
		"arabic.md": "---\ntitle: Ar\nlang: ar\n---\n\n\"قال نعم.\"\n",
	}
	for name, body := range extra {
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
	c, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDocumentMatchesSchema validates the document an external renderer
// receives against the published docs/collection.schema.json, and checks
// that the schema declares every key the document holds (outside the
// settings and an entry's extra fields, which are open).
func TestDocumentMatchesSchema(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "collection.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatalf("schema: %v", err)
	}
	c := samples(t)
	doc := NewDocument(c, "digest", "/tmp/dest", "book.md", "", time.Unix(1700000000, 0))
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	sv := &schemaValidator{root: schema}
	sv.validate(schema, v, "$")
	for _, e := range sv.errs {
		t.Error(e)
	}
	var undeclared []string
	for k := range sv.undeclared {
		undeclared = append(undeclared, k)
	}
	sort.Strings(undeclared)
	if len(undeclared) > 0 {
		t.Errorf("keys not declared in docs/collection.schema.json (declare them): %s", strings.Join(undeclared, ", "))
	}
	// The validator itself rejects what it should.
	bad := &schemaValidator{root: schema}
	bad.validate(schema, map[string]any{"version": 2.0, "entries": []any{map[string]any{"path": 3.0}}}, "$")
	if len(bad.errs) < 3 {
		t.Errorf("a bad document gave only %v", bad.errs)
	}
}

// schemaValidator checks a value against the parts of JSON Schema 2020-12
// the published schema uses: type, const, enum, properties, required,
// items, additionalProperties, minimum, maximum and local $ref.
type schemaValidator struct {
	root       map[string]any
	errs       []string
	undeclared map[string]bool
}

func (sv *schemaValidator) fail(path, format string, args ...any) {
	sv.errs = append(sv.errs, path+": "+fmt.Sprintf(format, args...))
}

func (sv *schemaValidator) validate(s map[string]any, v any, path string) {
	if ref, ok := s["$ref"].(string); ok {
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		def, _ := sv.root["$defs"].(map[string]any)[name].(map[string]any)
		if !ok || def == nil {
			sv.fail(path, "unresolved $ref %s", ref)
			return
		}
		sv.validate(def, v, path+"<"+name+">")
		return
	}
	if c, ok := s["const"]; ok && !reflect.DeepEqual(c, v) {
		sv.fail(path, "is %v, want %v", v, c)
	}
	if enum, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || reflect.DeepEqual(e, v)
		}
		if !found {
			sv.fail(path, "%v is not one of %v", v, enum)
		}
	}
	if typ, ok := s["type"].(string); ok && !hasType(v, typ) {
		sv.fail(path, "is %T, want %s", v, typ)
		return
	}
	if n, ok := v.(float64); ok {
		if min, ok := s["minimum"].(float64); ok && n < min {
			sv.fail(path, "%v is below %v", n, min)
		}
		if max, ok := s["maximum"].(float64); ok && n > max {
			sv.fail(path, "%v is above %v", n, max)
		}
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := v[r.(string)]; !ok {
				sv.fail(path, "lacks required %q", r)
			}
		}
		for k, val := range v {
			if ps, ok := props[k].(map[string]any); ok {
				sv.validate(ps, val, path+"."+k)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					sv.fail(path, "has undeclared %q", k)
				}
			case map[string]any:
				sv.validate(ap, val, path+"."+k)
			default:
				// Open objects (settings sections, extra) may hold any key;
				// the model's own objects declare theirs.
				if props != nil && !strings.Contains(path, "<settings>") {
					if sv.undeclared == nil {
						sv.undeclared = map[string]bool{}
					}
					sv.undeclared[regexp.MustCompile(`\[\d+\]`).ReplaceAllString(path, "[]")+"."+k] = true
				}
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, it := range v {
				sv.validate(items, it, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
}

func asList(v any) []any { l, _ := v.([]any); return l }

func hasType(v any, typ string) bool {
	switch typ {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == math.Trunc(n)
	case "null":
		return v == nil
	}
	return false
}

// script writes an executable shell script into dir.
func script(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestExampleRenderer builds the Python example renderer's Markdown digest
// of the samples end to end, declared in the settings, beside a built-in
// output.
func TestExampleRenderer(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	c := samples(t)
	example := filepath.Join(repoRoot(t), "examples", "markdown-digest", "commonplace-render-digest")
	c.Settings.Renderers = map[string]model.RendererSettings{
		"digest": {Command: []string{py, example}, Extension: ".md", File: "digest.md"}}
	var stderr bytes.Buffer
	res, err := Run(context.Background(), c, Plan{Outputs: []string{"digest", "t-text"},
		Options: render.Options{Stderr: &stderr}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("%s: %v\n%s", r.Output, r.Err, stderr.String())
		}
	}
	if res[1].Output != "digest" || filepath.Base(res[1].Path()) != "digest.md" {
		t.Fatalf("results = %+v", res)
	}
	md, err := os.ReadFile(res[1].Path())
	if err != nil {
		t.Fatal(err)
	}
	s := string(md)
	for _, want := range []string{"# A Commonplace Book of Public-Domain Passages\n", "## Sonnet 18\n", "> Shall I compare thee to a summer’s day?\n", "— William Shakespeare"} {
		if !strings.Contains(s, want) {
			t.Errorf("digest lacks %q", want)
		}
	}
	if got := stderr.String(); !regexp.MustCompile(`(?m)^digest: \d+ entries$`).MatchString(got) {
		t.Errorf("stderr not relayed with the format's name: %q", got)
	}
	// Again: unchanged.
	res, _ = Run(context.Background(), c, Plan{Outputs: []string{"digest"}, Options: render.Options{Stderr: &stderr}})
	if res[0].Err != nil || res[0].Changed {
		t.Errorf("second run: %+v", res[0])
	}
}

// TestExternalFailures: a non-zero exit, a timeout and a missing file
// each fail their output only, with a clear message, and leave nothing.
func TestExternalFailures(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("shell scripts")
	}
	bin := t.TempDir()
	c := collection(t, "T")
	c.Settings.Renderers = map[string]model.RendererSettings{
		"exits":   {Command: []string{script(t, bin, "exits", "echo 'bad input' >&2\nexit 3\n")}},
		"slow":    {Command: []string{script(t, bin, "slow", "exec sleep 30\n")}, Timeout: "300ms"},
		"nofile":  {Command: []string{script(t, bin, "nofile", "echo other > \"$COMMONPLACE_DEST/other.txt\"\n")}},
		"two":     {Command: []string{script(t, bin, "two", "cd \"$COMMONPLACE_DEST\"\ncat > \"$COMMONPLACE_FILE\"\nmkdir -p img && echo png > img/a.png\n")}, Extension: ".json"},
		"missing": {Command: []string{filepath.Join(bin, "no-such-program")}},
		"badtime": {Command: []string{"true"}, Timeout: "soon"},
	}
	var stderr bytes.Buffer
	start := time.Now()
	res, err := Run(context.Background(), c, Plan{Outputs: []string{"exits", "slow", "nofile", "two", "missing", "t-text"},
		Options: render.Options{Stderr: &stderr}})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the timeout did not stop the slow renderer (%s)", took)
	}
	want := map[string]string{
		"exits":   "render exits: .*exits failed \\(exit status 3\\)",
		"slow":    "render slow: .*slow did not finish within 300ms",
		"nofile":  "render nofile: .*nofile exited without writing book.nofile",
		"missing": "render missing: cannot run .*no-such-program",
	}
	for _, r := range res {
		pat, bad := want[r.Output]
		switch {
		case bad && (r.Err == nil || !regexp.MustCompile(pat).MatchString(r.Err.Error())):
			t.Errorf("%s: err = %v, want %s", r.Output, r.Err, pat)
		case !bad && r.Err != nil:
			t.Errorf("%s: %v", r.Output, r.Err)
		}
	}
	if !strings.Contains(stderr.String(), "exits: bad input\n") {
		t.Errorf("stderr = %q", stderr.String())
	}
	out := filepath.Join(c.Root, "out")
	for _, f := range []string{"book.nofile", "other.txt", "book.exits"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("%s written by a failed output", f)
		}
	}
	// The document went in on stdin; a second file came back beside it.
	data, err := os.ReadFile(filepath.Join(out, "book.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc Document
	if err := json.Unmarshal(data, &doc); err != nil || doc.Version != DocumentVersion || doc.Format != "two" || doc.File != "book.json" {
		t.Errorf("document = %+v, %v", doc, err)
	}
	if _, err := os.Stat(filepath.Join(out, "img", "a.png")); err != nil {
		t.Error("a second file was not written")
	}
	if _, err := Lookup(c, "badtime"); err == nil || !strings.Contains(err.Error(), `renderers.badtime.timeout "soon"`) {
		t.Errorf("bad timeout: %v", err)
	}
}

// TestExternalOnPath finds commonplace-render-NAME on PATH and lists it.
func TestExternalOnPath(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("shell scripts")
	}
	bin := t.TempDir()
	script(t, bin, ExternalPrefix+"upper", "echo done > \"$COMMONPLACE_DEST/$COMMONPLACE_FILE\"\n")
	script(t, bin, ExternalPrefix+"text", "exit 1\n") // cannot hide a built-in
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	c := collection(t, "T")
	r, err := Lookup(c, "upper")
	if err != nil {
		t.Fatal(err)
	}
	if x, ok := r.(*External); !ok || x.Ext != ".upper" || x.Source != filepath.Join(bin, ExternalPrefix+"upper") {
		t.Errorf("lookup = %+v", r)
	}
	var names []string
	for _, f := range Formats(c) {
		names = append(names, f.Name())
	}
	if !strings.Contains(strings.Join(names, ","), "upper") || strings.Count(strings.Join(names, ","), "t-text") != 1 {
		t.Errorf("formats = %v", names)
	}
	var b bytes.Buffer
	if _, err := WriteFile(&b, "-", r, c, render.Options{}); err != nil || b.String() != "done\n" {
		t.Errorf("stdout = %q, %v", b.String(), err)
	}
	if _, err := Lookup(c, "../upper"); err == nil {
		t.Error("a path was accepted as a format name")
	}
}
