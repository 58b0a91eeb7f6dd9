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
	Decisions      []Decision    // the decision record, chain checked (none before format 4)
}

// Imported is a file read by Import.
type Imported struct {
	File  *File           // as the file holds it, checked against With
	With  *rules.Rules    // the rules the file was made with: today's or an archived version
	From  *rules.Previous // the earlier version With is, or nil for today's rules
	Fresh engine.Result   // File.Answers evaluated again under With

	// Carried are the answers under today's rules (File.Answers for a
	// file of today's rules), with their fingerprint; Reask lists, in the
	// order of With's questions, the answers that did not carry over.
	Carried     Answers
	Fingerprint string
	Reask       []Reask
}

// Differs reports whether the file's stored result differs from a fresh
// evaluation of its answers under the rules it was made with.
func (im *Imported) Differs() bool { return !im.Fresh.Equal(im.File.Result) }

// OtherAnswers reports whether a role's latest decision in the file was
// made on other answers than the file's (OnOtherAnswers).
func (im *Imported) OtherAnswers() bool {
	for _, other := range OnOtherAnswers(im.File.Decisions, im.File.Fingerprint) {
		if other {
			return true
		}
	}
	return false
}

// Import reads an export file made with r or with one of the earlier
// versions in r.Previous, as the page and cmd/selfcheck both do: it checks
// the file completely against the rules it was made with (r, or what
// archived returns for an earlier version: the module's compiled-in copies,
// or cmd/selfcheck's data/versions/), evaluates its answers again under
// them, and carries its answers over to r (carry.go).
//
// The error, if any, is an *Error whose code says why the file was refused
// (or archived's error): too-large (checked before parsing), not-json (also
// invalid UTF-8), wrong-format, other-organisation, other-guideline (with
// Args naming what the file is from), wrong-version (formatVersion, rulesVersion
// or the guideline's date differ from the rules), unknown-id, bad-value (a
// missing or misplaced key, a wrong JSON type, an answer that is not
// allowed, text that is not normalised, a line break in a one-line text, a
// malformed time, a result id the rules cannot give), too-long, not-asked,
// bad-fingerprint.
func Import(r *rules.Rules, data []byte, archived func(rulesVersion string) (*rules.Rules, error)) (*Imported, error) {
	doc, e := parseFile(r, data)
	if e == nil {
		e = checkOrigin(r, doc)
	}
	if e != nil {
		return nil, e
	}
	im := &Imported{With: r, From: previousOf(r, doc)}
	if im.From != nil {
		old, err := archived(im.From.RulesVersion)
		if err != nil {
			return nil, err
		}
		im.With = old
	}
	if im.File, e = fileOf(im.With, doc); e != nil {
		return nil, e
	}
	im.Fresh = engine.Evaluate(im.With, im.File.Answers)
	if e = checkOrder(im.With, im.Fresh.Route, im.File.Decisions); e != nil {
		return nil, e
	}
	carryOver(r, im)
	return im, nil
}

// fileKeys are the export file's keys, all required; fileKeysOrganisation
// those of the formats that name their organisation.
var (
	fileKeys             = []string{"format", "formatVersion", "rulesVersion", "guideline", "exportedAt", "answers", "result", "fingerprint"}
	fileKeysOrganisation = []string{"format", "formatVersion", "rulesVersion", "organisation", "guideline", "exportedAt", "answers", "result", "fingerprint"}
	fileKeysDecisions    = append(fileKeysOrganisation[:len(fileKeysOrganisation):len(fileKeysOrganisation)], "decisions", "decisionsFingerprint")
)

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

// fileOf checks a parsed file against the rules it names.
func fileOf(r *rules.Rules, doc *jsonv.Value) (*File, *Error) {
	f := &File{RulesVersion: r.RulesVersion}
	e := checkHead(r, doc, f)
	if e == nil {
		f.Answers, e = answersFrom(r, doc.Get("answers"), false)
	}
	if e == nil {
		e = readResult(r, doc.Get("result"), &f.Result)
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
	if holdsDecisions(r, doc) {
		if f.Decisions, e = readDecisions(r, doc.Get("decisions"), doc.Get("decisionsFingerprint")); e != nil {
			return nil, e
		}
	}
	return f, nil
}

// checkHead checks a parsed file's versions, its organisation (from the
// format that names it), its guideline, its keys and its time of export,
// and fills in f's guideline title and time.
func checkHead(r *rules.Rules, doc *jsonv.Value, f *File) *Error {
	if v := doc.Get("formatVersion"); v == nil || v.Kind != jsonv.Number || !r.ReadsFormat(v.Str) {
		return fail(CodeWrongVersion, "formatVersion: want "+r.FormatVersion)
	}
	if v := doc.Get("rulesVersion"); v == nil || v.Kind != jsonv.String || v.Str != r.RulesVersion {
		return fail(CodeWrongVersion, "rulesVersion: want "+quote(r.RulesVersion))
	}
	keys := fileKeys
	if holdsDecisions(r, doc) {
		keys = fileKeysDecisions
	}
	if r.Organisation.ID != "" {
		if !holdsDecisions(r, doc) {
			keys = fileKeysOrganisation
		}
		if e := checkOrganisation(r, doc.Get("organisation")); e != nil {
			return e
		}
	}
	if e := checkGuideline(r, doc.Get("guideline"), f); e != nil {
		return e
	}
	for _, m := range doc.Members {
		if !slices.Contains(keys, m.Key) {
			return fail(CodeBadValue, "unknown key "+quote(m.Key))
		}
	}
	for _, k := range keys {
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

// holdsDecisions reports whether a file of the rules r, format checked,
// is of the format with a decision record.
func holdsDecisions(r *rules.Rules, doc *jsonv.Value) bool {
	return r.Decisions != nil && doc.Get("formatVersion").Str == r.FormatVersion
}

// checkGuideline checks the file's guideline against the rules' and
// fills in f's guideline title.
func checkGuideline(r *rules.Rules, g *jsonv.Value, f *File) *Error {
	if g == nil || g.Kind != jsonv.Object {
		return fail(CodeBadValue, "guideline: want an object")
	}
	if v := g.Get("validFrom"); v == nil || v.Kind != jsonv.String || v.Str != r.Guideline.ValidFrom {
		return fail(CodeWrongVersion, "guideline.validFrom: want "+quote(r.Guideline.ValidFrom))
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
	return nil
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
	qid, kind := splitID(id)
	q := r.Question(qid)
	if q == nil || len(qid) == len(id) {
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
