package rules

import (
	"strings"
	"testing"
)

// decisionRole returns the data of what the role with route id role records.
func decisionRole(d map[string]any, role string) map[string]any {
	for _, x := range d["decisions"].(map[string]any)["roles"].([]any) {
		if m := x.(map[string]any); m["role"] == role {
			return m
		}
	}
	panic("no decision role " + role)
}

// TestDecisionsData: what each role records is read from the data, and a
// mistake in it fails with its JSON path.
func TestDecisionsData(t *testing.T) {
	r := shipped(t)
	d := r.Decisions
	if d == nil || len(d.Roles) != 4 {
		t.Fatalf("decisions: %+v", d)
	}
	k := d.DecisionRole("kommundirektor")
	if k.When == nil || k.When.Role != "verksamhet" || k.When.Option != "accepterar-inte" || d.DecisionRole("verksamhet").Option("accepterar-inte") == nil {
		t.Errorf("kommundirektören records only after the business does not accept: %+v", k)
	}
	if o := d.DecisionRole("itcenterchef").Option("tillstyrker-med-villkor"); o == nil || !o.NeedsField(FieldConditions) {
		t.Errorf("a position with conditions needs them: %+v", o)
	}
	if !r.ReadsFormat("3") || !r.ReadsFormat(r.FormatVersion) || r.ReadsFormat("2") {
		t.Errorf("ReadsFormat: formats %s and %v", r.FormatVersion, r.OlderFormats)
	}
	tests := []struct {
		name string
		f    func(d map[string]any)
		want string
	}{
		{"not a role of the route", func(d map[string]any) { decisionRole(d, "verksamhet")["role"] = "underlag" }, "decisions.roles[2].role"},
		{"listed twice", func(d map[string]any) { decisionRole(d, "verksamhet")["role"] = "itcenterchef" }, "listed twice"},
		{"after a later role", func(d map[string]any) { decisionRole(d, "itcenterchef")["after"] = []any{"verksamhet"} }, "roles[1].after[0]"},
		{"when on a role not in after", func(d map[string]any) { decisionRole(d, "kommundirektor")["after"] = []any{"itcenterchef"} }, "roles[3].when"},
		{"when on no option", func(d map[string]any) {
			decisionRole(d, "kommundirektor")["when"] = map[string]any{"role": "verksamhet", "option": "kanske"}
		}, "roles[3].when"},
		{"needs a text the role does not record", func(d map[string]any) { delete(decisionRole(d, "itcenterchef"), "conditions") }, "options[1].needs[0]"},
		{"no options", func(d map[string]any) { decisionRole(d, "verksamhet")["options"] = []any{} }, "roles[2].options"},
		{"label missing", func(d map[string]any) { delete(d["decisions"].(map[string]any)["labels"].(map[string]any), "date") }, "labels.date"},
		{"no decisions in format 4", func(d map[string]any) { delete(d, "decisions") }, "$.decisions"},
		{"decisions in format 3", func(d map[string]any) { d["formatVersion"] = 3; delete(d, "readsFormats") }, "have no decision record"},
		{"reads a later format", func(d map[string]any) { d["readsFormats"] = []any{5} }, "readsFormats[0]"},
	}
	for _, tt := range tests {
		err := mutate(t, tt.f)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}
