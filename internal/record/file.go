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

// Export validates the answers, evaluates them and returns the export file
// (see the package documentation). exportedAt is the time of export as an
// RFC 3339 string, as JavaScript's Date.toISOString gives it.
func Export(r *rules.Rules, a Answers, exportedAt string) ([]byte, error) {
	if err := Validate(r, a); err != nil {
		return nil, err
	}
	if !lean.IsRFC3339(exportedAt) {
		return nil, fail(CodeBadValue, "exportedAt: want an RFC 3339 time")
	}
	res := engine.Evaluate(r, a)
	result := jsonv.Obj()
	for i, p := range r.Parts {
		result.Members = append(result.Members, jsonv.Member{Key: p.ID, Value: jsonv.Str(res.Outcomes[i])})
	}
	result.Members = append(result.Members,
		jsonv.Member{Key: "reasons", Value: jsonv.Strs(res.Reasons)},
		jsonv.Member{Key: "open", Value: jsonv.Strs(res.Open)},
		jsonv.Member{Key: "route", Value: jsonv.Strs(res.Route)})
	doc := jsonv.Obj(
		jsonv.Member{Key: "format", Value: jsonv.Str(r.Format)},
		jsonv.Member{Key: "formatVersion", Value: jsonv.Num(r.FormatVersion)},
		jsonv.Member{Key: "rulesVersion", Value: jsonv.Str(r.RulesVersion)},
		jsonv.Member{Key: "guideline", Value: jsonv.Obj(
			jsonv.Member{Key: "title", Value: jsonv.Str(r.Guideline.Title)},
			jsonv.Member{Key: "validFrom", Value: jsonv.Str(r.Guideline.ValidFrom)},
		)},
		jsonv.Member{Key: "exportedAt", Value: jsonv.Str(exportedAt)},
		jsonv.Member{Key: "answers", Value: *answersValue(a, r.Questions)},
		jsonv.Member{Key: "result", Value: result},
		jsonv.Member{Key: "fingerprint", Value: jsonv.Str(Fingerprint(a))},
	)
	out := jsonv.AppendIndent(nil, &doc, "  ")
	return append(out, '\n'), nil
}

// Import reads an export file of these rules and returns its answers; see
// ImportFile.
func Import(r *rules.Rules, data []byte) (Answers, error) {
	f, err := ImportFile(r, data)
	if err != nil {
		return nil, err
	}
	return f.Answers, nil
}

// ImportFile reads and checks an export file made with exactly these rules.
// The error, if any, is an *Error whose code says why the file was refused:
// too-large (checked before parsing), not-json (also invalid UTF-8),
// wrong-format, wrong-version (formatVersion, rulesVersion or the
// guideline's date differ from the rules), unknown-id, bad-value (a missing
// or misplaced key, a wrong JSON type, an answer that is not allowed, text
// that is not normalised, a malformed time, a result id the rules cannot
// give), too-long, bad-fingerprint.
func ImportFile(r *rules.Rules, data []byte) (*File, error) {
	doc, e := parseFile(r, data)
	if e != nil {
		return nil, e
	}
	f, e := fileOf(r, doc, r.FormatVersion, r.RulesVersion, r.Guideline.ValidFrom)
	if e != nil {
		return nil, e
	}
	return f, nil
}

// ImportArchived reads an export file made with r or with one of the
// earlier versions in r.Previous, and checks it completely against the rules
// it was made with, which archived returns for an earlier version. It
// returns those rules with the file. cmd/selfcheck uses it; the page, which
// has only today's rules, uses ImportAny.
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
// rules do not allow, and those of questions that are gone.
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
	if v := doc.Get("formatVersion"); v == nil || v.Kind != jsonv.Number || v.Str != formatVersion {
		return nil, fail(CodeWrongVersion, "formatVersion: want "+formatVersion)
	}
	if v := doc.Get("rulesVersion"); v == nil || v.Kind != jsonv.String || v.Str != rulesVersion {
		return nil, fail(CodeWrongVersion, "rulesVersion: want "+quote(rulesVersion))
	}
	g := doc.Get("guideline")
	if g == nil || g.Kind != jsonv.Object {
		return nil, fail(CodeBadValue, "guideline: want an object")
	}
	if v := g.Get("validFrom"); v == nil || v.Kind != jsonv.String || v.Str != validFrom {
		return nil, fail(CodeWrongVersion, "guideline.validFrom: want "+quote(validFrom))
	}
	if v := g.Get("title"); v == nil || v.Kind != jsonv.String {
		return nil, fail(CodeBadValue, "guideline.title: want a string")
	}
	f := &File{RulesVersion: rulesVersion}
	for _, m := range g.Members {
		switch {
		case m.Key == "title" && m.Value.Kind == jsonv.String:
			f.GuidelineTitle = m.Value.Str
		case m.Key != "validFrom":
			return nil, fail(CodeBadValue, "guideline: unknown key "+quote(m.Key)+" or not a string")
		}
	}
	for _, m := range doc.Members {
		if !slices.Contains(fileKeys, m.Key) {
			return nil, fail(CodeBadValue, "unknown key "+quote(m.Key))
		}
	}
	for _, k := range fileKeys {
		if doc.Get(k) == nil {
			return nil, fail(CodeBadValue, "missing key "+quote(k))
		}
	}
	if v := doc.Get("exportedAt"); v.Kind != jsonv.String || !lean.IsRFC3339(v.Str) {
		return nil, fail(CodeBadValue, "exportedAt: want an RFC 3339 time")
	} else {
		f.ExportedAt = v.Str
	}
	var e *Error
	if r != nil {
		f.Answers, e = answersFrom(r, doc.Get("answers"), false)
	} else {
		f.Answers, e = anyAnswers(doc.Get("answers"))
	}
	if e != nil {
		return nil, e
	}
	if r != nil {
		if e := readResult(r, doc.Get("result"), &f.Result); e != nil {
			return nil, e
		}
	} else if doc.Get("result").Kind != jsonv.Object {
		return nil, fail(CodeBadValue, "result: want an object")
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
// give.
func readResult(r *rules.Rules, v *jsonv.Value, res *engine.Result) *Error {
	if v.Kind != jsonv.Object {
		return fail(CodeBadValue, "result: want an object")
	}
	for _, m := range v.Members {
		if i := slices.IndexFunc(r.Parts, func(p *rules.Part) bool { return p.ID == m.Key }); i >= 0 {
			if m.Value.Kind != jsonv.String || !slices.ContainsFunc(r.Parts[i].Outcomes, func(o *rules.Outcome) bool { return o.ID == m.Value.Str }) {
				return fail(CodeBadValue, "result."+m.Key+": not an outcome of this part")
			}
			continue
		}
		if !slices.Contains([]string{"reasons", "open", "route"}, m.Key) {
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
	for _, k := range []string{"reasons", "open", "route"} {
		l := v.Get(k)
		if l == nil {
			return fail(CodeBadValue, "result: missing "+quote(k))
		}
		ids := make([]string, 0, len(l.Items))
		for _, it := range l.Items {
			ids = append(ids, it.Str)
		}
		switch k {
		case "reasons":
			res.Reasons = ids
		case "open":
			res.Open = ids
		default:
			res.Route = ids
		}
	}
	return nil
}

// resultID reports whether id is one the engine can put in the list.
func resultID(r *rules.Rules, list, id string) bool {
	if list == "route" {
		return r.RouteEntry(id) != nil
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
	if list == "reasons" {
		return q.Kind == rules.KindYesNo && q.Reason(kind) != ""
	}
	return slices.Contains(engine.OpenKinds(r, q), kind)
}
