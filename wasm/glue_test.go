package main

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"molnkollen"
	"molnkollen/internal/record"
	"molnkollen/internal/rules"
)

// These tests run natively and, through internal/wasmtest or
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/
//
// as WebAssembly under Node.

const exportedAt = "2026-11-27T09:30:00.000Z"

func testAPI(t *testing.T) *api {
	t.Helper()
	a := newAPI(molnkollen.SelfcheckJSON)
	if a.err != nil {
		t.Fatal(a.err)
	}
	return a
}

func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "internal", "record", "testdata", name+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestEvaluate(t *testing.T) {
	a := testAPI(t)
	got := a.evaluate(`{"central":{"value":"ja"},"1a":{"value":"vetej","note":"<b>x</b>"},"itchef":{"value":"ja"},"accepterar":{"value":"nej"}}`)
	if got["error"] != nil {
		t.Fatalf("evaluate: %v", got)
	}
	if !reflect.DeepEqual(got["outcomes"], []any{"lokal-drift", "inte-klart"}) {
		t.Errorf("outcomes %v", got["outcomes"])
	}
	if r := got["reasons"].([]any); len(r) != 1 || r[0] != "central:ja" {
		t.Errorf("reasons %v", r)
	}
	open := got["open"].([]any)
	if open[0] != "okanslig:unanswered" || !slices.Contains(open, any("1a:vetej")) || slices.Contains(open, any("accepterar:unanswered")) {
		t.Errorf("open %v", open)
	}
	if route := got["route"].([]any); !reflect.DeepEqual(route, []any{"informationsagare", "itcenterchef", "verksamhet", "kommundirektor", "underlag"}) {
		t.Errorf("route %v", route)
	}
	if g := got["grounds"]; !reflect.DeepEqual(g, []any{"central:ja", "okanslig:unknown", "sjalvstandig:unknown", "avtal:unknown"}) {
		t.Errorf("grounds %v", g)
	}
	if as := got["assumptions"]; !reflect.DeepEqual(as, []any{}) {
		t.Errorf("assumptions %v", as)
	}
	if fp, _ := got["fingerprint"].(string); !strings.HasPrefix(fp, "sha256:") || len(fp) != 7+64 {
		t.Errorf("fingerprint %v", got["fingerprint"])
	}
	if h := got["hidden"].([]any); !reflect.DeepEqual(h, []any{"4b-hur", "4c-varfor"}) {
		t.Errorf("hidden %v, want the questions whose condition does not hold", h)
	}
	asked := a.evaluate(`{"4b":{"value":"ja"},"4b-hur":{"value":"x"},"4c":{"value":"nej"},"4c-varfor":{"value":"y"}}`)
	if h := asked["hidden"].([]any); !reflect.DeepEqual(h, []any{"4c-varfor", "accepterar"}) {
		t.Errorf("hidden %v, want 4c-varfor and accepterar", h)
	}
	if asked["fingerprint"] != a.evaluate(`{"4b":{"value":"ja"},"4b-hur":{"value":"x"},"4c":{"value":"nej"}}`)["fingerprint"] {
		t.Error("an answer to a question not asked counts in the fingerprint")
	}
	empty := a.evaluate(`{}`)
	if !reflect.DeepEqual(empty["outcomes"], []any{"ej-bedomd", "inte-klart"}) || len(empty["reasons"].([]any)) != 0 {
		t.Errorf("evaluate({}) = %v", empty)
	}
}

func TestErrors(t *testing.T) {
	a := testAPI(t)
	tests := []struct {
		got  map[string]any
		want string
	}{
		{a.evaluate(`{`), record.CodeNotJSON},
		{a.evaluate(`{"x":{"value":"ja"}}`), record.CodeUnknownID},
		{a.evaluate(`{"central":{"value":"kanske"}}`), record.CodeBadValue},
		{a.evaluate(`{"namn":{"value":"` + strings.Repeat("x", 201) + `"}}`), record.CodeTooLong},
		{a.exportFile(`{}`, "i dag"), record.CodeBadClock},
		{a.exportFile(`{}`, "+010000-01-01T00:00:00.000Z"), record.CodeBadClock},
		{a.exportFile(`[]`, exportedAt), record.CodeBadValue},
		{a.exportFile(`{"x":{"value":"ja"}}`, exportedAt), record.CodeUnknownID},
		{a.importFile(strings.Repeat(" ", 262145)), record.CodeTooLarge},
		{a.importFile(`nej`), record.CodeNotJSON},
		{a.importFile(`{"format":"x"}`), record.CodeWrongFormat},
		{a.importFile(strings.Replace(golden(t, "kanslig-fordjupad"), `"rulesVersion": "`, `"rulesVersion": "0`, 1)), record.CodeWrongVersion},
		{a.importFile(strings.Replace(golden(t, "kanslig-fordjupad"), `"value": "vetej"`, `"value": "privat"`, 1)), record.CodeBadFingerprint},
		{a.importFile("\xff\xfe{"), record.CodeNotJSON},
	}
	for i, tt := range tests {
		if tt.got["error"] != tt.want {
			t.Errorf("case %d: %v, want error %s", i, tt.got, tt.want)
		}
		if d, _ := tt.got["detail"].(string); d == "" {
			t.Errorf("case %d: no detail: %v", i, tt.got)
		}
	}
	// A file of another organisation is refused with what the message
	// needs to name it.
	other := a.importFile(strings.Replace(golden(t, "kanslig-fordjupad"), `"id": "varnamo-kommun",
    "name": "Värnamo kommun"`, `"id": "exempelby-kommun",
    "name": "Exempelby kommun"`, 1))
	if other["error"] != record.CodeOtherOrg || !reflect.DeepEqual(other["args"], map[string]any{"organisation": "Exempelby kommun", "ours": "Värnamo kommun"}) {
		t.Errorf("a file of another organisation: %v", other)
	}
	broken := newAPI([]byte(`{}`))
	for _, got := range []map[string]any{broken.evaluate(`{}`), broken.exportFile(`{}`, exportedAt), broken.importFile(`{}`)} {
		if got["error"] != codeInternal {
			t.Errorf("with invalid data: %v", got)
		}
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	a := testAPI(t)
	in := `{"namn":{"value":"<img src=x onerror=alert(1)>"},"central":{"value":"nej"},"1a":{"value":"vetej","note":"Fråga IT\u2028"}}`
	exp := a.exportFile(in, exportedAt)
	file, ok := exp["json"].(string)
	if !ok {
		t.Fatalf("exportFile: %v", exp)
	}
	imp := a.importFile(file)
	if imp["error"] != nil {
		t.Fatalf("importFile: %v", imp)
	}
	if imp["fingerprint"] != exp["fingerprint"] || a.evaluate(in)["fingerprint"] != exp["fingerprint"] {
		t.Errorf("fingerprints differ: export %v, import %v", exp["fingerprint"], imp["fingerprint"])
	}
	// The imported answers evaluate to the same result as the originals.
	r1, r2 := a.evaluate(in), a.evaluate(imp["answers"].(string))
	if !reflect.DeepEqual(r1, r2) {
		t.Errorf("evaluate differs after import:\n%v\n%v", r1, r2)
	}
	if !strings.Contains(file, `"<img src=x onerror=alert(1)>"`) {
		t.Errorf("markup not kept as plain text:\n%s", file)
	}
	// The golden files, as the browser would read them.
	for _, name := range []string{"central-lokal-drift", "fristaende-kan-passa", "kanslig-fordjupad"} {
		got := a.importFile(golden(t, name))
		if got["error"] != nil || got["from"] != "" || len(got["reask"].([]any)) != 0 || got["exportedAt"] != exportedAt {
			t.Errorf("%s: %v", name, got)
		}
	}
}

// TestImportOlderFile: a file of the first rules version is read, with
// what must be answered again.
func TestImportOlderFile(t *testing.T) {
	a := testAPI(t)
	b, err := os.ReadFile(filepath.Join("..", "testdata", "versions", "2022-06-27.1", "fristaende-kan-passa.json"))
	if err != nil {
		t.Fatal(err)
	}
	got := a.importFile(string(b))
	if got["error"] != nil || got["from"] != "2022-06-27.1" {
		t.Fatalf("importFile: %v", got)
	}
	var ids []string
	for _, x := range got["reask"].([]any) {
		m := x.(map[string]any)
		ids = append(ids, m["id"].(string))
		if m["id"] == "3c" && m["note"] != "Leverantörens support, första linjen via IT-center." {
			t.Errorf("3c's old note lost: %v", m)
		}
		// The old answer in words, from the rules the file was made with
		// (3c was a yes/no question then, a description now).
		if m["id"] == "3c" && (m["value"] != "ja" || m["label"] != "Ja" || m["short"] == "") {
			t.Errorf("3c's old answer not in words: %v", m)
		}
	}
	if !reflect.DeepEqual(ids, []string{"3c", "4a", "4d"}) {
		t.Errorf("reask %v, want 3c 4a 4d", ids)
	}
	if res := a.evaluate(got["answers"].(string)); res["error"] != nil || res["fingerprint"] != got["fingerprint"] {
		t.Errorf("carried answers: %v", res)
	}
}

// TestImportDiffers: a file whose stored result differs from a fresh
// evaluation is read in, and importFile says in words how it differs.
func TestImportDiffers(t *testing.T) {
	a := testAPI(t)
	file := strings.Replace(golden(t, "kanslig-fordjupad"), `"fit": "passar-samre"`, `"fit": "kan-passa"`, 1)
	got := a.importFile(file)
	d, _ := got["differs"].([]any)
	if got["error"] != nil || len(d) != 1 {
		t.Fatalf("importFile: %v", got)
	}
	r := a.rules
	_, stored := r.Outcome("kan-passa")
	_, fresh := r.Outcome("passar-samre")
	want := map[string]any{"title": r.Parts[0].Title, "file": []any{stored.Title}, "now": []any{fresh.Title}}
	if !reflect.DeepEqual(d[0], want) {
		t.Errorf("differs %v, want %v", d[0], want)
	}
	if clean := a.importFile(golden(t, "kanslig-fordjupad")); len(clean["differs"].([]any)) != 0 {
		t.Errorf("a clean file differs: %v", clean["differs"])
	}
}

func TestCall(t *testing.T) {
	echo := func(s []string) map[string]any { return map[string]any{"got": strings.Join(s, ",")} }
	tests := []struct {
		args []any
		want map[string]any
	}{
		{[]any{"a", "b"}, map[string]any{"got": "a,b"}},
		{[]any{"a"}, nil},
		{[]any{"a", "b", "c"}, nil},
		{[]any{"a", nil}, nil},
		{[]any{"a", 1}, nil},
	}
	for _, tt := range tests {
		got := call("echo", 2, tt.args, echo)
		if tt.want == nil {
			if got["error"] != codeInternal || !strings.Contains(got["detail"].(string), "want 2 string") {
				t.Errorf("call(%v) = %v, want an internal error", tt.args, got)
			}
		} else if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("call(%v) = %v", tt.args, got)
		}
	}
	got := call("boom", 0, nil, func([]string) map[string]any { panic("boom") })
	if got["error"] != codeInternal {
		t.Errorf("a panic gave %v", got)
	}
}

// TestRulesOnce: the rules parsed at start-up are the shipped ones.
func TestRulesOnce(t *testing.T) {
	a := testAPI(t)
	r, err := rules.Parse(molnkollen.SelfcheckJSON)
	if err != nil || a.rules.RulesVersion != r.RulesVersion || len(a.rules.Questions) != len(r.Questions) {
		t.Errorf("rules differ: %v", err)
	}
}

// BenchmarkEvaluateCall measures what one molnkollen.evaluate call does
// besides crossing into JavaScript: parse the answers, evaluate, fingerprint.
func BenchmarkEvaluateCall(b *testing.B) {
	a := newAPI(molnkollen.SelfcheckJSON)
	f, err := os.ReadFile(filepath.Join("..", "internal", "record", "testdata", "fristaende-kan-passa.canonical"))
	if err != nil {
		b.Fatal(err)
	}
	in := string(f)
	for b.Loop() {
		if res := a.evaluate(in); res["error"] != nil {
			b.Fatal(res)
		}
	}
}
