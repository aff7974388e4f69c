package main

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run the command in-process as "commonplace".
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"commonplace": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
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
	})
}
