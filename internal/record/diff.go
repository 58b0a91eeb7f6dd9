package record

import (
	"slices"

	"molnkollen/internal/engine"
	"molnkollen/internal/rules"
)

// Difference is one part of a file's stored result that a fresh evaluation
// does not give again, in words: the part's title or the list's heading,
// what the file says and what the rules give now.
type Difference struct {
	Title         string
	Stored, Fresh []string
}

// Diff says in words how a stored result differs from a fresh one, both
// under with, the rules the file was made with (their texts name the
// outcomes and the items); the lists' headings are cur's checker texts
// ("reasons", "open", "route"). For a list it names the items that only
// one of the two holds (both whole when only their order differs).
func Diff(cur, with *rules.Rules, stored, fresh engine.Result) []Difference {
	var out []Difference
	for i, p := range with.Parts {
		if stored.Outcomes[i] != fresh.Outcomes[i] {
			_, s := with.Outcome(stored.Outcomes[i])
			_, f := with.Outcome(fresh.Outcomes[i])
			out = append(out, Difference{Title: p.Title, Stored: []string{s.Title}, Fresh: []string{f.Title}})
		}
	}
	for _, l := range []struct {
		key           string
		stored, fresh []string
	}{{"reasons", stored.Reasons, fresh.Reasons}, {"open", stored.Open, fresh.Open}, {"route", stored.Route, fresh.Route}} {
		if slices.Equal(l.stored, l.fresh) {
			continue
		}
		s, f := only(l.stored, l.fresh), only(l.fresh, l.stored)
		if len(s) == 0 && len(f) == 0 {
			s, f = l.stored, l.fresh
		}
		out = append(out, Difference{Title: cur.Checker[l.key], Stored: words(with, l.key, s), Fresh: words(with, l.key, f)})
	}
	return out
}

// only returns the ids of a that b lacks.
func only(a, b []string) []string {
	var out []string
	for _, id := range a {
		if !slices.Contains(b, id) {
			out = append(out, id)
		}
	}
	return out
}

// words returns the texts of result ids of the list key ("reasons",
// "open" or "route"), which readResult has checked r can give.
func words(r *rules.Rules, key string, ids []string) []string {
	out := []string{}
	for _, id := range ids {
		if key == "route" {
			out = append(out, r.RouteEntry(id).Text)
			continue
		}
		qid, x := splitID(id)
		q := r.Question(qid)
		if key == "reasons" {
			out = append(out, q.Reason(x))
		} else {
			out = append(out, r.OpenText(q, x))
		}
	}
	return out
}

// splitID splits a result id "<question id>:<x>" at its first colon;
// without one, qid is the whole id.
func splitID(id string) (qid, x string) {
	for i := 0; i < len(id); i++ {
		if id[i] == ':' {
			return id[:i], id[i+1:]
		}
	}
	return id, ""
}
