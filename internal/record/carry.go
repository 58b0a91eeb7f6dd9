package record

import (
	"molnkollen/internal/jsonv"
	"molnkollen/internal/rules"
)

// Reask is an answer of a file of an earlier rules version that does not
// carry over to today's rules and must be given again (or is no longer
// asked). Short and Label are in words, from the rules the file was made
// with: the question's short text, and the answer's option label (free
// text as it is), so that the page shows "Nej", not "nej".
type Reask struct {
	ID, Short, Value, Label, Note string
}

// previousOf returns the earlier rules version a parsed file names, or nil
// for today's rules or a version these rules do not know.
func previousOf(r *rules.Rules, doc *jsonv.Value) *rules.Previous {
	if v := doc.Get("rulesVersion"); v != nil && v.Kind == jsonv.String && v.Str != r.RulesVersion {
		return r.PreviousVersion(v.Str)
	}
	return nil
}

// carryOver fills in im.Carried, its fingerprint and im.Reask. A file of
// today's rules carries over whole. From an earlier version, an answer
// carries over unless the version's "changes" name it, today's rules do
// not allow it (or no longer have its question), or today's rules would
// not ask it given the other answers that carry over.
func carryOver(r *rules.Rules, im *Imported) {
	im.Carried = im.File.Answers
	if im.From != nil {
		im.Carried = Answers{}
		for id, ans := range im.File.Answers {
			if carry(r, im.From, id, &ans) {
				im.Carried[id] = ans
			}
		}
		im.Carried, _ = notAsked(r, im.Carried, true)
		for _, q := range im.With.Questions {
			if _, kept := im.Carried[q.ID]; kept {
				continue
			}
			if ans, ok := im.File.Answers[q.ID]; ok {
				im.Reask = append(im.Reask, Reask{ID: q.ID, Short: q.Short, Value: ans.Value, Label: label(q, ans.Value), Note: ans.Note})
			}
		}
	}
	im.Fingerprint = Fingerprint(im.Carried)
}

// label returns an answer in words: its option's label, or the text itself.
func label(q *rules.Question, value string) string {
	if o := q.Option(value); o != nil {
		return o.Label
	}
	return value
}

// carry reports whether an older answer carries over to r, renaming its
// value if a change says so.
func carry(r *rules.Rules, prev *rules.Previous, id string, ans *Answer) bool {
	for _, c := range prev.Changes {
		if c.Question != id || (c.Value != "" && c.Value != ans.Value) {
			continue
		}
		if c.To == "" {
			return false
		}
		ans.Value = c.To
	}
	return r.Question(id) != nil && check(r, id, *ans) == nil
}
