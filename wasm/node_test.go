//go:build !js

package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"molnkollen"
	"molnkollen/internal/rules"
)

// The differential tests: the page's reading of a file (the module as built
// for the site, run under Node with the page's decoding, harness.js) and
// the checker's (natively, with the earlier versions parsed from
// data/versions/ as cmd/selfcheck parses them) give the same result on the
// same input: the same refusal, or the same answers, fingerprint, answers
// to give again and differences. go test runs them on the shared import
// cases, the golden files and a few thousand made-up variants of them;
// go test -fuzz=FuzzModuleAgrees ./wasm searches for more.

// node is a running harness.js with the module.
type node struct {
	mu  sync.Mutex
	in  *json.Encoder
	out *bufio.Scanner
}

var startNode = sync.OnceValues(func() (*node, error) {
	dir, err := os.MkdirTemp("", "molnkollen-node-")
	if err != nil {
		return nil, err
	}
	wasm := filepath.Join(dir, "molnkollen.wasm")
	build := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", wasm, ".")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, &buildError{string(out)}
	}
	return runHarness(wasm)
})

// runHarness starts harness.js with the module wasm.
func runHarness(wasm string) (*node, error) {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, err
	}
	execJS := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js")
	cmd := exec.Command("node", "--stack-size=8192", filepath.Join("testdata", "harness.js"), execJS, wasm)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	out := bufio.NewScanner(stdout)
	out.Buffer(make([]byte, 1<<20), 16<<20)
	return &node{in: json.NewEncoder(stdin), out: out}, nil
}

type buildError struct{ log string }

func (e *buildError) Error() string { return "building the module: " + e.log }

// moduleNode returns the harness, skipping without Node (failing in CI).
func moduleNode(t testing.TB) *node {
	t.Helper()
	needNode(t)
	n, err := startNode()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// needNode skips without Node (failing in CI), and in -short mode.
func needNode(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the module and runs it under Node")
	}
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed for the differential tests: " + err.Error())
		}
		t.Skip("node not found: the module is not compared with the checker (CI installs it)")
	}
}

// call sends one request and returns the module's result.
func (n *node) call(t testing.TB, req map[string]any) map[string]any {
	t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.in.Encode(req); err != nil {
		t.Fatal(err)
	}
	if !n.out.Scan() {
		t.Fatalf("the module under Node gave no answer: %v", n.out.Err())
	}
	var res map[string]any
	if err := json.Unmarshal(n.out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// checker is the API natively, reading earlier versions from
// data/versions/ as cmd/selfcheck does.
var checker = sync.OnceValue(func() *api {
	a := newAPI(molnkollen.SelfcheckJSON)
	a.archived = func(v string) (*rules.Rules, error) {
		b, err := molnkollen.ArchivedRules(v)
		if err != nil {
			return nil, err
		}
		return rules.Parse(b)
	}
	return a
})

// same compares the two results as JSON, without "detail" (English, for
// developers: the harness says nothing of a file that is not UTF-8).
func same(t testing.TB, what string, native, module map[string]any) {
	t.Helper()
	b, err := json.Marshal(native)
	if err != nil {
		t.Fatal(err)
	}
	var n map[string]any
	json.Unmarshal(b, &n)
	delete(n, "detail")
	delete(module, "detail")
	if !reflect.DeepEqual(n, module) {
		t.Errorf("%s: the checker reads\n%v\nthe page's module\n%v", what, n, module)
	}
}

// importBoth reads data natively and in the module and compares.
func importBoth(t testing.TB, n *node, what string, data []byte) {
	t.Helper()
	same(t, what, checker().importFile(string(data)), n.call(t, map[string]any{"fn": "importFile",
		"bytes": base64.StdEncoding.EncodeToString(data), "maxBytes": checker().rules.Limits.FileBytes}))
}

// FuzzModuleAgrees: on any file, the page's module and the checker agree.
func FuzzModuleAgrees(f *testing.F) {
	for _, file := range sampleFiles(f) {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	n := moduleNode(f)
	f.Fuzz(func(t *testing.T, data []byte) { importBoth(t, n, "fuzzed file", data) })
}

// sampleFiles are the files of the shared import cases, the golden exports
// and the real files of earlier versions.
func sampleFiles(t testing.TB) []string {
	var files []string
	for _, pattern := range []string{"../testdata/imports/*.json", "../internal/record/testdata/*.golden", "../testdata/versions/*/*.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if filepath.Base(f) != "cases.json" {
				files = append(files, f)
			}
		}
	}
	if len(files) < 50 {
		t.Fatalf("only %d sample files", len(files))
	}
	return files
}
