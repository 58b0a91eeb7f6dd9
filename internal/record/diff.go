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
// ("reasons", "open", "route", "grounds", "assumptions"). For a list it
// names the items that only one of the two holds (both whole when only
// their order differs).
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
	}{{rules.ListReasons, stored.Reasons, fresh.Reasons}, {rules.ListOpen, stored.Open, fresh.Open},
		{rules.ListRoute, stored.Route, fresh.Route}, {rules.ListGrounds, stored.Grounds, fresh.Grounds},
		{rules.ListAssumptions, stored.Assumptions, fresh.Assumptions}} {
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

// words returns the texts of result ids of the list key (rules.ListReasons
// and so on), which readResult has checked r can give.
func words(r *rules.Rules, key string, ids []string) []string {
	out := []string{}
	for _, id := range ids {
		out = append(out, word(r, key, id))
	}
	return out
}

// word returns the text of one result id of the list key: a route entry's
// or an assumption's text, a reason, an open item's text, or for a ground
// its answer's reason (the question's short text when it is unknown).
func word(r *rules.Rules, key, id string) string {
	switch key {
	case rules.ListRoute:
		return r.RouteEntry(id).Text
	case rules.ListAssumptions:
		return r.Assumption(id).Text
	}
	qid, x := splitID(id)
	q := r.Question(qid)
	switch {
	case key == rules.ListOpen:
		return r.OpenText(q, x)
	case key == rules.ListGrounds && x == rules.GroundUnknown:
		return q.Short
	}
	return q.Reason(x)
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
