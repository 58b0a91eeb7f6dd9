package main

// The reception page's functions (issue 17): the IT-center's side.
//
//	molnkollen.verifyFile(fileText)
//	    -> {fingerprint, exportedAt, from, identifies: {<question id>: value},
//	        outcomes: [one id per part], open: N, differs, otherAnswers,
//	        decisions: [{role, option, motivation, conditions, date, followUp,
//	                     answersFingerprint, fingerprint, onOther}, ...],
//	        mayRecord: [route ids of the roles that may record now]}
//	molnkollen.compareFiles(oldText, newText)
//	    -> {answers: [{short, old, new}], result: [{title, old: [...], new: [...]}]}
//	molnkollen.recordDecision(fileText, entryJSON)
//	    -> {json: "<the file with the entry added>"}
//
// entryJSON is {"role", "option", "motivation", "conditions", "date",
// "followUp"}: the form's fields, free text normalised here. Failures are
// as importFile's. outcomes are those of a fresh evaluation under the
// rules the file was made with; differs says the stored result is not it.

import (
	"molnkollen/internal/jsonv"
	"molnkollen/internal/record"
)

// verifyFile reads a file as cmd/selfcheck does and returns what the
// reception page's table and forms show of it.
func (a *api) verifyFile(fileText string) map[string]any {
	if a.err != nil {
		return failure(a.err)
	}
	im, err := record.Import(a.rules, []byte(fileText), a.archived)
	if err != nil {
		return failure(err)
	}
	f := im.File
	ids := map[string]any{}
	for _, q := range im.With.Questions {
		if v := f.Answers[q.ID].Value; q.Identifies && v != "" {
			ids[q.ID] = v
		}
	}
	onOther := record.OnOtherAnswers(f.Decisions, f.Fingerprint)
	ds := make([]any, len(f.Decisions))
	for i, d := range f.Decisions {
		ds[i] = map[string]any{"role": d.Role, "option": d.Option, "motivation": d.Motivation, "conditions": d.Conditions,
			"date": d.Date, "followUp": d.FollowUp, "answersFingerprint": d.AnswersFingerprint, "fingerprint": d.Fingerprint,
			"onOther": onOther[i]}
	}
	var may []string
	if a.rules.Decisions != nil && im.From == nil && !im.Differs() {
		for _, x := range a.rules.Decisions.Roles {
			if record.MayRecord(a.rules, im.Fresh.Route, f.Decisions, x.Role, f.Fingerprint) {
				may = append(may, x.Role)
			}
		}
	}
	from := ""
	if im.From != nil {
		from = im.From.RulesVersion
	}
	return map[string]any{
		"fingerprint": f.Fingerprint, "exportedAt": f.ExportedAt, "from": from, "identifies": ids,
		"outcomes": strs(im.Fresh.Outcomes), "open": len(im.Fresh.Open), "differs": im.Differs(),
		"otherAnswers": im.OtherAnswers(), "decisions": ds, "mayRecord": strs(may),
	}
}

// compareFiles says how the second file differs from the first.
func (a *api) compareFiles(oldText, newText string) map[string]any {
	if a.err != nil {
		return failure(a.err)
	}
	var ims [2]*record.Imported
	for i, text := range []string{oldText, newText} {
		im, err := record.Import(a.rules, []byte(text), a.archived)
		if err != nil {
			return failure(err)
		}
		ims[i] = im
	}
	c := record.Compare(a.rules, ims[0], ims[1])
	answers := make([]any, len(c.Answers))
	for i, x := range c.Answers {
		answers[i] = map[string]any{"short": x.Short, "old": x.Old, "new": x.New}
	}
	result := make([]any, len(c.Result))
	for i, d := range c.Result {
		result[i] = map[string]any{"title": d.Title, "old": strs(d.Stored), "new": strs(d.Fresh)}
	}
	return map[string]any{"answers": answers, "result": result}
}

// recordDecision returns the file with a role's entry added.
func (a *api) recordDecision(fileText, entryJSON string) map[string]any {
	if a.err != nil {
		return failure(a.err)
	}
	v, err := jsonv.Parse([]byte(entryJSON))
	if err != nil || v.Kind != jsonv.Object {
		return failure(&record.Error{Code: record.CodeBadValue, Detail: "entry: want an object"})
	}
	var d record.Decision
	for _, f := range []struct {
		key string
		to  *string
	}{{"role", &d.Role}, {"option", &d.Option}, {"motivation", &d.Motivation}, {"conditions", &d.Conditions},
		{"date", &d.Date}, {"followUp", &d.FollowUp}} {
		if x := v.Get(f.key); x != nil && x.Kind == jsonv.String {
			*f.to = record.Normalize(x.Str)
		}
	}
	file, err := record.RecordDecision(a.rules, []byte(fileText), d, a.archived)
	if err != nil {
		return failure(err)
	}
	return map[string]any{"json": string(file)}
}
