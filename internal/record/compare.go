package record

import (
	"molnkollen/internal/engine"
	"molnkollen/internal/rules"
)

// Change is one answer that differs between two files, in words: the
// question's short text (with the note's label for a changed note) and the
// old and new answer ("" for none).
type Change struct {
	Short, Old, New string
}

// Comparison is how two files of a case differ: the answers and
// descriptions that changed, and how the result changed (part by part and
// list by list, as Diff says it).
type Comparison struct {
	Answers []Change
	Result  []Difference
}

// Compare compares two imported files under today's rules r: their
// answers as carried over to r, and their results evaluated again under r.
// noteLabel names a changed note (the checker's "note").
func Compare(r *rules.Rules, old, new *Imported) Comparison {
	var c Comparison
	label := func(q *rules.Question, v string) string {
		if o := q.Option(v); o != nil {
			return o.Label
		}
		return v
	}
	for _, q := range r.Questions {
		a, b := old.Carried[q.ID], new.Carried[q.ID]
		if a.Value != b.Value {
			c.Answers = append(c.Answers, Change{Short: q.Short, Old: label(q, a.Value), New: label(q, b.Value)})
		}
		if a.Note != b.Note {
			c.Answers = append(c.Answers, Change{Short: q.Short + " (" + r.Checker["note"] + ")", Old: a.Note, New: b.Note})
		}
	}
	c.Result = Diff(r, r, engine.Evaluate(r, old.Carried), engine.Evaluate(r, new.Carried))
	return c
}
