package record

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestImportCases reads the shared import cases of testdata/imports: each
// file with the message code the page must show ("" for a clean import).
// The browser tests read the same table through the page, so both give the
// same outcome for every case.
func TestImportCases(t *testing.T) {
	r := load(t)
	dir := filepath.Join("..", "..", "testdata", "imports")
	b, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases map[string]string
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 10 {
		t.Fatalf("only %d import cases", len(cases))
	}
	for name, want := range cases {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		im, err := ImportAny(r, data)
		got := code(err)
		if err == nil && im.From != nil {
			got = CodeOlderVersion
		}
		if got != want {
			t.Errorf("%s: %q (%v), want %q", name, got, err, want)
		}
	}
}
