package rules

import (
	"encoding/json"
	"slices"
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
	if r.Format == "" || r.FormatVersion == "" || r.RulesVersion == "" {
		t.Errorf("format %q, formatVersion %q, rulesVersion %q", r.Format, r.FormatVersion, r.RulesVersion)
	}
	if r.Limits.FileBytes <= 0 || r.Limits.TextChars <= 0 || r.Limits.NoteChars <= 0 || r.Limits.DescriptionChars <= 0 {
		t.Errorf("limits %+v", r.Limits)
	}
	// The guideline's numbered sub-questions keep their numbers as ids, and
	// its "Hur ...?" questions are answered with a description.
	for _, id := range []string{"1a", "2a", "2b", "3a", "3b", "4b", "4c"} {
		if q := r.Question(id); q == nil || q.Kind != KindYesNo || q.Cite != "fraga-"+id {
			t.Errorf("question %s: %+v, want a yes/no question citing fraga-%s", id, q, id)
		}
	}
	for _, id := range []string{"3c", "4a", "4d"} {
		if q := r.Question(id); q == nil || q.Kind != KindDescription || !q.Required || q.Todo == "" {
			t.Errorf("question %s: %+v, want a required description", id, q)
		}
	}
	if q := r.Question("4b-hur"); q == nil || q.ShowIf == nil || *q.ShowIf != (Condition{"4b", "ja"}) {
		t.Errorf("4b-hur: %+v", q)
	}
	if q := r.Question("typ"); q == nil || !q.Allows("saas") || q.Allows("ja") {
		t.Errorf("typ: %+v", q)
	}
	if q := r.Question("namn"); q == nil || !q.Allows("anything at all") || !q.Identifies {
		t.Errorf("namn: %+v", q)
	}
	for _, q := range r.Questions {
		if q.Cite != "" && r.Passage(q.Cite) == "" {
			t.Errorf("%s cites %s, which is not a passage", q.ID, q.Cite)
		}
	}
	if lists := r.ResultLists(); !slices.Equal(lists, []string{ListReasons, ListOpen, ListRoute, ListGrounds, ListAssumptions}) {
		t.Errorf("result lists %q", lists)
	}
	if a, unknown := r.GroundAnswers("okanslig"); !slices.Equal(a, []string{"nej"}) || !unknown {
		t.Errorf("okanslig grounds %q, unknown %v; want nej, and unknown", a, unknown)
	}
	if a, unknown := r.GroundAnswers("1a"); !slices.Equal(a, []string{"nej"}) || unknown {
		t.Errorf("1a grounds %q, unknown %v; want nej only", a, unknown)
	}
	if len(r.Parts) != 2 || r.PreviousVersion("2022-06-27.1") == nil {
		t.Errorf("parts %d, previous %+v", len(r.Parts), r.Previous)
	}
}

// TestArchivedVersionsParse reads every rules version kept in data/versions
// with today's parser: a change of the schema that breaks one fails here.
func TestArchivedVersionsParse(t *testing.T) {
	vs := molnkollen.ArchivedVersions()
	if len(vs) == 0 {
		t.Fatal("no archived rules versions")
	}
	cur := shipped(t)
	for _, v := range vs {
		b, err := molnkollen.ArchivedRules(v)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Parse(b)
		if err != nil {
			t.Errorf("%s: %v", v, err)
			continue
		}
		if r.RulesVersion != v || v == cur.RulesVersion {
			t.Errorf("data/versions/%s.json holds rules version %s (current %s)", v, r.RulesVersion, cur.RulesVersion)
		}
		if lists := r.ResultLists(); len(lists) != 3 {
			t.Errorf("%s: result lists %q; an archived version names no grounds or assumptions, so its files hold reasons, open and route only", v, lists)
		}
		if cur.PreviousVersion(v) == nil {
			t.Errorf("archived version %s is not listed in \"previous\" of data/selfcheck.json", v)
		}
	}
	for _, p := range cur.Previous {
		if _, err := molnkollen.ArchivedRules(p.RulesVersion); err != nil {
			t.Errorf("previous version %s is not archived in data/versions: %v", p.RulesVersion, err)
		}
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

func outcome(d map[string]any, p, i int) map[string]any {
	return d["parts"].([]any)[p].(map[string]any)["outcomes"].([]any)[i].(map[string]any)
}

// routeEntry returns the route entry with the given id.
func routeEntry(d map[string]any, id string) map[string]any {
	for _, e := range d["route"].([]any) {
		if m := e.(map[string]any); m["id"] == id {
			return m
		}
	}
	panic("no route entry " + id)
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
		{"misspelt showIf", func(d map[string]any) {
			question(d, 1, 0)["showif"] = map[string]any{"question": "central", "is": "ja"}
		}, "sections[1].questions[0].showif: unknown key"},
		{"misspelt previous", func(d map[string]any) { d["previus"] = d["previous"]; delete(d, "previous") }, "$.previus: unknown key"},
		{"unknown key in a condition", func(d map[string]any) {
			routeEntry(d, "kommundirektor")["when"].(map[string]any)["answer"] = "nej"
		}, ".when.answer: unknown key (want one of: is, question)"},
		{"unknown key in a decision role", func(d map[string]any) {
			d["decisions"].(map[string]any)["roles"].([]any)[0].(map[string]any)["option"] = "x"
		}, "decisions.roles[0].option: unknown key"},
		{"duplicate question id", func(d map[string]any) { question(d, 1, 1)["id"] = "central" }, "duplicate id central"},
		{"duplicate section id", func(d map[string]any) { section(d, 1)["id"] = "tjanst" }, "duplicate id tjanst"},
		{"unknown kind", func(d map[string]any) { question(d, 1, 0)["kind"] = "scale" }, "unknown kind scale"},
		{"concern not an answer", func(d map[string]any) { question(d, 1, 0)["concern"] = "kanske" }, ".concern"},
		{"concern vetej", func(d map[string]any) { question(d, 1, 0)["concern"] = "vetej" }, ".concern"},
		{"todo without concern", func(d map[string]any) { delete(question(d, 2, 3), "concern") }, "needs a concern"},
		{"empty cite", func(d map[string]any) { question(d, 1, 0)["cite"] = "" }, "questions[0].cite"},
		{"cite not a passage", func(d map[string]any) { question(d, 1, 0)["cite"] = "no-such-heading" }, "not one of \"passages\""},
		{"missing cite", func(d map[string]any) { delete(question(d, 2, 0), "cite") }, "sections[2].questions[0].cite"},
		{"outcome without cite", func(d map[string]any) { outcome(d, 0, 0)["cite"] = nil; delete(outcome(d, 0, 0), "cite") }, "outcomes[0].cite"},
		{"reason for unknown answer", func(d map[string]any) {
			question(d, 1, 0)["reasons"].(map[string]any)["kanske"] = "x"
		}, "reasons.kanske"},
		{"route when unknown question", func(d map[string]any) {
			routeEntry(d, "kommundirektor")["when"] = map[string]any{"question": "nosuch", "is": "nej"}
		}, "no such question"},
		{"route when unknown answer", func(d map[string]any) {
			routeEntry(d, "kommundirektor")["when"] = map[string]any{"question": "accepterar", "is": "kanske"}
		}, "not an answer of question accepterar"},
		{"route always and when", func(d map[string]any) { routeEntry(d, "kommundirektor")["always"] = true }, "exactly one of"},
		{"duplicate outcome", func(d map[string]any) { outcome(d, 1, 0)["id"] = "lokal-drift" }, "duplicate id lokal-drift"},
		{"part named like a result list", func(d map[string]any) { d["parts"].([]any)[0].(map[string]any)["id"] = "open" }, "duplicate id open"},
		{"default outcome not last", func(d map[string]any) {
			o := outcome(d, 0, 4)
			o["when"] = map[string]any{"open": true}
		}, "the last is the default"},
		{"outcome when on a later question", func(d map[string]any) {
			outcome(d, 0, 0)["when"] = map[string]any{"answers": map[string]any{"central": "kanske"}}
		}, "not an answer of question central"},
		{"empty when", func(d map[string]any) { outcome(d, 0, 0)["when"] = map[string]any{} }, "at least one condition"},
		{"unknown condition", func(d map[string]any) { outcome(d, 0, 0)["when"] = map[string]any{"all": true} }, "unknown condition"},
		{"showIf on a later question", func(d map[string]any) {
			question(d, 1, 0)["showIf"] = map[string]any{"question": "4b", "is": "ja"}
		}, "not before this point"},
		{"showIf chain", func(d map[string]any) {
			question(d, 2, 9)["showIf"] = map[string]any{"question": "4b-hur", "is": "ja"}
		}, "not a yes/no or choice"},
		{"description without todo", func(d map[string]any) { delete(question(d, 2, 5), "todo") }, "to-do text"},
		{"description without limit", func(d map[string]any) { delete(d["limits"].(map[string]any), "descriptionChars") }, "descriptionChars"},
		{"status set changed", func(d map[string]any) {
			d["answerSets"].(map[string]any)["status"] = []any{map[string]any{"value": "klar", "label": "Klar"}}
		}, "answerSets.status"},
		{"motivate on yes/no", func(d map[string]any) {
			d["answerSets"].(map[string]any)["yesno"].([]any)[0].(map[string]any)["motivate"] = true
		}, "only status answers take motivate"},
		{"no motivation text", func(d map[string]any) { delete(d["openItems"].(map[string]any), "motivation") }, "openItems.motivation"},
		{"no vetej", func(d map[string]any) {
			d["answerSets"].(map[string]any)["yesno"] = []any{map[string]any{"value": "ja", "label": "Ja"}}
		}, "must contain vetej"},
		{"formatVersion 0", func(d map[string]any) { d["formatVersion"] = 0 }, "formatVersion"},
		{"limit zero", func(d map[string]any) { d["limits"].(map[string]any)["textChars"] = 0 }, "limits.textChars"},
		{"bad date", func(d map[string]any) { d["guideline"].(map[string]any)["validFrom"] = "2022-02-30" }, "validFrom"},
		{"unknown group", func(d map[string]any) { question(d, 2, 0)["group"] = "9" }, "no such group"},
		{"choice without options", func(d map[string]any) { delete(question(d, 0, 4), "options") }, "options"},
		{"text with concern", func(d map[string]any) { question(d, 0, 0)["concern"] = "ja" }, "text questions do not take concern"},
		{"identifies on yes/no", func(d map[string]any) { question(d, 1, 0)["identifies"] = true }, "only text questions identify"},
		{"yesno without required", func(d map[string]any) { delete(question(d, 1, 0), "required") }, "required"},
		{"status without step", func(d map[string]any) { delete(question(d, 3, 0), "step") }, "step"},
		{"bad id", func(d map[string]any) { question(d, 1, 0)["id"] = "Central" }, "not a plain id"},
		{"previous is current", func(d map[string]any) {
			d["previous"].([]any)[0].(map[string]any)["rulesVersion"] = d["rulesVersion"]
		}, "duplicate or current"},
		{"previous renames to a value not allowed", func(d map[string]any) {
			d["previous"].([]any)[0].(map[string]any)["changes"] = []any{map[string]any{"question": "typ", "value": "x", "to": "nosuch"}}
		}, "not an answer of question typ"},
		{"not an object", func(d map[string]any) { d["sections"] = "x" }, "$.sections"},
		{"ground without a reason text", func(d map[string]any) {
			delete(question(d, 1, 1)["reasons"].(map[string]any), "nej")
		}, "reason text for this answer"},
		{"unknown ground not a yes/no question", func(d map[string]any) {
			outcome(d, 0, 3)["when"] = map[string]any{"unknown": []any{"typ"}}
		}, "unknown yes/no questions only"},
		{"grounds not a boolean", func(d map[string]any) { d["parts"].([]any)[0].(map[string]any)["grounds"] = "ja" }, "grounds"},
		{"asks without cite", func(d map[string]any) { outcome(d, 0, 2)["asks"] = map[string]any{"text": "x"} }, "asks.cite"},
		{"assumption on no question", func(d map[string]any) {
			a := d["parts"].([]any)[0].(map[string]any)["assumptions"].([]any)[0].(map[string]any)
			a["unless"] = map[string]any{"question": "nosuch", "is": "klar"}
		}, "no such question"},
		{"assumption on a description", func(d map[string]any) {
			a := d["parts"].([]any)[0].(map[string]any)["assumptions"].([]any)[0].(map[string]any)
			a["unless"] = map[string]any{"question": "4d", "is": "klar"}
		}, "not a yes/no or choice question or a step"},
		{"duplicate assumption", func(d map[string]any) {
			p := d["parts"].([]any)[0].(map[string]any)
			p["assumptions"] = append(p["assumptions"].([]any), p["assumptions"].([]any)[0])
		}, "duplicate id okanslig-oklassad"},
		{"cover on vetej", func(d map[string]any) { question(d, 1, 1)["cover"].(map[string]any)["answer"] = "vetej" }, "cover.answer"},
		{"cover without todo", func(d map[string]any) { delete(question(d, 1, 1)["cover"].(map[string]any), "todo") }, "cover.todo"},
		{"cover until no such answer", func(d map[string]any) {
			question(d, 1, 1)["cover"].(map[string]any)["until"] = map[string]any{"question": "riskbedomning", "is": "kanske"}
		}, "not an answer of question riskbedomning"},
		{"role without decides", func(d map[string]any) { delete(routeEntry(d, "itcenterchef"), "decides") }, "decides"},
		{"signs without role", func(d map[string]any) { routeEntry(d, "underlag")["signs"] = true }, "needs \"role\""},
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
