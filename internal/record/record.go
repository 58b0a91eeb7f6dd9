// Package record is the self-check's file format: the answers the page
// holds, their canonical form and fingerprint, and the exported file.
//
// An exported file looks like this (keys in this order, two-space indent):
//
//	{
//	  "format": "<data format>",
//	  "formatVersion": 3,
//	  "rulesVersion": "<data rulesVersion>",
//	  "organisation": {"id": "<data organisation.id>", "name": "..."},
//	  "guideline": {"title": "...", "validFrom": "YYYY-MM-DD"},
//	  "exportedAt": "<RFC 3339 time>",
//	  "answers": {"<question id>": {"value": "...", "note": "..."}, ...},
//	  "result": {"<part id>": "<outcome id>", ..., "reasons": [...], "open": [...], "route": [...]},
//	  "fingerprint": "sha256:<hex>",
//	  "decisions": [{"role": "<route id>", "option": "<option id>", "motivation": "...", "conditions": "...",
//	                 "date": "YYYY-MM-DD", "followUp": "YYYY-MM-DD" or "",
//	                 "answersFingerprint": "sha256:<hex>", "fingerprint": "sha256:<hex>"}, ...],
//	  "decisionsFingerprint": "sha256:<hex of the last entry>" or ""
//	}
//
// Files of formats 1 and 2 have no "organisation"; they are read with the
// rules they were made with (data/versions/). Files of format 3 have no
// decision record; the rules read them as they are ("readsFormats"). Each
// entry of the decision record (decisions.go) holds the fingerprint of the
// answers it was made on and its own fingerprint, which covers the entry
// before it (ChainFingerprint).
//
// The fingerprint is "sha256:" followed by the lowercase hex SHA-256 of the
// canonical answers JSON: the "answers" object with keys sorted bytewise, no
// whitespace outside strings, only the "value" and "note" keys, an empty
// note left out, and strings escaped as Go's encoding/json escapes them with
// HTML escaping off (so U+2028 and U+2029 are escaped, "<" and "&" are not).
// To reproduce it by hand:
//
//	go run ./cmd/selfcheck -canonical FILE.json | sha256sum
//
// or, for files without U+2028/U+2029 in the text, with jq:
//
//	jq -jcS .answers FILE.json | sha256sum
//
// The package is compiled into the WebAssembly module, so it avoids fmt,
// encoding/json, reflect, time and crypto/sha256 (see package lean).
package record

import (
	"unicode/utf8"

	"molnkollen/internal/engine"
	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
	"molnkollen/internal/rules"
)

// Error codes. Each is a key of "messages" in data/selfcheck.json, which
// holds the Swedish message the user sees.
const (
	CodeTooLarge       = "too-large"
	CodeNotJSON        = "not-json"
	CodeWrongFormat    = "wrong-format"
	CodeOtherOrg       = "other-organisation"
	CodeOtherGuideline = "other-guideline"
	CodeWrongVersion   = "wrong-version"
	CodeUnknownID      = "unknown-id"
	CodeBadValue       = "bad-value"
	CodeTooLong        = "too-long"
	CodeBadFingerprint = "bad-fingerprint"
	// CodeBadDecisions: an entry of the decision record, or the record's
	// head, does not match its fingerprint (changed or removed entries).
	CodeBadDecisions = "bad-decisions"
	// CodeDecisionNotAllowed: a role records that the route of the case
	// does not let record there (not its role, or before a role it comes
	// after), or a decision on a file that does not check out.
	CodeDecisionNotAllowed = "decision-not-allowed"
	CodeNotAsked           = "not-asked"
	// CodeBadClock is Export's: the time of export is no RFC 3339 time,
	// because the computer's clock shows a year a file cannot hold. Its
	// message is in data "formMessages" (the page's own answers and clock).
	CodeBadClock = "bad-clock"
	// CodeOlderVersion is no error: a file of an earlier rules version was
	// read and its answers carried over (see Imported.Reask).
	CodeOlderVersion = "older-version"
	// CodeOtherAnswers is no error either: the file checks out, but a
	// role's latest decision was made on other answers than the file's.
	CodeOtherAnswers = "decided-on-other-answers"
)

// Codes lists every error code, in the order of the checks.
var Codes = []string{CodeTooLarge, CodeNotJSON, CodeWrongFormat, CodeOtherOrg, CodeOtherGuideline, CodeWrongVersion,
	CodeUnknownID, CodeBadValue, CodeTooLong, CodeNotAsked, CodeBadFingerprint, CodeBadDecisions, CodeDecisionNotAllowed}

// Error is a refused file or answer set. Code is one of the codes above;
// Detail says what was wrong, in English, for developers and logs. Args
// fill the placeholders of the code's message ("{organisation}" is
// Args["organisation"]): text from the file, for other-organisation and
// other-guideline.
type Error struct {
	Code   string
	Detail string
	Args   map[string]string
}

func (e *Error) Error() string { return e.Code + ": " + e.Detail }

// fail returns an *Error. It is called in some forty places, all on the
// way to refusing a file; inlined in each, it cost the wasm module 4 KB.
//
//go:noinline
func fail(code, detail string) *Error { return &Error{Code: code, Detail: detail} }

// Answer is the answer to one question: the value (an allowed answer, or
// free text for text questions; "" for unanswered) and an optional note
// (the comment on a yes/no question, the reference of a process step).
type Answer struct {
	Value string
	Note  string
}

// Answers maps question ids to answers. Unanswered questions without a
// note are absent.
type Answers map[string]Answer

// Value returns the answer to question id, or "" (engine.Answers).
func (a Answers) Value(id string) string { return a[id].Value }

// Note returns the note on question id, or "" (engine.Answers).
func (a Answers) Note(id string) string { return a[id].Note }

// Canonical returns the canonical answers JSON the fingerprint is taken of.
func Canonical(a Answers) []byte {
	return jsonv.AppendCanonical(nil, answersValue(a, nil))
}

// Fingerprint returns "sha256:" and the hex SHA-256 of Canonical(a).
func Fingerprint(a Answers) string {
	sum := lean.Sum256(Canonical(a))
	return "sha256:" + lean.Hex(sum[:])
}

// answersValue builds the answers object, in the order of qs if given
// (members not in qs are left out), else in map order (for Canonical, which
// sorts anyway).
func answersValue(a Answers, qs []*rules.Question) *jsonv.Value {
	v := &jsonv.Value{Kind: jsonv.Object, Members: make([]jsonv.Member, 0, len(a))}
	add := func(id string, ans Answer) {
		m := []jsonv.Member{{Key: "value", Value: jsonv.Str(ans.Value)}}
		if ans.Note != "" {
			m = append(m, jsonv.Member{Key: "note", Value: jsonv.Str(ans.Note)})
		}
		v.Members = append(v.Members, jsonv.Member{Key: id, Value: jsonv.Obj(m...)})
	}
	if qs == nil {
		for id, ans := range a {
			add(id, ans)
		}
		return v
	}
	for _, q := range qs {
		if ans, ok := a[q.ID]; ok {
			add(q.ID, ans)
		}
	}
	return v
}

// ParseAnswers parses and validates the answers JSON the page sends:
// {"<question id>": {"value": "...", "note": "..."}, ...}. "value" is
// required ("" for unanswered, e.g. a comment without an answer), "note" is
// optional and only taken by yes/no and status questions. Answers with an
// empty value and no note are dropped, and so are answers to questions not
// asked (engine.Asked): the page sends what its form holds. The rules match
// the JSON Schema the site publishes for the export file.
func ParseAnswers(r *rules.Rules, data []byte) (Answers, error) {
	if len(data) > r.Limits.FileBytes {
		return nil, fail(CodeTooLarge, "answers exceed limits.fileBytes")
	}
	v, err := jsonv.Parse(data)
	if err != nil {
		return nil, fail(CodeNotJSON, err.Error())
	}
	a, e := answersFrom(r, &v, true)
	if e != nil {
		return nil, e
	}
	return a, nil
}

// Normalize is the one rule for free text, applied to what the page sends:
// line breaks become "\n" and white space (as unicode.IsSpace) at the start
// and the end goes. Exported files hold only normalised text; the importers
// refuse other text, so that a file's answers and fingerprint are shown
// exactly as filed.
func Normalize(s string) string { return lean.LineFeeds(lean.TrimSpace(s)) }

// answersFrom reads an answers object. From the page (normalize set) free
// text is normalised and answers to questions not asked are dropped; from a
// file, text that is not normalised is refused, and so is an answer to a
// question not asked (the page never writes one: nothing in a file is
// dropped without a word).
func answersFrom(r *rules.Rules, v *jsonv.Value, normalize bool) (Answers, *Error) {
	if v.Kind != jsonv.Object {
		return nil, fail(CodeBadValue, "answers: want an object")
	}
	a := make(Answers, len(v.Members))
	for i := range v.Members {
		m := &v.Members[i]
		if r.Question(m.Key) == nil {
			return nil, fail(CodeUnknownID, "answers: no question "+quote(m.Key))
		}
		if m.Value.Kind != jsonv.Object {
			return nil, fail(CodeBadValue, "answers."+m.Key+": want an object")
		}
		if m.Value.Get("value") == nil {
			return nil, fail(CodeBadValue, "answers."+m.Key+": missing \"value\" (\"\" for unanswered)")
		}
		var ans Answer
		for j := range m.Value.Members {
			f := &m.Value.Members[j]
			if f.Value.Kind != jsonv.String {
				return nil, fail(CodeBadValue, "answers."+m.Key+"."+f.Key+": want a string")
			}
			s := f.Value.Str
			if normalize {
				s = Normalize(s)
			} else if Normalize(s) != s {
				return nil, fail(CodeBadValue, "answers."+m.Key+"."+f.Key+": text with white space at the start or end, or a carriage return")
			}
			switch f.Key {
			case "value":
				ans.Value = s
			case "note":
				ans.Note = s
			default:
				return nil, fail(CodeBadValue, "answers."+m.Key+": unknown key "+quote(f.Key))
			}
		}
		if e := check(r, m.Key, ans); e != nil {
			return nil, e
		}
		if ans != (Answer{}) {
			a[m.Key] = ans
		}
	}
	return notAsked(r, a, normalize)
}

// notAsked returns a without the answers to questions that the other
// answers do not ask (drop set), or refuses such an answer. A question
// asked on a condition depends on one that is always asked (rules.Parse
// checks that), so one pass is enough. The answers kept go into a new map:
// delete on this map type costs the wasm module 4 KB.
func notAsked(r *rules.Rules, a Answers, drop bool) (Answers, *Error) {
	n := 0
	for _, q := range r.Questions {
		if _, ok := a[q.ID]; !ok || engine.Asked(q, a) {
			continue
		}
		if !drop {
			return nil, fail(CodeNotAsked, "answers."+q.ID+": answer to a question not asked")
		}
		n++
	}
	if n == 0 {
		return a, nil
	}
	kept := make(Answers, len(a)-n)
	for id, ans := range a {
		if engine.Asked(r.Question(id), a) {
			kept[id] = ans
		}
	}
	return kept, nil
}

// check validates one answer.
func check(r *rules.Rules, id string, ans Answer) *Error {
	q := r.Question(id)
	if q == nil {
		return fail(CodeUnknownID, "answers: no question "+quote(id))
	}
	if ans.Value != "" && !q.Allows(ans.Value) {
		return fail(CodeBadValue, "answers."+id+": not an allowed answer: "+quote(ans.Value))
	}
	if q.Kind == rules.KindText && hasLineFeed(ans.Value) {
		return fail(CodeBadValue, "answers."+id+": a line break in a one-line text")
	}
	if q.MaxChars > 0 && utf8.RuneCountInString(ans.Value) > q.MaxChars {
		return fail(CodeTooLong, "answers."+id+": text longer than its limit")
	}
	if ans.Note != "" && !q.TakesNote() {
		return fail(CodeBadValue, "answers."+id+": only yes/no and status questions take a note")
	}
	if utf8.RuneCountInString(ans.Note) > r.Limits.NoteChars {
		return fail(CodeTooLong, "answers."+id+": note longer than limits.noteChars")
	}
	return nil
}

// hasLineFeed reports whether s holds a line break (normalised text has
// only "\n"). A one-line field in the page cannot hold one, so a file with
// one would show other text than it holds.
func hasLineFeed(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return true
		}
	}
	return false
}

// quote returns s as a JSON string, cut short if long, for error details.
func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return string(jsonv.AppendString(nil, s))
}
