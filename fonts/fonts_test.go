package fonts

import (
	"bytes"
	"testing"
)

// TestBytes: every font file is given whole, the same as the embedded
// file system holds it, from a variable of its own (no copy per call);
// the licences are read from the file system; an unknown name is an
// error naming it.
func TestBytes(t *testing.T) {
	names := Names()
	if len(names) != len(faceData) {
		t.Errorf("%d font files, %d in faceData", len(names), len(faceData))
	}
	for _, name := range names {
		want, err := files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Bytes(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, want the file's %d", name, len(got), len(want))
		}
		again, _ := Bytes(name)
		if &again[0] != &got[0] {
			t.Errorf("%s: copied at each call", name)
		}
		if cap(got) != len(got) {
			t.Errorf("%s: room to append over the program's data", name)
		}
	}
	if b, err := Bytes("OFL.txt"); err != nil || !bytes.Contains(b, []byte("Open Font License")) {
		t.Errorf("OFL.txt: %v, %.40q", err, b)
	}
	if _, err := Bytes("missing.ttf"); err == nil || !bytes.Contains([]byte(err.Error()), []byte("missing.ttf")) {
		t.Errorf("missing.ttf: %v", err)
	}
}
