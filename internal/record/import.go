package record

import (
	"slices"
	"unicode/utf8"

	"molnkollen/internal/engine"
	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
	"molnkollen/internal/rules"
)

// File is an imported, validated export file.
type File struct {
	RulesVersion   string
	GuidelineTitle string
	ExportedAt     string
	Answers        Answers
	Result         engine.Result // the result stored in the file (not re-evaluated)
	Fingerprint    string        // checked against the answers
}

// ImportArchived reads an export file made with r or with one of the
// earlier versions in r.Previous, and checks it completely against the rules
// it was made with, which archived returns for an earlier version. It
// returns those rules with the file. cmd/selfcheck uses it; the page, which
// has only today's rules, uses ImportAny.
//
// The error, if any, is an *Error whose code says why the file was refused
// (or archived's error): too-large (checked before parsing), not-json (also
// invalid UTF-8), wrong-format, wrong-version (formatVersion, rulesVersion
// or the guideline's date differ from the rules), unknown-id, bad-value (a
// missing or misplaced key, a wrong JSON type, an answer that is not
// allowed, text that is not normalised, a malformed time, a result id the
// rules cannot give), too-long, bad-fingerprint.
func ImportArchived(r *rules.Rules, data []byte, archived func(rulesVersion string) (*rules.Rules, error)) (*rules.Rules, *File, error) {
	doc, e := parseFile(r, data)
	if e != nil {
		return nil, nil, e
	}
	if prev := previousOf(r, doc); prev != nil {
		old, err := archived(prev.RulesVersion)
		if err != nil {
			return nil, nil, err
		}
		r = old
	}
	f, e := fileOf(r, doc, r.FormatVersion, r.RulesVersion, r.Guideline.ValidFrom)
	if e != nil {
		return nil, nil, e
	}
	return r, f, nil
}

// fileKeys are the export file's keys, all required.
var fileKeys = []string{"format", "formatVersion", "rulesVersion", "guideline", "exportedAt", "answers", "result", "fingerprint"}

// utf8BOM is the byte order mark some editors put first in a UTF-8 file.
const utf8BOM = "\uFEFF"

// parseFile checks the size, the encoding and the format of an export file
// of any version and parses it. A UTF-8 byte order mark is skipped; any
// other encoding, or invalid UTF-8, is not JSON.
func parseFile(r *rules.Rules, data []byte) (*jsonv.Value, *Error) {
	if len(data) > r.Limits.FileBytes {
		return nil, fail(CodeTooLarge, "file exceeds limits.fileBytes")
	}
	if len(data) >= 3 && string(data[:3]) == utf8BOM {
		data = data[3:]
	}
	if !utf8.Valid(data) {
		return nil, fail(CodeNotJSON, "not UTF-8")
	}
	doc, err := jsonv.Parse(data)
	if err != nil {
		return nil, fail(CodeNotJSON, err.Error())
	}
	if doc.Kind != jsonv.Object {
		return nil, fail(CodeWrongFormat, "want an object")
	}
	if v := doc.Get("format"); v == nil || v.Kind != jsonv.String || v.Str != r.Format {
		return nil, fail(CodeWrongFormat, "format: want "+quote(r.Format))
	}
	return &doc, nil
}

// fileOf checks a parsed file against the given versions. With r set, the
// answers and the stored result are checked against r; with r nil (an
// older version) only their shape is, and the result is not read.
func fileOf(r *rules.Rules, doc *jsonv.Value, formatVersion, rulesVersion, validFrom string) (*File, *Error) {
	f := &File{RulesVersion: rulesVersion}
	e := checkHead(doc, formatVersion, rulesVersion, validFrom, f)
	if e != nil {
		return nil, e
	}
	if r != nil {
		f.Answers, e = answersFrom(r, doc.Get("answers"), false)
	} else {
		f.Answers, e = anyAnswers(doc.Get("answers"))
	}
	if e != nil {
		return nil, e
	}
	if r != nil {
		e = readResult(r, doc.Get("result"), &f.Result)
	} else if doc.Get("result").Kind != jsonv.Object {
		e = fail(CodeBadValue, "result: want an object")
	}
	if e != nil {
		return nil, e
	}
	fp := doc.Get("fingerprint")
	if fp.Kind != jsonv.String {
		return nil, fail(CodeBadValue, "fingerprint: want a string")
	}
	if want := Fingerprint(f.Answers); fp.Str != want {
		return nil, fail(CodeBadFingerprint, "fingerprint: the answers give "+want)
	}
	f.Fingerprint = fp.Str
	return f, nil
}

// checkHead checks a parsed file's versions, its guideline, its keys and
// its time of export, and fills in f's guideline title and time.
func checkHead(doc *jsonv.Value, formatVersion, rulesVersion, validFrom string, f *File) *Error {
	if v := doc.Get("formatVersion"); v == nil || v.Kind != jsonv.Number || v.Str != formatVersion {
		return fail(CodeWrongVersion, "formatVersion: want "+formatVersion)
	}
	if v := doc.Get("rulesVersion"); v == nil || v.Kind != jsonv.String || v.Str != rulesVersion {
		return fail(CodeWrongVersion, "rulesVersion: want "+quote(rulesVersion))
	}
	g := doc.Get("guideline")
	if g == nil || g.Kind != jsonv.Object {
		return fail(CodeBadValue, "guideline: want an object")
	}
	if v := g.Get("validFrom"); v == nil || v.Kind != jsonv.String || v.Str != validFrom {
		return fail(CodeWrongVersion, "guideline.validFrom: want "+quote(validFrom))
	}
	if v := g.Get("title"); v == nil || v.Kind != jsonv.String {
		return fail(CodeBadValue, "guideline.title: want a string")
	}
	for _, m := range g.Members {
		switch {
		case m.Key == "title" && m.Value.Kind == jsonv.String:
			f.GuidelineTitle = m.Value.Str
		case m.Key != "validFrom":
			return fail(CodeBadValue, "guideline: unknown key "+quote(m.Key)+" or not a string")
		}
	}
	for _, m := range doc.Members {
		if !slices.Contains(fileKeys, m.Key) {
			return fail(CodeBadValue, "unknown key "+quote(m.Key))
		}
	}
	for _, k := range fileKeys {
		if doc.Get(k) == nil {
			return fail(CodeBadValue, "missing key "+quote(k))
		}
	}
	if v := doc.Get("exportedAt"); v.Kind != jsonv.String || !lean.IsRFC3339(v.Str) {
		return fail(CodeBadValue, "exportedAt: want an RFC 3339 time")
	}
	f.ExportedAt = doc.Get("exportedAt").Str
	return nil
}

// anyAnswers reads the answers of an older file: plain ids, each an object
// with a string "value" and an optional string "note", normalised text.
func anyAnswers(v *jsonv.Value) (Answers, *Error) {
	if v.Kind != jsonv.Object {
		return nil, fail(CodeBadValue, "answers: want an object")
	}
	a := make(Answers, len(v.Members))
	for _, m := range v.Members {
		if !rules.IsID(m.Key) {
			return nil, fail(CodeUnknownID, "answers: not a question id: "+quote(m.Key))
		}
		o := &m.Value
		if o.Kind != jsonv.Object || o.Get("value") == nil {
			return nil, fail(CodeBadValue, "answers."+m.Key+": want an object with \"value\"")
		}
		var ans Answer
		for _, f := range o.Members {
			if f.Value.Kind != jsonv.String || (f.Key != "value" && f.Key != "note") {
				return nil, fail(CodeBadValue, "answers."+m.Key+"."+f.Key+": unknown key or not a string")
			}
			if Normalize(f.Value.Str) != f.Value.Str {
				return nil, fail(CodeBadValue, "answers."+m.Key+"."+f.Key+": text that is not normalised")
			}
			if f.Key == "value" {
				ans.Value = f.Value.Str
			} else {
				ans.Note = f.Value.Str
			}
		}
		a[m.Key] = ans
	}
	return a, nil
}

// readResult reads a stored result, accepting only ids these rules can
// give, with exactly the lists these rules' results hold (ResultLists).
func readResult(r *rules.Rules, v *jsonv.Value, res *engine.Result) *Error {
	if v.Kind != jsonv.Object {
		return fail(CodeBadValue, "result: want an object")
	}
	lists := r.ResultLists()
	for _, m := range v.Members {
		if i := slices.IndexFunc(r.Parts, func(p *rules.Part) bool { return p.ID == m.Key }); i >= 0 {
			if m.Value.Kind != jsonv.String || !slices.ContainsFunc(r.Parts[i].Outcomes, func(o *rules.Outcome) bool { return o.ID == m.Value.Str }) {
				return fail(CodeBadValue, "result."+m.Key+": not an outcome of this part")
			}
			continue
		}
		if !slices.Contains(lists, m.Key) {
			return fail(CodeBadValue, "result: unknown key "+quote(m.Key))
		}
		if m.Value.Kind != jsonv.Array {
			return fail(CodeBadValue, "result."+m.Key+": want an array of strings")
		}
		for _, it := range m.Value.Items {
			if it.Kind != jsonv.String || !resultID(r, m.Key, it.Str) {
				return fail(CodeBadValue, "result."+m.Key+": not an id these rules give: "+quote(it.Str))
			}
		}
	}
	for _, p := range r.Parts {
		o := v.Get(p.ID)
		if o == nil {
			return fail(CodeBadValue, "result: missing "+quote(p.ID))
		}
		res.Outcomes = append(res.Outcomes, o.Str)
	}
	for _, k := range lists {
		l := v.Get(k)
		if l == nil {
			return fail(CodeBadValue, "result: missing "+quote(k))
		}
		ids := make([]string, 0, len(l.Items))
		for _, it := range l.Items {
			ids = append(ids, it.Str)
		}
		*resultList(res, k) = ids
	}
	return nil
}

// resultList returns the list of res that a result key names.
func resultList(res *engine.Result, key string) *[]string {
	switch key {
	case rules.ListReasons:
		return &res.Reasons
	case rules.ListOpen:
		return &res.Open
	case rules.ListRoute:
		return &res.Route
	case rules.ListGrounds:
		return &res.Grounds
	default:
		return &res.Assumptions
	}
}

// resultID reports whether id is one the engine can put in the list.
func resultID(r *rules.Rules, list, id string) bool {
	switch list {
	case rules.ListRoute:
		return r.RouteEntry(id) != nil
	case rules.ListAssumptions:
		return r.Assumption(id) != nil
	}
	i := 0
	for i < len(id) && id[i] != ':' {
		i++
	}
	qid, kind, ok := id[:i], id[min(i+1, len(id)):], i < len(id)
	q := r.Question(qid)
	if !ok || q == nil {
		return false
	}
	switch list {
	case rules.ListReasons:
		return q.Kind == rules.KindYesNo && q.Reason(kind) != ""
	case rules.ListGrounds:
		answers, unknown := r.GroundAnswers(qid)
		return slices.Contains(answers, kind) || unknown && kind == rules.GroundUnknown
	}
	return slices.Contains(engine.OpenKinds(r, q), kind)
}
