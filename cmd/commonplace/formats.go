package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/commonplace-book/commonplace/build"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

func newFormatsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "formats [DIR]",
		Short: "List the output formats: built in, and external renderers",
		Long: `Formats lists every output format: the built-in ones, then the external
renderers — those declared in DIR/commonplace.yaml (renderers:) and the
executables named commonplace-render-NAME on PATH. FILE is the name
'build' gives the output in its folder (with the files written beside it);
DEFAULT says whether 'build' makes it when the settings name no outputs.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var c *model.Collection
			if len(args) > 0 {
				if info, err := os.Stat(args[0]); err != nil || !info.IsDir() {
					return usageErr("%s is not a folder", args[0])
				}
				s, probs := model.ReadSettings(args[0])
				printProblems(cmd.ErrOrStderr(), probs, true)
				c = &model.Collection{Root: args[0], Settings: s}
			} else if s, _ := model.ReadSettings("."); len(s.Renderers) > 0 {
				c = &model.Collection{Root: ".", Settings: s}
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tMEDIA TYPE\tEXTENSION\tFILE\tDEFAULT\tSOURCE")
			for _, r := range build.Formats(c) {
				out := render.OutputOf(r)
				file := out.File
				for _, comp := range out.Companions {
					file += " " + out.File + comp
				}
				def := "no"
				if out.Default {
					def = "yes"
				}
				src := "built in"
				if x, ok := r.(*build.External); ok {
					src = x.Source
					if src == "settings" {
						src = "settings: " + strings.Join(x.Command, " ")
					}
				}
				ext := r.Extension()
				if ext == "" {
					ext = "-"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Name(), r.MediaType(), ext, file, def, src)
			}
			return tw.Flush()
		},
	}
}
