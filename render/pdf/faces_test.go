package pdf

import (
	"os"
	"os/exec"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestLatinBookParsesOnlyItsFaces: typesetting a book in Latin script
// parses neither the Arabic nor the CJK face (the largest, parsed before
// a word is set, they held the start of every PDF back). Faces are
// parsed once per process, so the book is set in a process of its own.
func TestLatinBookParsesOnlyItsFaces(t *testing.T) {
	if os.Getenv("COMMONPLACE_TEST_FACES") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLatinBookParsesOnlyItsFaces$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "COMMONPLACE_TEST_FACES=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	entryPDF(t, "latin.md", "---\ntitle: Latin\nauthor: A. Writer\n---\n\n\"Words in one script, set and justified across a line or two, with a note.\"\n", model.Settings{Title: "Latin"})
	reg, err := registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []face{faceArabic, faceCJK} {
		if reg.Faces[f].Parsed() {
			t.Errorf("a Latin book parsed face %d (%s)", f, reg.Faces[f].File)
		}
	}
}
