// Package sitebuild builds the site: it compiles the self-check's WebAssembly
// module, copies the wasm_exec.js that matches the Go that compiled it, and
// runs the Hugo pinned in go.mod. cmd/site and the tests share it, so what the
// tests check is what gets deployed.
package sitebuild

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"molnkollen/internal/rulesgen"
)

// Module is the Go module path of this project; Root looks for its go.mod.
const Module = "molnkollen"

// WasmDir is where the built module and its loader go, under the project root.
// Hugo reads them as assets (resources.Get "wasm/..."), fingerprints them and
// publishes them; the directory is ignored by git.
const WasmDir = "assets/wasm"

// Options says where and how to build.
type Options struct {
	Root    string    // project root (the folder with go.mod and hugo.toml)
	Site    string    // the site folder (Hugo's --source, with its own data/); Root when empty
	Dest    string    // output folder; Root/public when empty
	BaseURL string    // e.g. http://intranat.example/molntjanster/; hugo.toml's when empty
	Args    []string  // further Hugo arguments, e.g. "--config", "a.toml,b.toml"
	Stdout  io.Writer // Hugo's output; discarded when nil
	Stderr  io.Writer // errors; os.Stderr when nil
}

func (o *Options) defaults() {
	if o.Stdout == nil {
		o.Stdout = io.Discard
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	if o.Site == "" {
		o.Site = o.Root
	}
	if o.Dest == "" {
		o.Dest = filepath.Join(o.Root, "public")
	}
}

// Root returns the project root: the nearest folder at or above dir whose
// go.mod declares this module.
func Root(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(bytes.TrimSpace(b), []byte("module "+Module+"\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("sitebuild: no go.mod of module " + Module + " at or above the current folder")
		}
		dir = parent
	}
}

// WasmBuildArgs are the arguments of "go" that compile a wasm module
// reproducibly: -trimpath drops the checkout's path, -buildvcs=false keeps Go
// from stamping the VCS state (commit, and "modified" when any untracked file
// lies in the checkout), so the same commit gives the same bytes, and so the
// same fingerprinted name, on every machine. -s -w drop the symbol table and
// DWARF, which the browser never uses. flags go before them (-overlay).
func WasmBuildArgs(out, pkg string, flags ...string) []string {
	args := append([]string{"build"}, flags...)
	return append(args, "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", out, pkg)
}

// Wasm builds the site's own module from its own data: it writes what the
// site's data gives (package rulesgen) — data/selfcheck_open.json for Hugo,
// and the rules as Go values, which go build -overlay lays over
// internal/shipped/rules_gen.go, so the module never runs on other rules
// than the pages Hugo renders —, compiles ./wasm for js/wasm into
// Site/assets/wasm/molnkollen.wasm and copies wasm_exec.js from the same Go
// installation beside it. Nothing in the project's Go code is written.
func Wasm(ctx context.Context, o Options) error {
	o.defaults()
	out := filepath.Join(o.Site, WasmDir)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	overlay, err := siteRules(o)
	if err != nil {
		return err
	}
	defer os.RemoveAll(filepath.Dir(overlay))
	build := exec.CommandContext(ctx, "go", WasmBuildArgs(filepath.Join(out, "molnkollen.wasm"), "./wasm", "-overlay", overlay)...)
	build.Dir = o.Root
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	build.Stdout, build.Stderr = o.Stdout, o.Stderr
	stopGently(build)
	if err := build.Run(); err != nil {
		return fmt.Errorf("sitebuild: compiling the wasm module: %w", err)
	}
	goroot, err := goEnv(ctx, o.Root, "GOROOT")
	if err != nil {
		return err
	}
	src, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return fmt.Errorf("sitebuild: wasm_exec.js of this Go: %w", err)
	}
	return os.WriteFile(filepath.Join(out, "wasm_exec.js"), src, 0o644)
}

// siteRules writes the site's generated files and returns an overlay file
// for go build that puts its rules in place of internal/shipped/rules_gen.go
// (in a temporary folder: the caller removes the overlay's folder).
func siteRules(o Options) (overlay string, err error) {
	tmp, err := os.MkdirTemp("", "molnkollen-rules-")
	if err != nil {
		return "", err
	}
	rulesGo := filepath.Join(tmp, "rules_gen.go")
	if err := rulesgen.Write(o.Site, rulesGo); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("sitebuild: the rules of %s for its wasm module: %w", o.Site, err)
	}
	b, err := json.Marshal(map[string]map[string]string{"Replace": {
		filepath.Join(o.Root, "internal", "shipped", "rules_gen.go"): rulesGo}})
	if err == nil {
		overlay = filepath.Join(tmp, "overlay.json")
		err = os.WriteFile(overlay, b, 0o644)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	return overlay, nil
}

// Build compiles the wasm module and renders the site into o.Dest. Hugo runs
// with --panicOnWarning, so bad data or an overdue review fails the build.
func Build(ctx context.Context, o Options) error {
	o.defaults()
	if err := Wasm(ctx, o); err != nil {
		return err
	}
	args := []string{"--source", o.Site, "--destination", o.Dest, "--cleanDestinationDir", "--panicOnWarning"}
	if o.BaseURL != "" {
		args = append(args, "--baseURL", o.BaseURL)
	}
	if err := Hugo(ctx, o, append(args, o.Args...)...); err != nil {
		return err
	}
	return Precompress(o.Dest)
}

// Serve compiles the wasm module and runs Hugo's development server with live
// reload until ctx ends. Changes to Go code need a restart.
func Serve(ctx context.Context, o Options, bind string, port int) error {
	o.defaults()
	if err := Wasm(ctx, o); err != nil {
		return err
	}
	args := []string{"server", "--source", o.Site, "--bind", bind, "--port", fmt.Sprint(port)}
	if o.BaseURL != "" {
		args = append(args, "--baseURL", o.BaseURL)
	}
	return Hugo(ctx, o, append(args, o.Args...)...)
}

// Hugo runs the Hugo pinned in go.mod ("go tool hugo") in the project root.
func Hugo(ctx context.Context, o Options, args ...string) error {
	o.defaults()
	cmd := exec.CommandContext(ctx, "go", append([]string{"tool", "hugo"}, args...)...)
	stopGently(cmd)
	cmd.Dir = o.Root
	cmd.Stdout, cmd.Stderr = o.Stdout, o.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("sitebuild: hugo %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

func goEnv(ctx context.Context, dir, name string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "env", name)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("sitebuild: go env %s: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// stopGently makes a cancelled context stop cmd with an interrupt, as Ctrl+C
// would, instead of killing it. "go tool" passes the signal on to Hugo and
// then removes its own temporary build folder; a killed "go tool" leaves the
// folder (hundreds of MB when it had to compile Hugo) and Hugo running. A
// command that is still there after ten seconds is killed.
func stopGently(cmd *exec.Cmd) {
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
}
