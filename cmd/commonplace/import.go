package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/commonplace-book/commonplace/importer"
)

func newImportCmd() *cobra.Command {
	var outDir string
	var dryRun bool
	var formats []string
	for _, f := range importer.Formats {
		formats = append(formats, fmt.Sprintf("  %-11s %s", f.Name, f.Description))
	}
	cmd := &cobra.Command{
		Use:   "import FORMAT FILE... [-o DIR] [--dry-run]",
		Short: "Bring highlights in from Kindle, Readwise, KOReader, Kobo or Hypothes.is",
		Long: `Import writes one entry per source (book or web page) into DIR (default the
current folder): each highlight a quote ending with its page or location,
each note the commentary after its highlight. Importing the same file again
changes nothing; a newer file adds only the new highlights to the entries
already there (matched by their source_key), never rewriting or deleting.
--dry-run prints what would change and writes nothing.

Formats:
` + strings.Join(formats, "\n"),
		Example: `  commonplace import kindle "/Volumes/Kindle/documents/My Clippings.txt" -o notes/
  commonplace import readwise readwise-data.csv -o notes/ --dry-run
  commonplace import kobo /Volumes/KOBOeReader/.kobo/KoboReader.sqlite -o notes/`,
		Args: cobra.MinimumNArgs(2),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return importer.Names(), cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveDefault
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			f, ok := importer.Lookup(args[0])
			if !ok {
				return usageErr("unknown import format %q (known: %s)", args[0], strings.Join(importer.Names(), ", "))
			}
			if info, err := os.Stat(outDir); err == nil && !info.IsDir() {
				return usageErr("-o %s is not a folder", outDir)
			}
			stderr, stdout := cmd.ErrOrStderr(), cmd.OutOrStdout()
			var sources []*importer.Source
			problems, failed := 0, false
			for _, file := range args[1:] {
				ss, probs, err := f.Read(file)
				for _, p := range probs {
					fmt.Fprintln(stderr, p)
					if !p.Warning {
						problems++
					}
				}
				if err != nil {
					fmt.Fprintln(stderr, err)
					failed = true
					continue
				}
				sources = append(sources, ss...)
			}
			res, err := importer.Write(outDir, sources, importer.Options{DryRun: dryRun})
			for _, p := range res.Problems {
				fmt.Fprintln(stderr, p)
			}
			if err != nil {
				return inputErr(err)
			}
			verb := map[bool]string{false: "created", true: "would create"}[dryRun]
			addVerb := map[bool]string{false: "added", true: "would add"}[dryRun]
			added := 0
			for _, c := range res.Changes {
				n := len(c.Added)
				added += n
				if c.Created {
					fmt.Fprintf(stdout, "%s %s (%d %s)\n", verb, c.Path, n, plural(n, "highlight", "highlights"))
				} else {
					fmt.Fprintf(stdout, "%s %d %s to %s\n", addVerb, n, plural(n, "highlight", "highlights"), c.Path)
				}
				if dryRun {
					for _, md := range c.Added {
						for _, l := range strings.Split(strings.TrimRight(md, "\n"), "\n") {
							fmt.Fprintln(stdout, "  + "+l)
						}
					}
				}
			}
			addedVerb := map[bool]string{false: "added", true: "would be added"}[dryRun]
			fmt.Fprintf(stdout, "%d %s %s, %d %s unchanged\n", added, plural(added, "highlight", "highlights"), addedVerb,
				res.Unchanged, plural(res.Unchanged, "entry", "entries"))
			if failed || problems > 0 {
				return inputErr(nil)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&outDir, "output", "o", ".", "folder to write the entries into")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would change, write nothing")
	return cmd
}
