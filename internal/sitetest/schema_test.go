package sitetest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaFile is where the self-check page publishes the export format's JSON
// Schema (layouts/_partials/selfcheck/schema.html), by the format's version.
func schemaFile(t *testing.T) string {
	r := selfcheck(t)
	return "sjalvskattning/" + r.Format + "-" + r.FormatVersion + ".schema.json"
}

// exportSchema compiles the JSON Schema the site publishes.
func exportSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	needSite(t)
	raw, err := os.ReadFile(filepath.Join(env.dir, schemaFile(t)))
	if err != nil {
		t.Fatalf("the site does not publish the schema: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("schema.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return sch
}

// TestExportSchema checks the published JSON Schema against real exports: the
// golden files of internal/record of the current format, written by the same
// code the wasm module runs, must validate, and files with an unknown
// question, a value that is not an answer option or a missing fingerprint
// must not. (The browser's own exports are checked in TestSelfcheckCases.)
func TestExportSchema(t *testing.T) {
	sch := exportSchema(t)
	r := selfcheck(t)
	goldens, err := filepath.Glob(filepath.Join(env.root, "internal", "record", "testdata", "*.golden"))
	if err != nil || len(goldens) == 0 {
		t.Fatalf("no golden exports found: %v", err)
	}
	checked := 0
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(g)
		var head struct{ FormatVersion json.Number }
		if json.Unmarshal(b, &head) != nil || head.FormatVersion.String() != r.FormatVersion {
			t.Logf("%s: format version %s, not %s: not this schema's", name, head.FormatVersion, r.FormatVersion)
			continue
		}
		checked++
		if err := sch.Validate(decode(t, b)); err != nil {
			t.Errorf("%s: a real export does not validate: %v", name, err)
		}
		bad := map[string]func(m map[string]any){
			"unknown question": func(m map[string]any) {
				m["answers"].(map[string]any)["9z"] = map[string]any{"value": "ja"}
			},
			"value not an option": func(m map[string]any) {
				m["answers"].(map[string]any)["central"] = map[string]any{"value": "kanske"}
			},
			"no fingerprint": func(m map[string]any) { delete(m, "fingerprint") },
			"other format":   func(m map[string]any) { m["format"] = "annat-format" },
			"other organisation": func(m map[string]any) {
				m["organisation"] = map[string]any{"id": "exempelby-kommun", "name": "Exempelby kommun"}
			},
			"no organisation": func(m map[string]any) { delete(m, "organisation") },
		}
		for what, mutate := range bad {
			m := decode(t, b).(map[string]any)
			mutate(m)
			if err := sch.Validate(m); err == nil {
				t.Errorf("%s with %s: the schema accepts it", name, what)
			}
		}
	}
	if checked == 0 {
		t.Errorf("no golden export of format version %s in internal/record/testdata", r.FormatVersion)
	}
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	// A round trip through encoding/json gives plain maps to mutate.
	j, _ := json.Marshal(v)
	var out any
	d := json.NewDecoder(bytes.NewReader(j))
	d.UseNumber()
	if err := d.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDecisionsSchema: the published schema describes the decision record:
// a file with one validates, and an entry with another role's option, a
// text its role does not record, or without the answers' fingerprint does
// not.
func TestDecisionsSchema(t *testing.T) {
	sch := exportSchema(t)
	b, err := os.ReadFile(filepath.Join(env.root, "testdata", "imports", "decisions.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(decode(t, b)); err != nil {
		t.Fatalf("a file with a decision record does not validate: %v", err)
	}
	entry := func(m map[string]any, i int) map[string]any { return m["decisions"].([]any)[i].(map[string]any) }
	bad := map[string]func(m map[string]any){
		"another role's option":           func(m map[string]any) { entry(m, 2)["option"] = "tillstyrker" },
		"a text the role does not record": func(m map[string]any) { entry(m, 1)["conditions"] = "Ett villkor." },
		"no answers' fingerprint":         func(m map[string]any) { delete(entry(m, 0), "answersFingerprint") },
		"no record head":                  func(m map[string]any) { delete(m, "decisionsFingerprint") },
		"an unknown role":                 func(m map[string]any) { entry(m, 0)["role"] = "underlag" },
	}
	for what, mutate := range bad {
		m := decode(t, b).(map[string]any)
		mutate(m)
		if err := sch.Validate(m); err == nil {
			t.Errorf("%s: the schema accepts it", what)
		}
	}
}
