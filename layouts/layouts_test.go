package layouts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadOverride(t *testing.T) {
	root := t.TempDir()
	if _, from, err := Read(root, "pdf/a5.yaml"); err != nil || !strings.HasPrefix(from, "embedded:") {
		t.Fatalf("embedded default: %v %s", err, from)
	}
	os.MkdirAll(filepath.Join(root, "layouts", "pdf"), 0o755)
	os.WriteFile(filepath.Join(root, "layouts", "pdf", "a5.yaml"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(root, "layouts", "pdf", "pocket.yaml"), []byte("pocket"), 0o644)
	b, from, err := Read(root, "pdf/a5.yaml")
	if err != nil || string(b) != "mine" || strings.HasPrefix(from, "embedded:") {
		t.Errorf("collection override not used: %q from %s, %v", b, from, err)
	}
	names := Names(root, "pdf", ".yaml")
	if strings.Join(names, ",") != "6x9,a4,a5,letter,pocket" {
		t.Errorf("names %v", names)
	}
}

func TestReadRefusesEscapes(t *testing.T) {
	for _, rel := range []string{"../go.mod", "/etc/passwd", `pdf\a5.yaml`, "", "pdf/../../x"} {
		if _, _, err := Read(t.TempDir(), rel); err == nil {
			t.Errorf("Read(%q) must fail", rel)
		}
	}
	_, _, err := Read("", "pdf/nosuch.yaml")
	if err == nil || !strings.Contains(err.Error(), "a5.yaml") {
		t.Errorf("unknown layout error must list the known ones: %v", err)
	}
}
