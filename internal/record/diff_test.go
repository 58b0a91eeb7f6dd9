package record

import (
	"reflect"
	"testing"

	"molnkollen/internal/engine"
)

// TestDiffNamesGroundsAndAssumptions: a stored result whose grounds or
// assumptions differ from a fresh evaluation is said in words under the
// checker's headings for those lists: a ground by its answer's reason, or
// its question's short text when unknown, an assumption by its text. The
// control is the same result with equal lists: no difference.
func TestDiffNamesGroundsAndAssumptions(t *testing.T) {
	r := load(t)
	fresh := engine.Evaluate(r, Answers{"central": {Value: "nej"}, "okanslig": {Value: "nej"}})
	stored := fresh
	stored.Grounds = []string{"central:unknown"}
	stored.Assumptions = []string{"okanslig-oklassad"}
	if len(fresh.Assumptions) != 0 {
		t.Fatalf("the fresh result holds assumptions: %v", fresh.Assumptions)
	}
	if !reflect.DeepEqual(fresh.Grounds, []string{"okanslig:nej", "sjalvstandig:unknown", "avtal:unknown"}) {
		t.Fatalf("the fresh grounds are not as the test assumes: %v", fresh.Grounds)
	}
	got := Diff(r, r, stored, fresh)
	want := []Difference{
		{Title: r.Checker["grounds"], Stored: []string{r.Question("central").Short},
			Fresh: []string{r.Question("okanslig").Reason("nej"), r.Question("sjalvstandig").Short, r.Question("avtal").Short}},
		{Title: r.Checker["assumptions"], Stored: []string{r.Assumption("okanslig-oklassad").Text}, Fresh: []string{}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Diff:\n got %#v\nwant %#v", got, want)
	}
	for _, d := range got {
		if d.Title == "" {
			t.Errorf("a difference has no heading: %#v", d)
		}
	}
	if d := Diff(r, r, fresh, fresh); len(d) != 0 {
		t.Errorf("control: equal results differ: %#v", d)
	}
}
