package sitebuild

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWasmIsReproducible builds the module from a fresh git checkout of the
// tracked files twice, the second time with an untracked file beside them,
// and expects the same bytes. The control builds the same two states without
// -buildvcs=false and expects them to differ, so the test can fail.
func TestWasmIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm module four times")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git: ", err)
	}
	// A -buildvcs=false in GOFLAGS (some machines set it, in the environment
	// or in go env -w) would hide what the control looks for: only the flag
	// on sitebuild's command line may make the module reproducible.
	t.Setenv("GOFLAGS", "-buildvcs=auto")
	root, err := Root(".")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	repo := t.TempDir()
	files, err := exec.CommandContext(ctx, "git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	for _, f := range strings.Split(strings.TrimRight(string(files), "\x00"), "\x00") {
		b, err := os.ReadFile(filepath.Join(root, f))
		if os.IsNotExist(err) {
			continue // deleted in the work tree
		}
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(repo, f)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.invalid",
			"-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "snapshot")

	built := filepath.Join(repo, WasmDir, "molnkollen.wasm")
	var log bytes.Buffer
	project := func() []byte {
		t.Helper()
		log.Reset()
		if err := Wasm(ctx, Options{Root: repo, Stdout: &log, Stderr: &log}); err != nil {
			t.Fatalf("%v\n%s", err, log.String())
		}
		b, err := os.ReadFile(built)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// The control: the flags before -buildvcs=false.
	stamped := func() []byte {
		t.Helper()
		out := filepath.Join(t.TempDir(), "m.wasm")
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./wasm")
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("control build: %v\n%s", err, b)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	clean, cleanStamped := project(), stamped()
	if err := os.WriteFile(filepath.Join(repo, "stray-notes.txt"), []byte("not committed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dirty, dirtyStamped := project(), stamped()
	if !bytes.Equal(clean, dirty) {
		t.Errorf("an untracked file changed the module: %d B clean, %d B with the stray file", len(clean), len(dirty))
	}
	if bytes.Equal(cleanStamped, dirtyStamped) {
		t.Error("control: without -buildvcs=false the stray file should change the module (Go stamps vcs.modified), but it did not")
	}
}
