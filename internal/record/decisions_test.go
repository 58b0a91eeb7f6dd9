package record

import (
	"strings"
	"testing"

	"molnkollen/internal/jsonv"
)

// TestRecordDecision: who may record follows the route and the data's
// order, each option's texts are required, and the entries chain.
func TestRecordDecision(t *testing.T) {
	r := load(t)
	b := decided(t, nil)
	refuse := func(name string, file []byte, d Decision, want string) {
		t.Helper()
		if _, err := RecordDecision(r, file, d, archived); code(err) != want {
			t.Errorf("%s: %v, want %s", name, err, want)
		}
	}
	refuse("the business before IT-centerchef", b, Decision{Role: "verksamhet", Option: "accepterar", Date: "2026-12-01"}, CodeDecisionNotAllowed)
	refuse("kommundirektören before the business", b, Decision{Role: "kommundirektor", Option: "foljer-itcenterchef", Motivation: "x", Date: "2026-12-01"}, CodeDecisionNotAllowed)
	refuse("a condition missing", b, Decision{Role: "itcenterchef", Option: "tillstyrker-med-villkor", Date: "2026-12-01"}, CodeBadValue)
	refuse("a text the role does not record", b, Decision{Role: "verksamhet", Option: "accepterar", Conditions: "x", Date: "2026-12-01"}, CodeBadValue)
	refuse("no date", b, Decision{Role: "itcenterchef", Option: "tillstyrker"}, CodeBadValue)
	refuse("not a role", b, Decision{Role: "underlag", Option: "tillstyrker", Date: "2026-12-01"}, CodeBadValue)
	refuse("too long", b, Decision{Role: "itcenterchef", Option: "avstyrker", Motivation: strings.Repeat("x", r.Limits.NoteChars+1), Date: "2026-12-01"}, CodeTooLong)
	accepted := decided(t, append(caseDecisions[:2:2], Decision{Role: "verksamhet", Option: "accepterar", Date: "2026-12-04"}))
	refuse("kommundirektören after the business accepted", accepted, caseDecisions[2], CodeDecisionNotAllowed)

	im, err := Import(r, decided(t, caseDecisions), archived)
	if err != nil {
		t.Fatal(err)
	}
	ds := im.File.Decisions
	if len(ds) != 3 || ds[0].Fingerprint != ChainFingerprint("", ds[0]) || ds[2].Fingerprint != ChainFingerprint(ds[1].Fingerprint, ds[2]) {
		t.Fatalf("entries not chained: %+v", ds)
	}
	for _, d := range ds {
		if d.AnswersFingerprint != im.File.Fingerprint {
			t.Errorf("%s made on %s, the file's answers are %s", d.Role, d.AnswersFingerprint, im.File.Fingerprint)
		}
	}
	if im.OtherAnswers() {
		t.Error("decisions on the file's own answers said to be on other answers")
	}
	// Control: the same entry after another previous gives another fingerprint.
	if ChainFingerprint(ds[0].Fingerprint, ds[2]) == ds[2].Fingerprint {
		t.Error("the chain does not depend on the entry before")
	}
}

// TestLatestDecisionCounts: after the answers change, a role that records
// again stands on the new answers; the one that did not is still flagged.
func TestLatestDecisionCounts(t *testing.T) {
	ds := []Decision{{Role: "itcenterchef", AnswersFingerprint: "old"}, {Role: "verksamhet", AnswersFingerprint: "old"}, {Role: "itcenterchef", AnswersFingerprint: "new"}}
	got := OnOtherAnswers(ds, "new")
	if got[0] || !got[1] || got[2] {
		t.Errorf("OnOtherAnswers = %v, want [false true false]", got)
	}
}

// FuzzDecisions: no decision record makes the parser panic, and any it
// accepts is written back to the same bytes.
func FuzzDecisions(f *testing.F) {
	r := load(f)
	f.Add([]byte(`[]`), "")
	f.Add([]byte(`[{"role":"itcenterchef"}]`), "sha256:00")
	f.Add([]byte(`[{"role":"itcenterchef","option":"tillstyrker","motivation":"","conditions":"","date":"2026-12-01","followUp":"","answersFingerprint":"sha256:0d7bb1304cf546acd4e526dc1242f3589a20458f8d9d4f3f75228665e633b30a","fingerprint":"sha256:0d7bb1304cf546acd4e526dc1242f3589a20458f8d9d4f3f75228665e633b30a"}]`), "x")
	if v, err := jsonv.Parse(decided(f, caseDecisions)); err == nil {
		f.Add(jsonv.AppendCanonical(nil, v.Get("decisions")), v.Get("decisionsFingerprint").Str)
	}
	f.Fuzz(func(t *testing.T, data []byte, headText string) {
		v, err := jsonv.Parse(data)
		if err != nil {
			return
		}
		h := jsonv.Str(headText)
		ds, e := readDecisions(r, &v, &h)
		if e != nil {
			if r.Messages[e.Code] == "" {
				t.Fatalf("code %q has no message", e.Code)
			}
			return
		}
		w := decisionsValue(ds)
		again, e := readDecisions(r, &w, &h)
		if e != nil || len(again) != len(ds) {
			t.Fatalf("accepted %q, its own writing refused: %v", data, e)
		}
	})
}
