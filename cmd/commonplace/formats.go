package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/commonplace-book/commonplace/render"
)

func newFormatsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "formats",
		Short: "List the registered output formats",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tMEDIA TYPE\tEXTENSION")
			for _, r := range render.All() {
				ext := r.Extension()
				if ext == "" {
					ext = "-"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Name(), r.MediaType(), ext)
			}
			return tw.Flush()
		},
	}
}
