package main

import (
	"database/sql"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	_ "modernc.org/sqlite"
)

// TestMain lets testscript run the command in-process as "commonplace".
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"commonplace": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		"mkdb":        mkdb,
		"mvq":         mvq,
	})
}

// TestScripts runs the CLI scenarios in testdata/*.txtar. $SAMPLES is the
// project's samples/ folder, $EXAMPLES its examples/ folder and $SEED the
// shared seed entry's folder.
func TestScripts(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	testscript.Run(t, testscript.Params{
		Dir: "testdata",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SAMPLES", filepath.Join(root, "samples"))
			env.Setenv("EXAMPLES", filepath.Join(root, "examples"))
			env.Setenv("SOURCE_DATE_EPOCH", "1700000000")
			env.Setenv("TZ", "UTC")
			return nil
		},
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") != "",
		Cmds:          map[string]func(ts *testscript.TestScript, neg bool, args []string){"pngsize": pngSize, "settle": settle},
	})
}

// pngSize is the test command "pngsize FILE W H": FILE is a PNG image of
// W×H pixels.
func pngSize(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: pngsize FILE WIDTH HEIGHT")
	}
	f, err := os.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	ts.Check(err)
	got := fmt.Sprintf("%d %d", cfg.Width, cfg.Height)
	if (got == args[1]+" "+args[2]) == neg {
		ts.Fatalf("%s is %s pixels, want %s %s", args[0], got, args[1], args[2])
	}
}

// settle is the test command "settle DIR": every file in DIR gets a
// modification time an hour ago, so that the cache takes it as settled
// (a file changed a moment ago is parsed again on the next run) and a
// warm run is served from the cache's quote index.
func settle(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: settle DIR")
	}
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(ts.MkAbs(args[0]), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	ts.Check(err)
}

// mkdb is the test command "mkdb SQLFILE DB": it creates the SQLite
// database DB from the statements in SQLFILE (a Kobo fixture is kept as
// SQL text, not as a binary file).
func mkdb() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: mkdb SQLFILE DB")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err == nil {
		var db *sql.DB
		if db, err = sql.Open("sqlite", os.Args[2]); err == nil {
			_, err = db.Exec(string(src))
			if cerr := db.Close(); err == nil {
				err = cerr
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkdb:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// mvq is the test command "mvq SRC DST": it renames SRC to DST, whose
// backslash escapes (\n, \x1b, \u202e) are read as Go reads them, so a
// script can make files whose names hold control characters.
func mvq() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: mvq SRC DST")
		os.Exit(2)
	}
	dst, err := strconv.Unquote(`"` + os.Args[2] + `"`)
	if err == nil {
		err = os.Rename(os.Args[1], dst)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mvq:", err)
		os.Exit(1)
	}
	os.Exit(0)
}
