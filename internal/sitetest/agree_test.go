package sitetest

import (
	"path/filepath"
	"testing"

	"golang.org/x/net/html"

	"molnkollen/internal/engine"
	"molnkollen/internal/rules"
)

// someAnswers is a set of answers for the engine.
type someAnswers map[string]string

func (a someAnswers) Value(id string) string { return a[id] }
func (a someAnswers) Note(string) string     { return "" }

// TestPageRendersEveryEngineID proves that Hugo and the Go engine agree on
// the self-check page: every id the engine can return has its hidden sentence
// on the page (data-outcome, data-reason, data-open, data-route), and every
// such sentence on the page is one the engine can return. Outcomes are every
// outcome of every part; open items are engine.OpenKinds for each question
// (the engine's own list, which Hugo reads from the generated
// data/selfcheck_open.json: this checks the build used a current one); reasons and route entries depend on one answer
// each (with its showIf condition met), so answering each question with each
// value in turn yields all of them. Grounds are rules.GroundAnswers for each
// question, assumptions those of the parts.
func TestPageRendersEveryEngineID(t *testing.T) {
	needSite(t)
	r := selfcheck(t)
	kinds := []string{"outcome", "reason", "open", "route", "ground", "assumption"}
	want := map[string]map[string]bool{}
	for _, k := range kinds {
		want[k] = map[string]bool{}
	}
	for _, p := range r.Parts {
		for _, o := range p.Outcomes {
			want["outcome"][o.ID] = true
		}
		for _, a := range p.Assumptions {
			want["assumption"][a.ID] = true
		}
	}
	for _, q := range r.Questions {
		for _, k := range engine.OpenKinds(r, q) {
			want["open"][q.ID+":"+k] = true
		}
		answers, unknown := r.GroundAnswers(q.ID)
		if unknown {
			answers = append(answers, rules.GroundUnknown)
		}
		for _, g := range answers {
			want["ground"][q.ID+":"+g] = true
		}
	}
	for _, q := range r.Questions {
		values := []string{""}
		for _, o := range q.Options {
			values = append(values, o.Value)
		}
		for _, v := range values {
			a := someAnswers{q.ID: v}
			if q.ShowIf != nil {
				a[q.ShowIf.Question] = q.ShowIf.Is
			}
			res := engine.Evaluate(r, a)
			for _, id := range res.Reasons {
				want["reason"][id] = true
			}
			for _, id := range res.Route {
				want["route"][id] = true
			}
			for _, id := range res.Open {
				if !want["open"][id] {
					t.Errorf("the engine returns open item %q, which engine.OpenKinds does not list", id)
				}
			}
			for _, id := range res.Grounds {
				if !want["ground"][id] {
					t.Errorf("the engine returns ground %q, which rules.GroundAnswers does not list", id)
				}
			}
		}
	}

	got := map[string]map[string]bool{}
	for _, k := range kinds {
		got[k] = map[string]bool{}
	}
	walk(parseFile(t, filepath.Join(env.dir, "sjalvskattning", "index.html")), func(n *html.Node) {
		for kind := range got {
			if id, ok := attr(n, "data-"+kind); ok {
				if got[kind][id] {
					t.Errorf("data-%s=%q is on the page twice", kind, id)
				}
				got[kind][id] = true
			}
		}
	})
	for _, kind := range kinds {
		for id := range want[kind] {
			if !got[kind][id] {
				t.Errorf("the engine can return %s %q, but the page has no [data-%s=%q]", kind, id, kind, id)
			}
		}
		for id := range got[kind] {
			if !want[kind][id] {
				t.Errorf("the page has [data-%s=%q], which the engine never returns", kind, id)
			}
		}
		if len(want[kind]) == 0 {
			t.Errorf("no %s ids at all", kind)
		}
		t.Logf("%s: %d ids, all on the page", kind, len(want[kind]))
	}
}
