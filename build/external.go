package build

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// ExternalPrefix begins the name of an out-of-process renderer's
// executable on PATH: commonplace-render-NAME renders format NAME.
const ExternalPrefix = "commonplace-render-"

// DefaultTimeout bounds one run of an out-of-process renderer when its
// settings give no timeout.
const DefaultTimeout = 2 * time.Minute

// External is a renderer run out of process, as mdBook runs its back
// ends. It is started in the collection's folder (relative paths in its
// command are relative to it), receives the collection as a Document in
// JSON on its standard input, and writes its files into the empty
// destination folder the Document's destination field names: the main
// file under the name its file field gives, any others beside it. The
// environment also carries COMMONPLACE_DEST (the folder) and
// COMMONPLACE_FILE (the main file's name). What it prints on standard
// error or output is relayed to Options.Stderr, each line prefixed with
// the format's name. A non-zero exit, a run over the timeout, or no main
// file is an error for this output only; the files it wrote are then
// discarded. Otherwise every file is written as a built-in renderer's
// are (atomically, unchanged files untouched).
type External struct {
	// Format is the format's name.
	Format string
	// Command is the program and its arguments.
	Command []string
	// Ext is the main file's extension with its dot (".md").
	Ext string
	// File is the main file's default name in a build.
	File string
	// Timeout bounds one run.
	Timeout time.Duration
	// Source says where the renderer was found: "settings" or the path
	// of the executable.
	Source string
}

// Name returns the format's name.
func (x *External) Name() string { return x.Format }

// MediaType returns "application/octet-stream": an external renderer
// does not declare one.
func (x *External) MediaType() string { return "application/octet-stream" }

// Extension returns the main file's extension.
func (x *External) Extension() string { return x.Ext }

// Output declares the main file; external outputs are built only when
// named.
func (x *External) Output() render.Output { return render.Output{File: x.File} }

// Render runs the renderer and copies its main file to w.
func (x *External) Render(w io.Writer, c *model.Collection, o render.Options) error {
	main := "book" + x.Ext
	return x.RenderFiles(func(name string) (io.Writer, error) {
		if name == main {
			return w, nil
		}
		return io.Discard, nil
	}, main, c, o)
}

// RenderFiles runs the renderer in a fresh folder and hands every file
// it wrote to create, the main file first.
func (x *External) RenderFiles(create render.Create, main string, c *model.Collection, o render.Options) error {
	if len(x.Command) == 0 {
		return fmt.Errorf("render %s: no command", x.Format)
	}
	dest, err := os.MkdirTemp("", "commonplace-render-"+x.Format+"-")
	if err != nil {
		return fmt.Errorf("render %s: %w", x.Format, err)
	}
	defer os.RemoveAll(dest)
	doc := NewDocument(c, x.Format, dest, main, "", o.Now)
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("render %s: %w", x.Format, err)
	}

	timeout := x.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(o.Ctx(), timeout)
	defer cancel()
	prog := x.Command[0]
	if strings.ContainsRune(prog, '/') && !filepath.IsAbs(prog) && c.Root != "" {
		if abs, err := filepath.Abs(filepath.Join(c.Root, prog)); err == nil {
			prog = abs
		}
	}
	cmd := exec.CommandContext(ctx, prog, x.Command[1:]...)
	cmd.Dir = c.Root
	cmd.Env = append(os.Environ(), "COMMONPLACE_DEST="+dest, "COMMONPLACE_FILE="+main)
	cmd.Stdin = &in
	stderr := o.Stderr
	if stderr == nil {
		stderr = os.Stderr
	}
	relay := &lineRelay{w: stderr, prefix: x.Format + ": "}
	cmd.Stdout, cmd.Stderr = relay, relay
	cmd.WaitDelay = 5 * time.Second // children holding the pipes open
	err = cmd.Run()
	relay.flush()
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return fmt.Errorf("render %s: %s did not finish within %s", x.Format, x.Command[0], timeout)
	case errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("render %s: cannot run %s: %w", x.Format, x.Command[0], err)
	case err != nil:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("render %s: %s failed (%s)", x.Format, x.Command[0], ee.ProcessState)
		}
		return fmt.Errorf("render %s: %w", x.Format, err)
	}

	var files []string
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dest, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("render %s: %w", x.Format, err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i] == main || (files[j] != main && files[i] < files[j]) })
	if len(files) == 0 || files[0] != main {
		return fmt.Errorf("render %s: %s exited without writing %s", x.Format, x.Command[0], main)
	}
	for _, f := range files {
		w, err := create(f)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(f)))
		if err != nil {
			return fmt.Errorf("render %s: %w", x.Format, err)
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	return nil
}

// lineRelay writes what it receives to w line by line, each line
// prefixed; it is safe for the two pipes of one process.
type lineRelay struct {
	mu     sync.Mutex
	w      io.Writer
	prefix string
	buf    []byte
}

func (r *lineRelay) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.buf = append(r.buf, p...)
	for {
		i := bytes.IndexByte(r.buf, '\n')
		if i < 0 {
			break
		}
		fmt.Fprintf(r.w, "%s%s\n", r.prefix, r.buf[:i])
		r.buf = r.buf[i+1:]
	}
	return len(p), nil
}

func (r *lineRelay) flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) > 0 {
		fmt.Fprintf(r.w, "%s%s\n", r.prefix, r.buf)
		r.buf = nil
	}
}

// validName is what an external format's name may be.
var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// Lookup returns the renderer for the format name: a built-in one, else
// one declared in the settings' renderers section, else an executable
// commonplace-render-NAME on PATH. An unknown name is an error wrapping
// ErrUnknownFormat that lists the known ones.
func Lookup(c *model.Collection, name string) (render.Renderer, error) {
	if r, err := render.Lookup(name); err == nil {
		return r, nil
	}
	if validName.MatchString(name) {
		if x, err := declared(c, name); x != nil || err != nil {
			return x, err
		}
		if p, err := exec.LookPath(ExternalPrefix + name); err == nil {
			return &External{Format: name, Command: []string{p}, Ext: "." + name, File: "book." + name,
				Timeout: DefaultTimeout, Source: p}, nil
		}
	}
	var known []string
	for _, r := range Formats(c) {
		known = append(known, r.Name())
	}
	return nil, &unknownError{kind: "format", name: name, known: known}
}

// declared returns the renderer the settings declare under name, or nil.
func declared(c *model.Collection, name string) (*External, error) {
	if c == nil {
		return nil, nil
	}
	rs, ok := c.Settings.Renderers[name]
	if !ok {
		return nil, nil
	}
	if len(rs.Command) == 0 {
		return nil, fmt.Errorf("settings: renderers.%s has no command", name)
	}
	x := &External{Format: name, Command: rs.Command, Ext: rs.Extension, File: rs.File, Timeout: DefaultTimeout, Source: "settings"}
	if x.Ext == "" {
		x.Ext = "." + name
	}
	if x.File == "" {
		x.File = "book" + x.Ext
	}
	if rs.Timeout != "" {
		d, err := time.ParseDuration(rs.Timeout)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("settings: renderers.%s.timeout %q is not a duration such as 30s or 2m", name, model.Safe(rs.Timeout, 40))
		}
		x.Timeout = d
	}
	return x, nil
}

// Formats returns every format available for c: the built-in ones in
// registration order, then those the settings declare and those found on
// PATH, by name (a declared one hides one on PATH; neither can hide a
// built-in format). c may be nil: PATH only.
func Formats(c *model.Collection) []render.Renderer {
	out := render.Registered()
	seen := map[string]bool{}
	for _, r := range out {
		seen[r.Name()] = true
	}
	var ext []render.Renderer
	if c != nil {
		for name := range c.Settings.Renderers {
			if seen[name] || !validName.MatchString(name) {
				continue
			}
			if x, err := declared(c, name); err == nil && x != nil {
				seen[name] = true
				ext = append(ext, x)
			}
		}
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name, ok := strings.CutPrefix(e.Name(), ExternalPrefix)
			if !ok || seen[name] || !validName.MatchString(name) {
				continue
			}
			p := filepath.Join(dir, e.Name())
			if info, err := os.Stat(p); err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
				continue
			}
			seen[name] = true
			ext = append(ext, &External{Format: name, Command: []string{p}, Ext: "." + name, File: "book." + name,
				Timeout: DefaultTimeout, Source: p})
		}
	}
	sort.Slice(ext, func(i, j int) bool { return ext[i].Name() < ext[j].Name() })
	return append(out, ext...)
}
