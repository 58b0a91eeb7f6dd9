package sitebuild

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
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

// TestStopGentlyInterrupts: a cancelled command gets an interrupt, as from
// Ctrl+C, and may clean up and exit 0 ("go tool" removes its temporary build
// folder); it is not killed. The shell below exits 0 only on SIGINT.
func TestStopGentlyInterrupts(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "sh", "-c", `trap 'echo interrupted; exit 0' INT; echo ready; while :; do sleep 0.05; done`)
	stopGently(cmd)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(out)
	if line, _ := r.ReadString('\n'); line != "ready\n" {
		t.Fatalf("first line %q", line)
	}
	cancel()
	rest, _ := io.ReadAll(r)
	err = cmd.Wait()
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Wait = %v, want the context's error after a clean exit (a kill gives \"signal: killed\")", err)
	}
	if string(rest) != "interrupted\n" {
		t.Errorf("the command printed %q after cancel, want its SIGINT handler's \"interrupted\"", rest)
	}
}
