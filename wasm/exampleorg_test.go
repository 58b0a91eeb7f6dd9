//go:build !js

package main

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"molnkollen/internal/rules"
	"molnkollen/internal/sitebuild"
)

// TestExampleModule: the example organisation's module, as sitebuild builds
// it from testdata/exampleorg's own data, runs its own rules under Node: it
// saves files that name Exempelby kommun and its own rules version, reads
// them back, and refuses a file of the project's organisation with the
// name of what it is from.
func TestExampleModule(t *testing.T) {
	needNode(t)
	root, err := sitebuild.Root(".")
	if err != nil {
		t.Fatal(err)
	}
	// A site folder of its own, with the example's data: the site tests
	// build the example's module into testdata/exampleorg meanwhile.
	site := t.TempDir()
	b, err := os.ReadFile(filepath.Join(root, "testdata", "exampleorg", "data", "selfcheck.json"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(site, "data"), 0o755)
	if err := os.WriteFile(filepath.Join(site, "data", "selfcheck.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	if err := sitebuild.Wasm(context.Background(), sitebuild.Options{Root: root, Site: site, Stdout: &log, Stderr: &log}); err != nil {
		t.Fatalf("building the example's module: %v\n%s", err, log.String())
	}
	n, err := runHarness(filepath.Join(site, sitebuild.WasmDir, "molnkollen.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	ex, err := rules.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	saved := n.call(t, map[string]any{"fn": "exportFile", "args": []string{`{"central":{"value":"nej"}}`, exportedAt}})
	file, _ := saved["json"].(string)
	if !strings.Contains(file, `"name": "`+ex.Organisation.Name+`"`) || !strings.Contains(file, `"rulesVersion": "`+ex.RulesVersion+`"`) {
		t.Fatalf("the example's module saves a file of other rules: %v", saved)
	}
	back := n.call(t, map[string]any{"fn": "importFile", "bytes": base64.StdEncoding.EncodeToString([]byte(file)), "maxBytes": ex.Limits.FileBytes})
	if back["error"] != nil || back["fingerprint"] != saved["fingerprint"] {
		t.Errorf("the example's module does not read its own file back: %v", back)
	}
	ours := n.call(t, map[string]any{"fn": "importFile", "bytes": base64.StdEncoding.EncodeToString([]byte(golden(t, "kanslig-fordjupad"))), "maxBytes": ex.Limits.FileBytes})
	if args, _ := ours["args"].(map[string]any); ours["error"] != "other-organisation" || args["organisation"] != "Värnamo kommun" || args["ours"] != ex.Organisation.Name {
		t.Errorf("the example's module reads a file of the project's organisation as %v", ours)
	}
}
