package record

import (
	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
	"molnkollen/internal/rules"
)

// Imported is a file read by ImportAny.
type Imported struct {
	*File
	// From is the earlier rules version the file was made with, or nil.
	// Then File.Result is empty (it is not checked: cmd/selfcheck checks
	// such a file against the archived rules) and Reask lists the answers
	// that did not carry over to these rules.
	From  *rules.Previous
	Reask []Reask
}

// Reask is an answer of an older file that must be given again.
type Reask struct {
	ID, Value, Note string
}

// ImportAny reads an export file made with these rules or with one of
// r.Previous. An older file is checked as far as these rules allow (format,
// versions, time, the answers' shape, their fingerprint); its answers then
// carry over except those that the version's "changes" name, those these
// rules do not allow, and those of questions that are gone. The error, if
// any, is an *Error with one of the codes ImportArchived gives.
func ImportAny(r *rules.Rules, data []byte) (*Imported, error) {
	doc, e := parseFile(r, data)
	if e != nil {
		return nil, e
	}
	prev := previousOf(r, doc)
	if prev == nil {
		f, e := fileOf(r, doc, r.FormatVersion, r.RulesVersion, r.Guideline.ValidFrom)
		if e != nil {
			return nil, e
		}
		return &Imported{File: f}, nil
	}
	f, e := fileOf(nil, doc, prev.FormatVersion, prev.RulesVersion, prev.ValidFrom)
	if e != nil {
		return nil, e
	}
	im := &Imported{File: &File{RulesVersion: f.RulesVersion, GuidelineTitle: f.GuidelineTitle,
		ExportedAt: f.ExportedAt, Answers: Answers{}}, From: prev}
	for _, id := range sortedIDs(r, f.Answers) {
		ans := f.Answers[id]
		if carry(r, prev, id, &ans) {
			im.Answers[id] = ans
		} else {
			im.Reask = append(im.Reask, Reask{ID: id, Value: ans.Value, Note: ans.Note})
		}
	}
	im.Fingerprint = Fingerprint(im.Answers)
	return im, nil
}

// previousOf returns the earlier rules version a parsed file names, or nil
// for today's rules or a version these rules do not know.
func previousOf(r *rules.Rules, doc *jsonv.Value) *rules.Previous {
	if v := doc.Get("rulesVersion"); v != nil && v.Kind == jsonv.String && v.Str != r.RulesVersion {
		return r.PreviousVersion(v.Str)
	}
	return nil
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

// sortedIDs returns the ids of a in the order of r's questions, then the
// unknown ones in byte order.
func sortedIDs(r *rules.Rules, a Answers) []string {
	var ids, rest []string
	for _, q := range r.Questions {
		if _, ok := a[q.ID]; ok {
			ids = append(ids, q.ID)
		}
	}
	for id := range a {
		if r.Question(id) == nil {
			rest = append(rest, id)
		}
	}
	for _, i := range lean.Order(rest) {
		ids = append(ids, rest[i])
	}
	return ids
}
