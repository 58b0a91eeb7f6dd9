// Command wasm is the self-check's WebAssembly module. It registers one
// global JavaScript object, molnkollen, with the self-check's three
// functions and the reception page's three (reception.go); all strings in,
// plain objects out:
//
//	molnkollen.evaluate(answersJSON)
//	    -> {outcomes: [one id per part], reasons: [...], open: [...], route: [...],
//	        grounds: [...], assumptions: [...],
//	        hidden: [ids of the questions not asked], fingerprint}
//	molnkollen.exportFile(answersJSON, exportedAtISO)
//	    -> {json: "<file text>", fingerprint}
//	molnkollen.importFile(fileText)
//	    -> {answers: "<answersJSON>", fingerprint, exportedAt,
//	        from: "<older rulesVersion>" or "",
//	        reask: [{id, short, value, label, note}, ...],
//	        differs: [{title, file: [...], now: [...]}, ...],
//	        decisions: N (entries of the file's decision record), otherAnswers}
//
// The answers JSON the page sends is {"<id>": {"value": "...", "note": "..."}},
// all that its form holds: free text in it is normalised (record.Normalize)
// and answers to questions not asked are dropped before anything else. The
// page hides the questions "hidden" lists: the showIf rule lives here only.
// importFile reads a file as cmd/selfcheck does (record.Import): a file of
// an earlier version listed in "previous" is checked against the rules it
// was made with, compiled in (package shipped); its answers that carry over
// to today's rules are "answers", and "reask" lists the others in words
// (short: the question, label: the answer). "differs" says in words where
// the file's stored result differs from a fresh evaluation under its rules
// (empty when it does not); "exportedAt" is the time as the file holds it,
// checked.
//
// On failure each returns {error: code, detail: "...", args: {...}}. The code
// is a key of "messages" in data/selfcheck.json (too-large, not-json,
// wrong-format, other-organisation, other-guideline, wrong-version,
// unknown-id, bad-value, too-long, not-asked, bad-fingerprint; args fill
// its placeholders, e.g. {organisation}: the file's, shown as text), or
// "internal" for a programming error (wrong arguments, a panic, invalid
// data), which has no message for users. detail is English, for developers.
//
// This file is the pure glue between strings and result maps; main.go holds
// the syscall/js part, so that this part is tested natively too.
package main

import (
	"molnkollen/internal/engine"
	"molnkollen/internal/record"
	"molnkollen/internal/rules"
	"molnkollen/internal/shipped"
)

// codeInternal marks a programming error rather than a bad file.
const codeInternal = "internal"

type api struct {
	rules    *rules.Rules
	archived func(rulesVersion string) (*rules.Rules, error) // earlier versions, for record.Import
	err      error                                           // set if the embedded data is invalid
}

func newAPI(data []byte) *api {
	r, err := rules.Parse(data)
	return &api{rules: r, archived: shipped.Archived, err: err}
}

func failure(err error) map[string]any {
	if e, ok := err.(*record.Error); ok {
		args := map[string]any{}
		for k, v := range e.Args {
			args[k] = v
		}
		return map[string]any{"error": e.Code, "detail": e.Detail, "args": args}
	}
	return map[string]any{"error": codeInternal, "detail": err.Error()}
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// evaluate evaluates the answers JSON the page holds.
func (a *api) evaluate(answersJSON string) map[string]any {
	if a.err != nil {
		return failure(a.err)
	}
	ans, err := record.ParseAnswers(a.rules, []byte(answersJSON))
	if err != nil {
		return failure(err)
	}
	res := engine.Evaluate(a.rules, ans)
	return map[string]any{
		"outcomes":    strs(res.Outcomes),
		"reasons":     strs(res.Reasons),
		"open":        strs(res.Open),
		"route":       strs(res.Route),
		"grounds":     strs(res.Grounds),
		"assumptions": strs(res.Assumptions),
		"hidden":      strs(engine.Hidden(a.rules, ans)),
		"fingerprint": record.Fingerprint(ans),
	}
}

// exportFile returns the export file for the answers.
func (a *api) exportFile(answersJSON, exportedAt string) map[string]any {
	if a.err != nil {
		return failure(a.err)
	}
	ans, err := record.ParseAnswers(a.rules, []byte(answersJSON))
	if err != nil {
		return failure(err)
	}
	file, fingerprint, err := record.Export(a.rules, ans, exportedAt)
	if err != nil {
		return failure(err)
	}
	return map[string]any{"json": string(file), "fingerprint": fingerprint}
}

// importFile checks an export file and returns its answers as answers JSON
// (the canonical form, which the page can hand back to evaluate).
func (a *api) importFile(fileText string) map[string]any {
	if a.err != nil {
		return failure(a.err)
	}
	im, err := record.Import(a.rules, []byte(fileText), a.archived)
	if err != nil {
		return failure(err)
	}
	from := ""
	if im.From != nil {
		from = im.From.RulesVersion
	}
	reask := make([]any, len(im.Reask))
	for i, x := range im.Reask {
		reask[i] = map[string]any{"id": x.ID, "short": x.Short, "value": x.Value, "label": x.Label, "note": x.Note}
	}
	var differs []any
	if im.Differs() {
		for _, d := range record.Diff(a.rules, im.With, im.File.Result, im.Fresh) {
			differs = append(differs, map[string]any{"title": d.Title, "file": strs(d.Stored), "now": strs(d.Fresh)})
		}
	}
	return map[string]any{
		"answers":      string(record.Canonical(im.Carried)),
		"fingerprint":  im.Fingerprint,
		"exportedAt":   im.File.ExportedAt,
		"from":         from,
		"reask":        reask,
		"differs":      append([]any{}, differs...),
		"decisions":    len(im.File.Decisions),
		"otherAnswers": im.OtherAnswers(),
	}
}

// call runs one API function with string arguments, turning a wrong number
// of arguments or a panic into an "internal" error instead of a crash of
// the module.
func call(name string, n int, args []any, f func(args []string) map[string]any) (res map[string]any) {
	defer func() {
		if p := recover(); p != nil {
			res = map[string]any{"error": codeInternal, "detail": name + ": panic"}
		}
	}()
	bad := map[string]any{"error": codeInternal, "detail": name + ": want " + string(rune('0'+n)) + " string argument(s)"}
	if len(args) != n {
		return bad
	}
	ss := make([]string, n)
	for i, a := range args {
		s, ok := a.(string)
		if !ok {
			return bad
		}
		ss[i] = s
	}
	return f(ss)
}
