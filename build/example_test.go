package build_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/commonplace-book/commonplace/build"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	_ "github.com/commonplace-book/commonplace/render/all" // the built-in formats
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
