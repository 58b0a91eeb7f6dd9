package shipped

import (
	"reflect"
	"testing"

	"molnkollen"
	"molnkollen/internal/rules"
)

// TestGeneratedRulesAreCurrent: the rules compiled into the wasm module are
// exactly what rules.Parse reads from data/selfcheck.json.
func TestGeneratedRulesAreCurrent(t *testing.T) {
	want, err := rules.Parse(molnkollen.SelfcheckJSON)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(Rules(), want) {
		t.Fatal("internal/shipped/rules_gen.go is out of date with data/selfcheck.json: run go generate ./internal/shipped (every site build does it)")
	}
	if Rules().Question("4b-hur") == nil || Rules().Question("4b-hur").ShowIf.Question != "4b" {
		t.Error("the generated rules are not indexed")
	}
}
