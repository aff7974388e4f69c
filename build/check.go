package build

import (
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// CheckSettings validates c's settings as Run and the renderers will use
// them and returns every problem, each naming commonplace.yaml and the
// line of the setting: build.outputs and build.names must name known
// outputs and file names inside the output folder, each declared
// renderer needs a command and a valid timeout, every renderer that
// owns a section parses it (render.ResolveConfigs: its own parser, once
// per section, unknown keys and unknown sections included), and the
// collection's own layouts/labels/ files for its language must parse
// (model.CheckLabels; those problems name their file).
func CheckSettings(c *model.Collection) []model.Problem {
	var out []model.Problem
	prob := func(key string, format string, args ...any) {
		out = append(out, render.SettingsProblem(c, key, false, format, args...))
	}
	names := map[string]bool{}
	for _, r := range Formats(c) {
		names[r.Name()] = true
	}
	known := func() string {
		var ns []string
		for _, r := range Formats(c) {
			ns = append(ns, r.Name())
		}
		return strings.Join(ns, ", ")
	}
	for _, o := range c.Settings.Build.Outputs {
		if o = strings.TrimSpace(o); o != "" && !names[o] {
			if _, err := Lookup(c, o); err != nil {
				prob("build.outputs", "unknown output %q (known: %s)", model.Safe(o, 40), known())
			}
		}
	}
	keys := make([]string, 0, len(c.Settings.Build.Names))
	for k := range c.Settings.Build.Names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !names[k] {
			if _, err := Lookup(c, k); err != nil {
				prob("build.names."+k, "unknown output %q (known: %s)", model.Safe(k, 40), known())
			}
		}
		v := c.Settings.Build.Names[k]
		clean := filepath.Clean(filepath.FromSlash(v))
		if v == "" || filepath.IsAbs(clean) || clean == "." || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			prob("build.names."+k, "%q is not a file name inside the output folder", model.Safe(v, 60))
		}
	}
	rnames := make([]string, 0, len(c.Settings.Renderers))
	for n := range c.Settings.Renderers {
		rnames = append(rnames, n)
	}
	sort.Strings(rnames)
	for _, n := range rnames {
		switch {
		case !validName.MatchString(n):
			prob("renderers."+n, "%q is not a format name (lower-case letters, digits, - and _)", model.Safe(n, 40))
			continue
		case render.IsRegistered(n):
			prob("renderers."+n, "%q is a built-in format; a declared renderer cannot replace it", n)
			continue
		}
		rs := c.Settings.Renderers[n]
		if len(rs.Command) == 0 {
			prob("renderers."+n+".command", "no command: give the program and its arguments, as [python3, render.py]")
		}
		if rs.Timeout != "" {
			if d, err := time.ParseDuration(rs.Timeout); err != nil || d <= 0 {
				prob("renderers."+n+".timeout", "%q is not a duration such as 30s or 2m", model.Safe(rs.Timeout, 40))
			}
		}
	}
	_, probs := render.ResolveConfigs(c)
	out = append(out, probs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	// the collection's own label files for its language
	return append(out, model.CheckLabels(c.Root, c.Settings.Defaults().Language)...)
}
