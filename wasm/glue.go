// Command wasm is the self-check's WebAssembly module. It registers one
// global JavaScript object, molnkollen, with three functions; all strings
// in, plain objects out:
//
//	molnkollen.evaluate(answersJSON)
//	    -> {outcomes: [one id per part], reasons: [...], open: [...], route: [...],
//	        grounds: [...], assumptions: [...], fingerprint}
//	molnkollen.exportFile(answersJSON, exportedAtISO)
//	    -> {json: "<file text>", fingerprint}
//	molnkollen.importFile(fileText)
//	    -> {answers: "<answersJSON>", fingerprint, exportedAt,
//	        from: "<older rulesVersion>" or "", reask: [{id, value, note}, ...]}
//
// The answers JSON the page sends is {"<id>": {"value": "...", "note": "..."}};
// free text in it is normalised (record.Normalize) before anything else.
// importFile reads files of the current rules and of every earlier version
// listed in "previous"; for an older file, "reask" lists the answers that
// did not carry over and must be given again.
//
// On failure each returns {error: code, detail: "..."}. The code is a key of
// "messages" in data/selfcheck.json (too-large, not-json, wrong-format,
// wrong-version, unknown-id, bad-value, too-long, bad-fingerprint), or
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
)

// codeInternal marks a programming error rather than a bad file.
const codeInternal = "internal"

type api struct {
	rules *rules.Rules
	err   error // set if the embedded data is invalid
}

func newAPI(data []byte) *api {
	r, err := rules.Parse(data)
	return &api{rules: r, err: err}
}

func failure(err error) map[string]any {
	if e, ok := err.(*record.Error); ok {
		return map[string]any{"error": e.Code, "detail": e.Detail}
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
	im, err := record.ImportAny(a.rules, []byte(fileText))
	if err != nil {
		return failure(err)
	}
	from := ""
	if im.From != nil {
		from = im.From.RulesVersion
	}
	reask := make([]any, len(im.Reask))
	for i, x := range im.Reask {
		reask[i] = map[string]any{"id": x.ID, "value": x.Value, "note": x.Note}
	}
	return map[string]any{
		"answers":     string(record.Canonical(im.Answers)),
		"fingerprint": im.Fingerprint,
		"exportedAt":  im.ExportedAt,
		"from":        from,
		"reask":       reask,
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
