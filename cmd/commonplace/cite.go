package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/commonplace-book/commonplace/model"
)

func newCiteCmd() *cobra.Command {
	var style, markup string
	cmd := &cobra.Command{
		Use:   "cite [--style STYLE] [--markup text|md|html] PATH...",
		Short: "Print the citation of each entry (file or folder)",
		Long: `Cite prints the citation of each entry named, one line per entry; a folder
means every entry in it. The style is chicago (full note), chicago-bib
(bibliography), mla, apa or short; default from the folder's settings, else
chicago. --markup md or html shows italics; the default is plain text.`,
		Example: `  commonplace cite samples/walden.md
  commonplace cite --style apa --markup html samples/poems/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if style != "" && !validStyle(style) {
				return usageErr("unknown style %q (known: %s)", style, strings.Join(model.Styles, ", "))
			}
			switch markup {
			case "text", "md", "html":
			default:
				return usageErr("unknown markup %q (known: text, md, html)", markup)
			}
			out := cmd.OutOrStdout()
			failed := false
			for _, p := range args {
				entries, settings, probs, err := entriesAt(p)
				if err != nil {
					return usageErr("%v", err)
				}
				printProblems(cmd.ErrOrStderr(), probs, false)
				if model.Errors(probs) > 0 {
					failed = true
				}
				st := style
				if st == "" {
					st = settings.Defaults().Style
				}
				for _, e := range entries {
					runs, err := model.Cite(e, st)
					if err != nil {
						return usageErr("%v", err)
					}
					switch markup {
					case "md":
						fmt.Fprintln(out, model.Markdown(runs))
					case "html":
						fmt.Fprintln(out, model.HTML(runs, nil))
					default:
						fmt.Fprintln(out, model.Plain(runs))
					}
				}
			}
			if failed {
				return inputErr(nil)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&style, "style", "", "citation style: "+strings.Join(model.Styles, ", "))
	cmd.Flags().StringVar(&markup, "markup", "text", "output markup: text, md or html")
	cmd.RegisterFlagCompletionFunc("style", completeStyles)
	return cmd
}

// entriesAt loads the entries at p: every entry of a folder, or one file
// (with the settings of the folder it is in).
func entriesAt(p string) ([]*model.Entry, model.Settings, []model.Problem, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, model.Settings{}, nil, fmt.Errorf("cite: %w", err)
	}
	if info.IsDir() {
		c, err := model.Load(p, model.LoadOptions{})
		if err != nil {
			return nil, model.Settings{}, nil, err
		}
		return c.Entries, c.Settings, c.Problems, nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, model.Settings{}, nil, fmt.Errorf("cite: %w", err)
	}
	settings, _ := model.ReadSettings(filepath.Dir(p))
	e, probs := model.ParseEntry(filepath.ToSlash(p), data)
	e, probs = model.ApplySettings(settings, e, probs)
	if e == nil {
		if model.Errors(probs) == 0 {
			probs = append(probs, model.Problem{Path: filepath.ToSlash(p), Severity: model.Warning, Message: "not published (published: false); skipped"})
		}
		return nil, settings, probs, nil
	}
	return []*model.Entry{e}, settings, probs, nil
}
