package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/feed"
)

// exitError carries an exit code out of a command; a nil err prints
// nothing more.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageErr reports a usage error (exit 2).
func usageErr(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

// inputErr reports input problems (exit 1); with a nil message it only
// sets the exit code, the problems having been printed already.
func inputErr(err error) error { return &exitError{code: 1, err: err} }

// dirArg returns the collection folder from the arguments (default ".").
func dirArg(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return "."
}

// collectionFlags are the flags every command that loads a collection has.
type collectionFlags struct {
	drafts bool
	style  string
}

func (f *collectionFlags) add(cmd *cobra.Command, withStyle bool) {
	cmd.Flags().BoolVar(&f.drafts, "drafts", false, "also load entries under _drafts/")
	if withStyle {
		cmd.Flags().StringVar(&f.style, "style", "", "citation style: "+strings.Join(model.Styles, ", ")+" (default from settings, else chicago)")
		cmd.RegisterFlagCompletionFunc("style", completeStyles)
	}
}

// load reads the collection in dir with flags applied over its settings.
// It prints every problem to stderr (to stdout when toStdout: they are
// check's result) — warnings only when showWarnings — and returns the
// collection; a usage error when a flag value is invalid.
func (f *collectionFlags) load(cmd *cobra.Command, dir string, showWarnings bool, toStdout ...bool) (*model.Collection, error) {
	if f.style != "" && !validStyle(f.style) {
		return nil, usageErr("unknown style %q (known: %s)", f.style, strings.Join(model.Styles, ", "))
	}
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return nil, usageErr("%s is not a folder", dir)
	}
	c, err := model.Load(dir, model.LoadOptions{Drafts: f.drafts, Override: &model.Settings{Style: f.style}})
	if err != nil {
		return nil, inputErr(err)
	}
	w := cmd.ErrOrStderr()
	if len(toStdout) > 0 && toStdout[0] {
		w = cmd.OutOrStdout()
		showWarnings = true
	}
	printProblems(w, c.Problems, showWarnings)
	return c, nil
}

func validStyle(s string) bool {
	for _, k := range model.Styles {
		if s == k {
			return true
		}
	}
	return false
}

// printProblems writes problems as FILE:LINE: message.
func printProblems(w io.Writer, ps []model.Problem, warnings bool) {
	for _, p := range ps {
		if p.Severity == model.Warning && !warnings {
			continue
		}
		fmt.Fprintln(w, p.String())
	}
}

// sourceDateEpoch returns the time SOURCE_DATE_EPOCH pins, or the zero
// time when it is unset.
func sourceDateEpoch() (time.Time, error) {
	v := strings.TrimSpace(os.Getenv("SOURCE_DATE_EPOCH"))
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, usageErr("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", v)
	}
	return time.Unix(n, 0).UTC(), nil
}

// writeOutput writes what fn produces to path: standard output for "" or
// "-"; otherwise a temporary file beside path, renamed over it only when
// fn succeeded, so a failure never leaves a partial file. When the result
// equals the existing file, the file is left untouched and changed is
// false.
func writeOutput(stdout io.Writer, path string, fn func(io.Writer) error) (changed bool, err error) {
	if path == "" || path == "-" {
		var buf bytes.Buffer
		if err := fn(&buf); err != nil {
			return false, err
		}
		_, err := stdout.Write(buf.Bytes())
		return true, err
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return false, fmt.Errorf("write %s: it is a folder; name a file", path)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return false, fmt.Errorf("write %s: %w", path, err)
	}
	tmpName := tmp.Name()
	defer func() {
		if err != nil || !changed {
			os.Remove(tmpName)
		}
	}()
	if err := fn(tmp); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, fmt.Errorf("write %s: %w", path, err)
	}
	if same, _ := sameContent(tmpName, path); same {
		return false, nil
	}
	if err := os.Chmod(tmpName, 0o644); err != nil {
		return false, fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmpName, path); err != nil {
		return false, fmt.Errorf("write %s: %w", path, err)
	}
	return true, nil
}

// writeFormat is writeOutput for a format's output: for fortune written to
// a file, FILE.dat (its strfile index, which `fortune FILE` needs) is
// written beside it from the same bytes.
func writeFormat(stdout io.Writer, path, format string, fn func(io.Writer) error) (changed bool, err error) {
	if format != "fortune" || path == "" || path == "-" {
		return writeOutput(stdout, path, fn)
	}
	var data bytes.Buffer
	changed, err = writeOutput(stdout, path, func(w io.Writer) error { return fn(io.MultiWriter(w, &data)) })
	if err != nil {
		return changed, err
	}
	datChanged, err := writeOutput(stdout, path+".dat", func(w io.Writer) error { return feed.WriteDat(w, data.Bytes()) })
	return changed || datChanged, err
}

// sameContent reports whether files a and b have identical bytes.
func sameContent(a, b string) (bool, error) {
	ib, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	ia, err := os.Stat(a)
	if err != nil || ia.Size() != ib.Size() {
		return false, err
	}
	x, err := os.ReadFile(a)
	if err != nil {
		return false, err
	}
	y, err := os.ReadFile(b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(x, y), nil
}

var errProblems = errors.New("input problems (see above)")

// completeStyles completes --style values.
func completeStyles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return model.Styles, cobra.ShellCompDirectiveNoFileComp
}
