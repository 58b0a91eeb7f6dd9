package record

import (
	"slices"
	"unicode/utf8"

	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
	"molnkollen/internal/rules"
)

// Decision is one entry of a file's decision record: what a role of the
// route recorded ("Beslut om molnlagring"), on which answers
// (AnswersFingerprint: the file's fingerprint when it was recorded), and
// the entry's own fingerprint, which covers the entry before it, so that
// a changed or removed entry breaks the chain.
type Decision struct {
	Role, Option           string
	Motivation, Conditions string
	Date, FollowUp         string // YYYY-MM-DD; FollowUp may be ""
	AnswersFingerprint     string
	Fingerprint            string
}

// decisionKeys are an entry's keys, all required, in the file's order.
var decisionKeys = []string{"role", "option", "motivation", "conditions", "date", "followUp", "answersFingerprint", "fingerprint"}

// fields returns the entry's values in the order of decisionKeys.
func (d *Decision) fields() []*string {
	return []*string{&d.Role, &d.Option, &d.Motivation, &d.Conditions, &d.Date, &d.FollowUp, &d.AnswersFingerprint, &d.Fingerprint}
}

// ChainFingerprint returns the fingerprint of entry d after the entry
// whose fingerprint is previous ("" for the first): "sha256:" and the hex
// SHA-256 of the canonical JSON of d's keys but "fingerprint", with
// "previous": previous.
func ChainFingerprint(previous string, d Decision) string {
	o := jsonv.Obj(jsonv.Member{Key: "previous", Value: jsonv.Str(previous)})
	for i, p := range d.fields()[:len(decisionKeys)-1] {
		o.Members = append(o.Members, jsonv.Member{Key: decisionKeys[i], Value: jsonv.Str(*p)})
	}
	sum := lean.Sum256(jsonv.AppendCanonical(nil, &o))
	return "sha256:" + lean.Hex(sum[:])
}

// decisionsValue is the file's "decisions" array.
func decisionsValue(ds []Decision) jsonv.Value {
	v := jsonv.Value{Kind: jsonv.Array, Items: make([]jsonv.Value, 0, len(ds))}
	for i := range ds {
		o := jsonv.Obj()
		for j, p := range ds[i].fields() {
			o.Members = append(o.Members, jsonv.Member{Key: decisionKeys[j], Value: jsonv.Str(*p)})
		}
		v.Items = append(v.Items, o)
	}
	return v
}

// head returns the fingerprint of the last entry, or "" for none: the
// file's "decisionsFingerprint", so that removing the last entry is seen.
func head(ds []Decision) string {
	if len(ds) == 0 {
		return ""
	}
	return ds[len(ds)-1].Fingerprint
}

// readDecisions reads a file's decision record and checks every entry and
// the chain of fingerprints against the head.
func readDecisions(r *rules.Rules, v, headV *jsonv.Value) ([]Decision, *Error) {
	if v.Kind != jsonv.Array {
		return nil, fail(CodeBadValue, "decisions: want an array")
	}
	if headV.Kind != jsonv.String {
		return nil, fail(CodeBadValue, "decisionsFingerprint: want a string")
	}
	ds := make([]Decision, 0, len(v.Items))
	for i := range v.Items {
		d, e := readDecision(r, &v.Items[i], "decisions["+lean.Itoa(i)+"]")
		if e != nil {
			return nil, e
		}
		if want := ChainFingerprint(head(ds), d); d.Fingerprint != want {
			return nil, fail(CodeBadDecisions, "decisions["+lean.Itoa(i)+"].fingerprint: the entry and the one before give "+want)
		}
		ds = append(ds, d)
	}
	if headV.Str != head(ds) {
		return nil, fail(CodeBadDecisions, "decisionsFingerprint: want the last entry's fingerprint "+quote(head(ds)))
	}
	return ds, nil
}

// readDecision reads one entry: all its keys, strings, normalised text.
func readDecision(r *rules.Rules, v *jsonv.Value, path string) (Decision, *Error) {
	var d Decision
	if v.Kind != jsonv.Object || len(v.Members) != len(decisionKeys) {
		return d, fail(CodeBadValue, path+": want an object with the keys "+"role, option, motivation, conditions, date, followUp, answersFingerprint, fingerprint")
	}
	for i, p := range d.fields() {
		f := v.Get(decisionKeys[i])
		if f == nil || f.Kind != jsonv.String {
			return d, fail(CodeBadValue, path+"."+decisionKeys[i]+": want a string")
		}
		if Normalize(f.Str) != f.Str {
			return d, fail(CodeBadValue, path+"."+decisionKeys[i]+": text with white space at the start or end, or a carriage return")
		}
		*p = f.Str
	}
	if e := CheckDecision(r, d); e != nil {
		return d, &Error{Code: e.Code, Detail: path + ": " + e.Detail}
	}
	return d, nil
}

// CheckDecision checks one entry's content against what its role records:
// a role and option of the data, the texts the option needs and only those
// the role records, within limits.noteChars, dates, and fingerprints of the
// right shape. It does not check the chain or who may record.
func CheckDecision(r *rules.Rules, d Decision) *Error {
	x := r.Decisions.DecisionRole(d.Role)
	if x == nil {
		return fail(CodeBadValue, "role: not a role that records: "+quote(d.Role))
	}
	o := x.Option(d.Option)
	if o == nil {
		return fail(CodeBadValue, "option: not an option of "+d.Role+": "+quote(d.Option))
	}
	for _, t := range []struct {
		field, text, label string
	}{{rules.FieldMotivation, d.Motivation, x.Motivation}, {rules.FieldConditions, d.Conditions, x.Conditions}} {
		switch {
		case t.text != "" && t.label == "":
			return fail(CodeBadValue, t.field+": the role does not record it")
		case t.text == "" && o.NeedsField(t.field):
			return fail(CodeBadValue, t.field+": the option needs it")
		case utf8.RuneCountInString(t.text) > r.Limits.NoteChars:
			return fail(CodeTooLong, t.field+": longer than limits.noteChars")
		}
	}
	if !lean.IsDate(d.Date) {
		return fail(CodeBadValue, "date: want YYYY-MM-DD")
	}
	if d.FollowUp != "" && (!r.Decisions.FollowUp || !lean.IsDate(d.FollowUp)) {
		return fail(CodeBadValue, "followUp: want YYYY-MM-DD, where the organisation asks for one")
	}
	if !isFingerprint(d.AnswersFingerprint) || !isFingerprint(d.Fingerprint) && d.Fingerprint != "" {
		return fail(CodeBadValue, "answersFingerprint, fingerprint: want sha256:<64 hex digits>")
	}
	return nil
}

// isFingerprint reports whether s is "sha256:" and 64 lowercase hex digits.
func isFingerprint(s string) bool {
	const prefix = "sha256:"
	if len(s) != len(prefix)+64 || s[:len(prefix)] != prefix {
		return false
	}
	for _, c := range []byte(s[len(prefix):]) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// latest returns, for each role that has recorded, its latest entry.
func latest(ds []Decision) map[string]Decision {
	m := make(map[string]Decision, len(ds))
	for _, d := range ds {
		m[d.Role] = d
	}
	return m
}

// MayRecord reports whether role may record after the entries prior, for
// a case whose route is route: every role it comes after has recorded (on
// the answers with fingerprint on, unless on is ""), and the latest entry
// of its When role has When's option, or, for a role without When, the
// route holds it.
func MayRecord(r *rules.Rules, route []string, prior []Decision, role, on string) bool {
	x := r.Decisions.DecisionRole(role)
	if x == nil {
		return false
	}
	last := latest(prior)
	for _, a := range x.After {
		d, ok := last[a]
		if !ok || on != "" && d.AnswersFingerprint != on {
			return false
		}
	}
	if x.When != nil {
		return last[x.When.Role].Option == x.When.Option
	}
	return slices.Contains(route, role)
}

// checkOrder checks that each entry's role could record where it stands.
func checkOrder(r *rules.Rules, route []string, ds []Decision) *Error {
	for i, d := range ds {
		if !MayRecord(r, route, ds[:i], d.Role, "") {
			return fail(CodeDecisionNotAllowed, "decisions["+lean.Itoa(i)+"]: "+d.Role+" may not record here")
		}
	}
	return nil
}

// OnOtherAnswers reports, for each entry, whether it is its role's latest
// entry and was made on other answers than those with fingerprint fp: a
// decision that no longer stands on the file's answers.
func OnOtherAnswers(ds []Decision, fp string) []bool {
	last := latest(ds)
	out := make([]bool, len(ds))
	for i, d := range ds {
		out[i] = last[d.Role] == d && d.AnswersFingerprint != fp
	}
	return out
}

// RecordDecision reads the file as Import does and returns it with the
// entry d added to its decision record: made on the file's answers, its
// fingerprint chained to the entry before. The file must check out under
// today's rules (not an earlier version's, its stored result the rules'),
// and the route of the case must let d's role record now (MayRecord). The
// file keeps its answers and time of export.
func RecordDecision(r *rules.Rules, file []byte, d Decision, archived func(string) (*rules.Rules, error)) ([]byte, error) {
	im, err := Import(r, file, archived)
	if err != nil {
		return nil, err
	}
	if r.Decisions == nil || im.From != nil || im.Differs() {
		return nil, fail(CodeDecisionNotAllowed, "the file must check out under today's rules")
	}
	d.AnswersFingerprint = im.File.Fingerprint
	d.Fingerprint = ""
	if e := CheckDecision(r, d); e != nil {
		return nil, e
	}
	ds := im.File.Decisions
	if !MayRecord(r, im.Fresh.Route, ds, d.Role, im.File.Fingerprint) {
		return nil, fail(CodeDecisionNotAllowed, d.Role+": the route of the case does not let it record now")
	}
	d.Fingerprint = ChainFingerprint(head(ds), d)
	out, _, err := exportRecord(r, im.File.Answers, im.File.ExportedAt, append(ds[:len(ds):len(ds)], d))
	return out, err
}
