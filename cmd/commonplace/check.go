package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/feed"
)

func newCheckCmd() *cobra.Command {
	var f collectionFlags
	var strict bool
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Validate a collection: every problem as FILE:LINE: message",
		Long: `Check loads every entry of DIR and prints every problem found as
FILE:LINE: message (warnings marked "warning:"), then a summary line
"N entries, M quotes, K errors, W warnings". It exits 1 when any file was
rejected; warnings (no author, no date, no quotes…) fail only with --strict.`,
		Example: `  commonplace check notes/
  commonplace check --strict notes/ && echo clean`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.load(cmd, dirArg(args), false, true)
			if err != nil {
				return err
			}
			feedProblems := feed.SettingsProblems(c)
			printProblems(cmd.OutOrStdout(), feedProblems, true)
			c.Problems = append(c.Problems, feedProblems...)
			quotes := 0
			for _, e := range c.Entries {
				quotes += len(e.Quotes)
			}
			errs := model.Errors(c.Problems)
			warns := len(c.Problems) - errs
			fmt.Fprintf(cmd.OutOrStdout(), "%d %s, %d %s, %d %s, %d %s\n",
				len(c.Entries), plural(len(c.Entries), "entry", "entries"),
				quotes, plural(quotes, "quote", "quotes"),
				errs, plural(errs, "error", "errors"),
				warns, plural(warns, "warning", "warnings"))
			if errs > 0 || (strict && warns > 0) {
				return inputErr(nil)
			}
			return nil
		},
	}
	f.add(cmd, false)
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 on warnings too")
	return cmd
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
