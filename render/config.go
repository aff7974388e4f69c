package render

import (
	"fmt"
	"sort"
	"strings"

	"github.com/commonplace-book/commonplace/model"
)

// Configurable is implemented by renderers that read a section of
// commonplace.yaml (Output.Section). ParseConfig decodes that section
// (model.Settings.DecodeSection), validates it exactly as Render will use
// it (layout names, themes, time zones, hours, widths…) and resolves
// every default, once: it returns the renderer package's Config — values
// only, no field whose zero value stands for a default — and every
// problem, each at its line of commonplace.yaml. A value with an error is
// replaced by its default in the config. Renderers that share a section
// return the same config. `check` and `build` call it once per section
// (ResolveConfigs); the command line then overrides fields of the config
// explicitly, and passes it in Options.Configs.
type Configurable interface {
	ParseConfig(c *model.Collection) (any, []model.Problem)
}

// Configs holds the resolved config of each section, by section key.
type Configs map[string]any

// With returns a copy of cs with the config of section set to cfg (the
// original is shared by the outputs of a run and is never changed).
func (cs Configs) With(section string, cfg any) Configs {
	out := make(Configs, len(cs)+1)
	for k, v := range cs {
		out[k] = v
	}
	out[section] = cfg
	return out
}

// SectionOf returns the section key r reads: its Output's Section, else
// its name.
func SectionOf(r Renderer) string {
	if s := OutputOf(r).Section; s != "" {
		return s
	}
	return r.Name()
}

// ResolveConfigs parses the section of every registered renderer that is
// Configurable, once per section, and returns the configs by section key
// with every problem, sorted by line. A section with errors has no config
// (nil): its renderers fail with those errors (ConfigOf). A top-level key of commonplace.yaml
// that is neither a collection-wide setting nor a section some renderer
// reads is reported as unknown (a warning).
func ResolveConfigs(c *model.Collection) (Configs, []model.Problem) {
	cs := Configs{}
	var probs []model.Problem
	sections := map[string]bool{}
	for _, r := range Registered() {
		sec := SectionOf(r)
		cf, ok := r.(Configurable)
		if !ok {
			continue
		}
		sections[sec] = true
		if _, done := cs[sec]; done {
			continue
		}
		cfg, ps := cf.ParseConfig(c)
		cs[sec] = nil
		if model.Errors(ps) == 0 {
			cs[sec] = cfg
		}
		probs = append(probs, ps...)
	}
	keys := make([]string, 0, len(c.Settings.Sections))
	for k := range c.Settings.Sections {
		if !sections[k] {
			keys = append(keys, k)
		}
	}
	if len(keys) > 0 {
		known := model.SettingsKeys()
		for k := range sections {
			known = append(known, k)
		}
		sort.Strings(known)
		sort.Strings(keys)
		for _, k := range keys {
			probs = append(probs, model.Problem{Path: model.SettingsFile, Line: c.Settings.Sections[k].Line, Severity: model.Warning,
				Message: fmt.Sprintf("unknown setting %q (known: %s)", model.Safe(k, 40), strings.Join(known, ", "))})
		}
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Line < probs[j].Line })
	return cs, probs
}

// ConfigOf returns the config of section for a renderer: o.Configs'
// when it holds one of type T, else the one parse resolves from c's
// settings — an error when the section has errors (each is reported by
// `check` and `build` at its line).
func ConfigOf[T any](c *model.Collection, o Options, section string, parse func(*model.Collection) (T, []model.Problem)) (T, error) {
	if v, ok := o.Configs[section].(T); ok {
		return v, nil
	}
	cfg, probs := parse(c)
	return cfg, model.ErrorOf(probs)
}
