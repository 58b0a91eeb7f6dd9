package record

import (
	"encoding/json"
	"testing"
)

// A case's decisions, as the IT-center records them in the issue's
// example: IT-centerchef with a condition, the business not accepting,
// kommundirektören deciding.
var caseDecisions = []Decision{
	{Role: "itcenterchef", Option: "tillstyrker-med-villkor", Motivation: "Tjänsten uppfyller de fyra grundläggande frågeställningarna.",
		Conditions: "Personuppgiftsbiträdesavtal ska vara undertecknat innan tjänsten används.", Date: "2026-12-01", FollowUp: "2027-06-01"},
	{Role: "verksamhet", Option: "accepterar-inte", Motivation: "Villkoret går inte att uppfylla i tid.", Date: "2026-12-02"},
	{Role: "kommundirektor", Option: "foljer-itcenterchef", Motivation: "Villkoret gäller.", Date: "2026-12-03"},
}

// decided returns the golden export kanslig-fordjupad with the decisions
// ds recorded in order, as the reception page records them.
func decided(t testing.TB, ds []Decision) []byte {
	t.Helper()
	r := load(t)
	b := readFile(t, "testdata", "kanslig-fordjupad.golden")
	for _, d := range ds {
		var err error
		if b, err = RecordDecision(r, b, d, archived); err != nil {
			t.Fatalf("record %s: %v", d.Role, err)
		}
	}
	return b
}

// editDecisions edits the decoded file of decided(ds) (d the file, a its
// answers, es its entries), recomputing the answers' fingerprint if refp.
func editDecisions(ds []Decision, refp bool, f func(d, a map[string]any, es []any)) func(t *testing.T) []byte {
	return func(t *testing.T) []byte {
		return variant(t, decided(t, ds), refp, func(d, a map[string]any) { f(d, a, d["decisions"].([]any)) })
	}
}

// decisionCases are files with a decision record: whole, with an answer
// changed after the decisions (the file checks out, the decisions were
// made on other answers), an entry changed, an entry removed (in the
// middle, at the end), a role recording out of turn, and files of format 3.
func decisionCases() map[string]importCase {
	entry := func(es []any, i int) map[string]any { return es[i].(map[string]any) }
	return map[string]importCase{
		"decisions.json": {make: func(t *testing.T) []byte { return decided(t, caseDecisions) }},
		"decisions-answer-changed.json": {make: editDecisions(caseDecisions, true, func(d, a map[string]any, es []any) {
			a["namn"] = map[string]any{"value": "Elevhälsans journal, ny version"}
		}), otherAnswers: true},
		"decisions-entry-changed.json": {make: editDecisions(caseDecisions, false, func(d, a map[string]any, es []any) {
			entry(es, 0)["option"] = "tillstyrker"
		}), code: CodeBadDecisions},
		"decisions-entry-removed.json": {make: editDecisions(caseDecisions, false, func(d, a map[string]any, es []any) {
			d["decisions"] = append(es[:1:1], es[2:]...)
		}), code: CodeBadDecisions},
		"decisions-last-removed.json": {make: editDecisions(caseDecisions, false, func(d, a map[string]any, es []any) {
			d["decisions"] = es[:2]
		}), code: CodeBadDecisions},
		"decisions-out-of-turn.json": {make: editDecisions(caseDecisions[:1], false, func(d, a map[string]any, es []any) {
			// kommundirektören records with the chain right, but the
			// business has not said that it does not accept.
			x := Decision{Role: "kommundirektor", Option: "foljer-itcenterchef", Motivation: "Villkoret gäller.", Date: "2026-12-03",
				AnswersFingerprint: d["fingerprint"].(string)}
			x.Fingerprint = ChainFingerprint(entry(es, 0)["fingerprint"].(string), x)
			var m map[string]any
			b, _ := json.Marshal(decisionJSON(x))
			json.Unmarshal(b, &m)
			d["decisions"] = append(es, m)
			d["decisionsFingerprint"] = x.Fingerprint
		}), code: CodeDecisionNotAllowed},
		"format3.json": {make: func(t *testing.T) []byte { return readFile(t, "testdata", "format3-kanslig-fordjupad.json") }},
		"format3-with-decisions.json": {make: func(t *testing.T) []byte {
			return variant(t, readFile(t, "testdata", "format3-kanslig-fordjupad.json"), false, func(d, a map[string]any) {
				d["decisions"] = []any{}
				d["decisionsFingerprint"] = ""
			})
		}, code: CodeBadValue},
	}
}

// decisionJSON is an entry as the file holds it.
func decisionJSON(d Decision) map[string]string {
	return map[string]string{"role": d.Role, "option": d.Option, "motivation": d.Motivation, "conditions": d.Conditions,
		"date": d.Date, "followUp": d.FollowUp, "answersFingerprint": d.AnswersFingerprint, "fingerprint": d.Fingerprint}
}
