// Package wasmtest runs the tests of the packages that are compiled into the
// WebAssembly module as js/wasm, under Node, so that "go test ./..." covers
// them in the form the browser runs (STYLE.md point 10).
package wasmtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"molnkollen/internal/sitebuild"
)

func TestPackagesAsWasm(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed to run the js/wasm tests: " + err.Error())
		}
		t.Skip("node not found: the js/wasm tests are not run (CI installs it)")
	}
	root, err := sitebuild.Root(".")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	execWrapper := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "go_js_wasm_exec")

	// Every package that the wasm module imports from this project, plus the
	// adapter itself.
	list := exec.CommandContext(ctx, "go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./wasm")
	list.Dir = root
	list.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := list.CombinedOutput()
	if err != nil {
		t.Fatalf("go list ./wasm: %v\n%s", err, out)
	}
	pkgs := strings.Fields(string(out))
	if len(pkgs) == 0 {
		t.Fatal("go list found no packages in the wasm module")
	}

	cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-count=1", "-exec=" + execWrapper}, pkgs...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	res, err := cmd.CombinedOutput()
	t.Logf("GOOS=js GOARCH=wasm go test %s\n%s", strings.Join(pkgs, " "), res)
	if err != nil {
		t.Fatalf("the js/wasm tests failed: %v", err)
	}
}
