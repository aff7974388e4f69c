package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/commonplace-book/commonplace/model"
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
	// cache and noCache are --cache DIR and --no-cache (commands that
	// take them call addCache).
	cache    string
	noCache  bool
	hasCache bool
	// lazy loads entries without their bodies (model.LoadOptions.Lazy),
	// for commands that load the bodies they use.
	lazy bool
	// index loads from the cache's quote index when it is up to date
	// (model.LoadOptions.Index), for commands that read the collection
	// through Collection.Index, EachEntry or package daily.
	index bool
}

// addCache adds --cache and --no-cache.
func (f *collectionFlags) addCache(cmd *cobra.Command) {
	f.hasCache = true
	cmd.Flags().StringVar(&f.cache, "cache", "", "keep parsed entries (and the generated cover and the PDF's shaped words and line breaks) in this folder (default $XDG_CACHE_HOME/commonplace)")
	cmd.Flags().BoolVar(&f.noCache, "no-cache", false, "parse every entry, neither reading nor writing the cache")
}

// entryCache returns the cache of parsed entries the flags ask for, or nil.
func (f *collectionFlags) entryCache() *model.Cache {
	if !f.hasCache || f.noCache {
		return nil
	}
	dir := f.cache
	if dir == "" {
		d, err := model.DefaultCacheDir()
		if err != nil {
			return nil // no cache folder (no HOME): parse every time
		}
		dir = d
	}
	return &model.Cache{Dir: dir, Version: cacheVersion()}
}

// cacheVersion identifies this program for the cache: its version, the
// revision it was built from, and its executable's size and time, so
// that any rebuild parses afresh.
func cacheVersion() string {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok {
		v += " " + bi.GoVersion + " " + bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				v += " " + s.Value
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			v += fmt.Sprintf(" %d %d", st.Size(), st.ModTime().UnixNano())
		}
	}
	return v
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
// check's result) — warnings only when showWarnings, but for those about
// commonplace.yaml — and returns the
// collection; a usage error when a flag value is invalid.
func (f *collectionFlags) load(cmd *cobra.Command, dir string, showWarnings bool, toStdout ...bool) (*model.Collection, error) {
	if f.style != "" && !validStyle(f.style) {
		return nil, usageErr("unknown style %q (known: %s)", f.style, strings.Join(model.Styles, ", "))
	}
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return nil, usageErr("%s is not a folder", dir)
	}
	if f.index && os.Getenv("GOGC") == "" {
		// The quote index is one block without pointers, cheap to
		// collect around: half the usual headroom keeps the peak low
		// (GOGC overrides).
		debug.SetGCPercent(50)
	}
	c, err := model.Load(dir, model.LoadOptions{Drafts: f.drafts, Override: &model.Settings{Style: f.style},
		Cache: f.entryCache(), Lazy: f.lazy, Index: f.index})
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

// printProblems writes problems as FILE:LINE: message. Warnings about
// commonplace.yaml (a deprecated key) are always shown; the others only
// when warnings is set.
func printProblems(w io.Writer, ps []model.Problem, warnings bool) {
	for _, p := range ps {
		if p.Severity == model.Warning && !warnings && p.Path != model.SettingsFile {
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

// completeStyles completes --style values.
func completeStyles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return model.Styles, cobra.ShellCompDirectiveNoFileComp
}
