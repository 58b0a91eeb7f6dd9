package record

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// importsDir holds the shared import cases: each file with the message code
// the page must show ("" for a clean import, "older-version" for a file of
// an earlier rules version), listed in cases.json. The browser tests read the
// same table through the page (internal/sitetest), so the page and the Go
// checker give the same outcome for every case. go test -update rewrites the
// files from the golden export kanslig-fordjupad.
var importsDir = filepath.Join("..", "..", "testdata", "imports")

// importCases makes the files of the table.
func importCases(t *testing.T) map[string][]byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "kanslig-fordjupad.golden"))
	if err != nil {
		t.Fatal(err)
	}
	older, err := os.ReadFile(filepath.Join("..", "..", "testdata", "versions", "2022-06-27.1", "fristaende-kan-passa.json"))
	if err != nil {
		t.Fatal(err)
	}
	// variant edits a copy of the export; refp recomputes its fingerprint.
	variant := func(refp bool, edit func(d map[string]any, a map[string]any)) []byte {
		var d map[string]any
		json.Unmarshal(src, &d)
		a := d["answers"].(map[string]any)
		edit(d, a)
		if refp {
			ans := Answers{}
			for id, v := range a {
				m := v.(map[string]any)
				value, _ := m["value"].(string)
				note, _ := m["note"].(string)
				ans[id] = Answer{Value: value, Note: note}
			}
			d["fingerprint"] = Fingerprint(ans)
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		enc.Encode(d)
		return b.Bytes()
	}
	utf16 := utf16LE(src)
	return map[string][]byte{
		"current.json":      src,
		"utf8-bom.json":     append([]byte("\uFEFF"), src...),
		"utf16.json":        utf16,
		"invalid-utf8.json": bytes.Replace(src, []byte("Elevhälsans"), []byte("Elevh\xe4lsans"), 1),
		"trailing-space.json": variant(true, func(d, a map[string]any) {
			a["namn"].(map[string]any)["value"] = a["namn"].(map[string]any)["value"].(string) + " "
		}),
		"carriage-return.json": variant(true, func(d, a map[string]any) { a["okanslig"].(map[string]any)["note"] = "rad 1\r\nrad 2" }),
		"no-such-date.json":    variant(true, func(d, a map[string]any) { d["exportedAt"] = "2026-02-31T09:30:00.000Z" }),
		"result-id-unknown.json": variant(true, func(d, a map[string]any) {
			d["result"].(map[string]any)["route"] = []any{"\x1b[2J"}
		}),
		"tampered.json":        variant(false, func(d, a map[string]any) { a["okanslig"].(map[string]any)["value"] = "ja" }),
		"unknown-version.json": variant(true, func(d, a map[string]any) { d["rulesVersion"] = "2099-01-01.1" }),
		"too-large.json":       append(append(bytes.TrimRight(src, "}\n"), bytes.Repeat([]byte(" "), 262144)...), "}\n"...),
		"not-json.json":        []byte("Diarienummer: KS 2026/1\n"),
		"older-version.json":   older,
		"html-in-text.json": variant(true, func(d, a map[string]any) {
			a["4d"] = map[string]any{"value": "<img src=x onerror=alert(1)><script>alert(1)</script>"}
			// The stored result must be what the rules give for these answers.
			d["result"].(map[string]any)["open"] = slices.DeleteFunc(d["result"].(map[string]any)["open"].([]any),
				func(x any) bool { return x == "4d:describe" })
		}),
	}
}

var importWant = map[string]string{
	"current.json": "", "utf8-bom.json": "", "html-in-text.json": "",
	"utf16.json": CodeNotJSON, "invalid-utf8.json": CodeNotJSON, "not-json.json": CodeNotJSON,
	"trailing-space.json": CodeBadValue, "carriage-return.json": CodeBadValue,
	"no-such-date.json": CodeBadValue, "result-id-unknown.json": CodeBadValue,
	"tampered.json": CodeBadFingerprint, "unknown-version.json": CodeWrongVersion,
	"too-large.json": CodeTooLarge, "older-version.json": CodeOlderVersion,
}

// TestImportCases reads every file of the table as the page does and as
// cmd/selfcheck does (importCodes).
func TestImportCases(t *testing.T) {
	if *update {
		os.RemoveAll(importsDir)
		os.MkdirAll(importsDir, 0o755)
		for name, b := range importCases(t) {
			if err := os.WriteFile(filepath.Join(importsDir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		b, _ := json.MarshalIndent(importWant, "", "  ")
		os.WriteFile(filepath.Join(importsDir, "cases.json"), append(b, '\n'), 0o644)
	}
	r := load(t)
	b, err := os.ReadFile(filepath.Join(importsDir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases map[string]string
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) != len(importWant) {
		t.Fatalf("cases.json has %d cases, the test %d (go test -update)", len(cases), len(importWant))
	}
	for name, want := range cases {
		data, err := os.ReadFile(filepath.Join(importsDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if page, checker := importCodes(r, data); page != want || checker != want {
			t.Errorf("%s: page = %q, checker = %q, want %q", name, page, checker, want)
		}
		if name == "utf16.json" && utf8.Valid(data) {
			t.Errorf("%s is valid UTF-8: the case proves nothing", name)
		}
		if name == "html-in-text.json" && !strings.Contains(string(data), "<script>") {
			t.Errorf("%s lost its markup", name)
		}
	}
}
