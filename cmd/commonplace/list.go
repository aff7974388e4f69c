package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/commonplace-book/commonplace/build"
	"github.com/commonplace-book/commonplace/model"
)

func newListCmd() *cobra.Command {
	var f collectionFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json] [DIR]",
		Short: "List entries and quotes; --json prints the model",
		Long: `List prints each entry (path, author, title, date) with its quotes, one line
each. With --json it prints the model as a JSON array, one object per entry
(path, slug, id, source fields, citation, quotes with id, line, lang, dir,
text and rich-text blocks, commentary and notes): the interchange format for
scripts and out-of-process renderers. Problems go to stderr.`,
		Example: `  commonplace list notes/
  commonplace list --json notes/ | jq '.[] | {path, n: (.quotes | length)}'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.load(cmd, dirArg(args), false)
			if err != nil {
				return err
			}
			style := c.Settings.Defaults().Style
			out := cmd.OutOrStdout()
			if asJSON {
				items := build.Entries(c, style)
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				if err := enc.Encode(items); err != nil {
					return err
				}
			} else {
				for _, e := range c.Entries {
					var names []string
					for _, a := range e.Authors {
						names = append(names, a.String())
					}
					who := strings.Join(names, ", ")
					if who == "" {
						who = "Anonymous"
					}
					fmt.Fprintf(out, "%s\t%s\t%s\t%s\t%d %s\n", e.Path, who, e.Title, e.Date, len(e.Quotes), plural(len(e.Quotes), "quote", "quotes"))
					for _, q := range e.Quotes {
						text := strings.Join(strings.Fields(model.PlainBlocks(q.Blocks)), " ")
						if r := []rune(text); len(r) > 70 {
							text = string(r[:69]) + "…"
						}
						fmt.Fprintf(out, "  %s\t%s:%d\t%s\n", q.ID, e.Path, q.Line, text)
					}
				}
			}
			if model.Errors(c.Problems) > 0 {
				return inputErr(nil)
			}
			return nil
		},
	}
	f.add(cmd, false)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the model as JSON")
	return cmd
}
