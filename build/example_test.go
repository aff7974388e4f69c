package build_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commonplace-book/commonplace/build"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	_ "github.com/commonplace-book/commonplace/render/all" // the built-in formats
	"github.com/commonplace-book/commonplace/render/feed"
)

// Build a collection's quote of the day and its RSS feed into a folder,
// as `commonplace build --only text,rss -o DIR` does.
func Example() {
	c, err := model.Load("../samples", model.LoadOptions{})
	if err != nil {
		log.Fatal(err)
	}
	dir, _ := os.MkdirTemp("", "site")
	defer os.RemoveAll(dir)

	results, err := build.Run(context.Background(), c, build.Plan{
		Dir:     dir,
		Outputs: []string{"text", "rss"},
		Options: render.Options{Now: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)},
	})
	if err != nil {
		log.Fatal(err) // the plan itself is wrong
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Println(r.Output, "failed:", r.Err)
			continue
		}
		fmt.Println(r.Output, "→", filepath.Base(r.Path()))
	}
	// Output:
	// text → today.txt
	// rss → feed.xml
}

// Change a setting from code, as a command-line flag does: the sections
// resolved once (render.ResolveConfigs), a field of the feed's config set
// (here its width, as `--width 30`), and the configs passed to Run.
func ExampleRun_settings() {
	c, err := model.Load("../samples", model.LoadOptions{})
	if err != nil {
		log.Fatal(err)
	}
	dir, _ := os.MkdirTemp("", "site")
	defer os.RemoveAll(dir)

	cfgs, probs := render.ResolveConfigs(c)
	if model.Errors(probs) > 0 {
		log.Fatal(model.ErrorOf(probs)) // each at its line of commonplace.yaml
	}
	fc := cfgs[feed.Section].(feed.Config)
	fc.Width = 30
	cfgs = cfgs.With(feed.Section, fc)

	results, err := build.Run(context.Background(), c, build.Plan{
		Dir:     dir,
		Outputs: []string{"text"},
		Options: render.Options{Now: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC), Configs: cfgs},
	})
	if err != nil || results[0].Err != nil {
		log.Fatal(err, results[0].Err)
	}
	text, _ := os.ReadFile(results[0].Path())
	longest := 0
	for _, line := range strings.Split(string(text), "\n") {
		longest = max(longest, utf8.RuneCountInString(line))
	}
	fmt.Println("wrapped at 30:", longest <= 30)
	// Output:
	// wrapped at 30: true
}
