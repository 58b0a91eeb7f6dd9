package sitebuild

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// builtFolders are folders whose files are always built output.
var builtFolders = []string{"public/", "resources/_gen/", "node_modules/", WasmDir + "/", "bench-out/"}

// binaryMagic are the first bytes of compiled programs and wasm modules.
var binaryMagic = []struct{ name, magic string }{
	{"an ELF executable", "\x7fELF"},
	{"a WebAssembly module", "\x00asm"},
	{"a Mach-O executable", "\xcf\xfa\xed\xfe"},
	{"a Mach-O executable", "\xfe\xed\xfa\xcf"},
	{"a Windows executable", "MZ"},
}

// builtOutput says why a tracked file is built output or a compiled
// program, or returns "" when it may be committed. head is the file's first
// bytes.
func builtOutput(path string, head []byte) string {
	for _, dir := range builtFolders {
		if strings.HasPrefix(path, dir) || strings.Contains(path, "/"+dir) {
			return "lies in " + dir + ", which the build writes"
		}
	}
	switch base := filepath.Base(path); {
	case strings.HasSuffix(base, ".wasm"), base == "wasm_exec.js":
		return "is the built wasm module or its loader"
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(head, []byte(m.magic)) {
			return "is " + m.name
		}
	}
	return ""
}

// TestNoBuiltOutputTracked fails when git tracks a compiled program or
// anything the build writes: such files are rebuilt from source, bloat every
// clone, and (for a program) cannot be reviewed.
func TestNoBuiltOutputTracked(t *testing.T) {
	root, err := Root(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git: ", err)
	}
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		head, err := readHead(filepath.Join(root, f))
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet committed
		}
		if err != nil {
			t.Fatal(err)
		}
		if why := builtOutput(f, head); why != "" {
			t.Errorf("git tracks %s, which %s: git rm --cached it and add it to .gitignore", f, why)
		}
	}
}

// TestBuiltOutputControls shows that the check above can fail: each of these
// files is refused, and ordinary sources are not.
func TestBuiltOutputControls(t *testing.T) {
	refused := map[string]string{
		"selfcheck":                    "\x7fELF\x02\x01\x01",
		"cmd/site/site.exe":            "MZ\x90\x00",
		"docs/module.bin":              "\x00asm\x01\x00\x00\x00",
		"assets/wasm/molnkollen.wasm":  "",
		"static/wasm_exec.js":          "// Copyright",
		"public/index.html":            "<!doctype html>",
		"resources/_gen/assets/x.css":  "body{}",
		"node_modules/axe-core/axe.js": "/*! axe */",
	}
	for path, head := range refused {
		if builtOutput(path, []byte(head)) == "" {
			t.Errorf("%s was not refused", path)
		}
	}
	for _, path := range []string{"selfcheck.go", "assets/js/printdate.js", "static/favicon.svg", "testdata/imports/not-json.json"} {
		if why := builtOutput(path, []byte("package x\n")); why != "" {
			t.Errorf("%s refused: %s", path, why)
		}
	}
}

// readHead returns the first bytes of a file.
func readHead(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, 8)
	n, err := io.ReadFull(f, b)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return b[:n], err
}
