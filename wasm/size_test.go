//go:build !js

package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// goList lists the dependencies of pkgs as compiled for js/wasm.
func goList(t *testing.T, dir string, pkgs ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-deps"}, pkgs...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	return strings.Fields(string(out))
}

// TestDeps keeps the module small: beyond what runtime and syscall/js pull
// in anyway, the module may only use the packages listed here. encoding/json
// alone adds about 340 KB gzipped, fmt about 80 KB, crypto/sha256 130 KB;
// before allowing a package, measure it (TestSize).
func TestDeps(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	base := goList(t, ".", "syscall/js")
	allowed := []string{
		"errors", "internal/reflectlite", "internal/unsafeheader", "unicode/utf8", "unicode/utf16", "math/bits",
		"sync", "sync/atomic", "internal/sync", "internal/synctest", "slices", "cmp", "iter", "internal/itoa",
	}
	// embed brings io/fs and time (about 55 KB gzipped, through their init
	// code): the rules are compiled in as Go values instead (internal/shipped).
	forbidden := []string{"fmt", "encoding/json", "encoding/hex", "reflect", "regexp", "log", "os",
		"strconv", "sort", "crypto/sha256", "html/template", "text/template", "math/big",
		"embed", "io/fs", "time", "strings", "unicode"}
	deps := goList(t, ".", ".")
	for _, d := range deps {
		if slices.Contains(forbidden, d) {
			t.Errorf("the wasm module imports %s (forbidden: size)", d)
			continue
		}
		if slices.Contains(base, d) || slices.Contains(allowed, d) || d == "molnkollen" ||
			strings.HasPrefix(d, "molnkollen/internal/") || d == "molnkollen/wasm" {
			continue
		}
		t.Errorf("the wasm module imports %s, which is not on the allowed list; measure its size first", d)
	}
	for _, d := range []string{"molnkollen/internal/jsonv", "molnkollen/internal/lean", "molnkollen/internal/rules", "molnkollen/internal/engine", "molnkollen/internal/record"} {
		if !slices.Contains(deps, d) {
			t.Errorf("%s is not in the module: the list above is out of date", d)
		}
	}
}

// build compiles the package in dir for js/wasm with the shipping flags and
// returns the gzip -9 size.
func build(t *testing.T, dir, out string) (raw, gz int) {
	t.Helper()
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build in %s: %v\n%s", dir, err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return len(b), z.Len()
}

// TestSize builds the module and a bare program that only registers one
// syscall/js function, with the same flags in the same run, and checks the
// module is at most 1.3 times the bare one, gzipped.
func TestSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two wasm binaries")
	}
	tmp := t.TempDir()
	bare := filepath.Join(tmp, "bare")
	os.Mkdir(bare, 0o755)
	os.WriteFile(filepath.Join(bare, "go.mod"), []byte("module bare\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(bare, "main.go"), []byte(`package main

import "syscall/js"

func main() {
	js.Global().Set("bare", js.FuncOf(func(this js.Value, args []js.Value) any { return "ok" }))
	select {}
}
`), 0o644)
	bareRaw, bareGz := build(t, bare, filepath.Join(tmp, "bare.wasm"))
	raw, gz := build(t, ".", filepath.Join(tmp, "molnkollen.wasm"))
	ratio := float64(gz) / float64(bareGz)
	t.Logf("bare: %d bytes, %d gzipped; molnkollen: %d bytes, %d gzipped; ratio %.3f", bareRaw, bareGz, raw, gz, ratio)
	if ratio > 1.3 {
		t.Errorf("the module is %.3f times the bare program gzipped, want at most 1.3", ratio)
	}
}
