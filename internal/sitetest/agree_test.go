package sitetest

import (
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/net/html"

	"molnkollen"
	"molnkollen/internal/engine"
	"molnkollen/internal/rules"
)

// oneAnswer answers a single question.
type oneAnswer struct{ id, value string }

func (a oneAnswer) Value(id string) string {
	if id == a.id {
		return a.value
	}
	return ""
}

// TestPageRendersEveryEngineID proves that Hugo and the Go engine agree on
// the self-check page: every id the engine can return has its hidden sentence
// on the page (data-verdict, data-reason, data-open, data-route), and every
// such sentence on the page is one the engine can return. Reasons, open items
// and route entries depend on one answer each, so answering each question with
// each value in turn (and not at all) yields every id the engine has.
func TestPageRendersEveryEngineID(t *testing.T) {
	needSite(t)
	r, err := rules.Parse(molnkollen.SelfcheckJSON)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]bool{"verdict": {}, "reason": {}, "open": {}, "route": {}}
	for _, v := range engine.Verdicts {
		want["verdict"][v] = true
	}
	for _, q := range r.Questions {
		for _, v := range append(slices.Clone(q.Values), "") {
			res := engine.Evaluate(r, oneAnswer{q.ID, v})
			for kind, ids := range map[string][]string{"reason": res.Reasons, "open": res.Open, "route": res.Route} {
				for _, id := range ids {
					want[kind][id] = true
				}
			}
		}
	}

	got := map[string]map[string]bool{"verdict": {}, "reason": {}, "open": {}, "route": {}}
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
	for kind := range want {
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
