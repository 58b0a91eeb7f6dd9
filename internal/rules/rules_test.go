package rules

import (
	"encoding/json"
	"strings"
	"testing"

	"molnkollen"
)

func shipped(t *testing.T) *Rules {
	t.Helper()
	r, err := Parse(molnkollen.SelfcheckJSON)
	if err != nil {
		t.Fatalf("the shipped data/selfcheck.json is invalid: %v", err)
	}
	return r
}

func TestShippedDataIsValid(t *testing.T) {
	r := shipped(t)
	if r.Format == "" || r.FormatVersion != "1" || r.RulesVersion == "" {
		t.Errorf("format %q, formatVersion %q, rulesVersion %q", r.Format, r.FormatVersion, r.RulesVersion)
	}
	if r.Limits.FileBytes <= 0 || r.Limits.TextChars <= 0 || r.Limits.NoteChars <= 0 {
		t.Errorf("limits %+v", r.Limits)
	}
	// The guideline's numbered sub-questions keep their numbers as ids.
	for _, id := range []string{"1a", "2a", "2b", "3a", "3b", "3c", "4a", "4b", "4c", "4d"} {
		q := r.Question(id)
		if q == nil || q.Kind != KindYesNo || !q.Verdict {
			t.Errorf("question %s: %+v, want a yes/no question in a verdict section", id, q)
		}
	}
	if q := r.Question("central"); q == nil || q.Concern != "ja" || q.Severity != SeverityLocal {
		t.Errorf("central: %+v", q)
	}
	if q := r.Question("typ"); q == nil || !q.Allows("saas") || q.Allows("ja") {
		t.Errorf("typ: %+v", q)
	}
	if q := r.Question("namn"); q == nil || !q.Allows("anything at all") {
		t.Errorf("namn: %+v", q)
	}
	if len(r.Questions) != 32 {
		t.Errorf("%d questions, want 32", len(r.Questions))
	}
}

// mutate decodes the shipped data, lets f change it, and parses the result.
func mutate(t *testing.T, f func(d map[string]any)) error {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(molnkollen.SelfcheckJSON, &d); err != nil {
		t.Fatal(err)
	}
	f(d)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse(b)
	return err
}

func section(d map[string]any, i int) map[string]any {
	return d["sections"].([]any)[i].(map[string]any)
}

func question(d map[string]any, s, i int) map[string]any {
	return section(d, s)["questions"].([]any)[i].(map[string]any)
}

func TestInvalidData(t *testing.T) {
	tests := []struct {
		name string
		f    func(d map[string]any)
		want string
	}{
		{"unchanged", func(d map[string]any) {}, ""},
		{"duplicate question id", func(d map[string]any) { question(d, 1, 1)["id"] = "central" }, "duplicate id central"},
		{"duplicate section id", func(d map[string]any) { section(d, 1)["id"] = "tjanst" }, "duplicate id tjanst"},
		{"unknown kind", func(d map[string]any) { question(d, 1, 0)["kind"] = "scale" }, "unknown kind scale"},
		{"concern not an answer", func(d map[string]any) { question(d, 1, 0)["concern"] = "kanske" }, ".concern"},
		{"concern vetej", func(d map[string]any) { question(d, 1, 0)["concern"] = "vetej" }, ".concern"},
		{"unknown severity", func(d map[string]any) { question(d, 1, 0)["severity"] = "fatal" }, "unknown severity fatal"},
		{"severity without concern", func(d map[string]any) { delete(question(d, 1, 0), "concern") }, "concern and severity go together"},
		{"risk outside verdict section", func(d map[string]any) { question(d, 4, 0)["severity"] = "risk" }, "sections[4].questions[0].severity"},
		{"empty cite", func(d map[string]any) { question(d, 1, 0)["cite"] = "" }, "questions[0].cite"},
		{"missing cite", func(d map[string]any) { delete(question(d, 2, 0), "cite") }, "sections[2].questions[0].cite"},
		{"verdict without cite", func(d map[string]any) { delete(d["verdicts"].([]any)[0].(map[string]any), "cite") }, "verdicts[0].cite"},
		{"reason for unknown answer", func(d map[string]any) {
			question(d, 1, 0)["reasons"].(map[string]any)["kanske"] = "x"
		}, "reasons.kanske"},
		{"route when unknown question", func(d map[string]any) {
			d["route"].([]any)[2].(map[string]any)["when"] = map[string]any{"question": "nosuch", "is": "nej"}
		}, "no such question: nosuch"},
		{"route when unknown answer", func(d map[string]any) {
			d["route"].([]any)[2].(map[string]any)["when"] = map[string]any{"question": "accepterar", "is": "kanske"}
		}, "not an answer of question accepterar"},
		{"route always and when", func(d map[string]any) { d["route"].([]any)[2].(map[string]any)["always"] = true }, "exactly one of"},
		{"duplicate verdict", func(d map[string]any) { d["verdicts"].([]any)[1].(map[string]any)["id"] = "lokal-drift" }, "duplicate id lokal-drift"},
		{"status set changed", func(d map[string]any) {
			d["answerSets"].(map[string]any)["status"] = []any{map[string]any{"value": "klar", "label": "Klar"}}
		}, "answerSets.status"},
		{"no vetej", func(d map[string]any) {
			d["answerSets"].(map[string]any)["yesno"] = []any{map[string]any{"value": "ja", "label": "Ja"}}
		}, "must contain vetej"},
		{"formatVersion 2", func(d map[string]any) { d["formatVersion"] = 2 }, "formatVersion"},
		{"limit zero", func(d map[string]any) { d["limits"].(map[string]any)["textChars"] = 0 }, "limits.textChars"},
		{"bad date", func(d map[string]any) { d["guideline"].(map[string]any)["validFrom"] = "2022-13-01" }, "validFrom"},
		{"unknown group", func(d map[string]any) { question(d, 2, 0)["group"] = "9" }, "no such group"},
		{"choice without options", func(d map[string]any) { delete(question(d, 0, 2), "options") }, "options"},
		{"text with concern", func(d map[string]any) { question(d, 0, 0)["concern"] = "ja" }, "only yes/no and status"},
		{"yesno without required", func(d map[string]any) { delete(question(d, 1, 0), "required") }, "required"},
		{"status without step", func(d map[string]any) { delete(question(d, 3, 0), "step") }, "step"},
		{"bad id", func(d map[string]any) { question(d, 1, 0)["id"] = "Central" }, "not a plain id"},
		{"not an object", func(d map[string]any) { d["sections"] = "x" }, "$.sections"},
	}
	for _, tt := range tests {
		err := mutate(t, tt.f)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tt.name, err)
		case tt.want != "" && err == nil:
			t.Errorf("%s: no error, want one containing %q", tt.name, tt.want)
		case tt.want != "" && !strings.Contains(err.Error(), tt.want):
			t.Errorf("%s: error %q, want one containing %q", tt.name, err, tt.want)
		}
	}
	if _, err := Parse([]byte("{")); err == nil {
		t.Error("Parse accepted broken JSON")
	}
}

// BenchmarkParse measures the wasm module's start-up work.
func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := Parse(molnkollen.SelfcheckJSON); err != nil {
			b.Fatal(err)
		}
	}
}
