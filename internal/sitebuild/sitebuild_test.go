package sitebuild

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRootFindsThisModule(t *testing.T) {
	root, err := Root(".")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(root, "internal", "sitebuild"); want != mustAbs(t, ".") {
		t.Errorf("Root(.) = %s, want the folder two levels above %s", root, mustAbs(t, "."))
	}
}

func TestRootRejectsOtherModules(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module other\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if root, err := Root(sub); err == nil {
		t.Fatalf("Root found %s in a tree with another module", root)
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
