package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/commonplace-book/commonplace/build"
	"github.com/commonplace-book/commonplace/model"
)

func newCheckCmd() *cobra.Command {
	var f collectionFlags
	var strict bool
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Validate a collection: every problem as FILE:LINE: message",
		Long: `Check loads every entry of DIR and prints every problem found as
FILE:LINE: message (warnings marked "warning:"), then a summary line
"N entries, M quotes, K errors, W warnings". The settings in
commonplace.yaml are checked as build will use them: every section (pdf:,
epub:, feed:, build:, renderers:) by the output that reads it, each
problem at its line. It exits 1 when any file was rejected or any setting
is wrong; warnings (no author, no date, no quotes…) fail only with --strict.`,
		Example: `  commonplace check notes/
  commonplace check --strict notes/ && echo clean`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f.lazy = true // check needs no entry's body
			f.index = true
			c, err := f.load(cmd, dirArg(args), false, true)
			if err != nil {
				return err
			}
			// Every section as build will use it, each renderer checking
			// its own.
			settingsProblems := build.CheckSettings(c)
			printProblems(cmd.OutOrStdout(), settingsProblems, true)
			c.Problems = append(c.Problems, settingsProblems...)
			entries, quotes := c.Count()
			errs := model.Errors(c.Problems)
			warns := len(c.Problems) - errs
			fmt.Fprintf(cmd.OutOrStdout(), "%d %s, %d %s, %d %s, %d %s\n",
				entries, plural(entries, "entry", "entries"),
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
	f.addCache(cmd)
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 on warnings too")
	return cmd
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
