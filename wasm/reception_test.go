package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func importCase(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "imports", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReceptionFlow: a filed self-check is verified, each role records in
// turn as the route allows, and a changed answer shows the decisions as
// made on other answers.
func TestReceptionFlow(t *testing.T) {
	a := testAPI(t)
	file := golden(t, "kanslig-fordjupad")
	v := a.verifyFile(file)
	if v["error"] != nil || v["differs"] != false || v["identifies"].(map[string]any)["namn"] == nil {
		t.Fatalf("verifyFile: %v", v)
	}
	if got := v["mayRecord"]; !reflect.DeepEqual(got, []any{"informationsagare", "itcenterchef"}) {
		t.Errorf("before any decision, may record %v", got)
	}
	for _, entry := range []string{
		`{"role":"itcenterchef","option":"tillstyrker-med-villkor","motivation":" Uppfyller frågeställningarna. ","conditions":"Avtal först.","date":"2026-12-01","followUp":"2027-06-01"}`,
		`{"role":"verksamhet","option":"accepterar-inte","motivation":"Går inte i tid.","date":"2026-12-02","followUp":""}`,
		`{"role":"kommundirektor","option":"foljer-itcenterchef","motivation":"Villkoret gäller.","date":"2026-12-03"}`,
	} {
		res := a.recordDecision(file, entry)
		if res["error"] != nil {
			t.Fatalf("recordDecision %s: %v", entry, res)
		}
		file = res["json"].(string)
	}
	v = a.verifyFile(file)
	ds := v["decisions"].([]any)
	if len(ds) != 3 || v["otherAnswers"] != false || ds[0].(map[string]any)["motivation"] != "Uppfyller frågeställningarna." {
		t.Fatalf("after three decisions: %v", v)
	}
	// Control: kommundirektören may not record on a fresh file.
	if res := a.recordDecision(golden(t, "kanslig-fordjupad"), `{"role":"kommundirektor","option":"foljer-itcenterchef","motivation":"x","date":"2026-12-03"}`); res["error"] != "decision-not-allowed" {
		t.Errorf("kommundirektören out of turn: %v", res)
	}
	changed := a.verifyFile(importCase(t, "decisions-answer-changed.json"))
	if changed["otherAnswers"] != true || changed["decisions"].([]any)[0].(map[string]any)["onOther"] != true {
		t.Errorf("a changed answer: %v", changed)
	}
	if bad := a.verifyFile(importCase(t, "decisions-entry-removed.json")); bad["error"] != "bad-decisions" {
		t.Errorf("a removed entry: %v", bad)
	}
	if res := a.recordDecision(file, `[]`); res["error"] != "bad-value" {
		t.Errorf("an entry that is no object: %v", res)
	}
}

// TestCompareFiles: the answers and the result that changed, in words.
func TestCompareFiles(t *testing.T) {
	a := testAPI(t)
	c := a.compareFiles(importCase(t, "decisions.json"), importCase(t, "decisions-answer-changed.json"))
	answers := c["answers"].([]any)
	if len(answers) != 1 || !strings.Contains(answers[0].(map[string]any)["new"].(string), "ny version") || len(c["result"].([]any)) != 0 {
		t.Errorf("compareFiles: %v", c)
	}
	c = a.compareFiles(golden(t, "fristaende-kan-passa"), golden(t, "kanslig-fordjupad"))
	if len(c["result"].([]any)) == 0 {
		t.Errorf("two cases with different results: no result change: %v", c)
	}
	if c := a.compareFiles("x", golden(t, "kanslig-fordjupad")); c["error"] != "not-json" {
		t.Errorf("a file that is not JSON: %v", c)
	}
}
