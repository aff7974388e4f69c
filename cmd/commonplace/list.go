package main

import (
	"bufio"

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
			// Entries are read whole a window at a time as they are
			// printed, from the cache's index (with --no-cache, an index
			// of this run only), so memory does not grow with the
			// collection.
			f.lazy = f.entryCache() != nil
			f.index = true
			c, err := f.load(cmd, dirArg(args), false)
			if err != nil {
				return err
			}
			style := c.Settings.Defaults().Style
			out := bufio.NewWriterSize(cmd.OutOrStdout(), 64<<10)
			if asJSON {
				if err := build.WriteEntriesJSON(out, c, style); err != nil {
					return inputErr(err)
				}
			} else {
				err := build.WriteEntriesText(out, c)
				if err != nil {
					return inputErr(err)
				}
			}
			if err := out.Flush(); err != nil {
				return err
			}
			if model.Errors(c.Problems) > 0 {
				return inputErr(nil)
			}
			return nil
		},
	}
	f.add(cmd, false)
	f.addCache(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the model as JSON")
	return cmd
}
