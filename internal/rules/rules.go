// Package rules reads the self-check's data (molnkollen.SelfcheckJSON, the
// file data/selfcheck.json that Hugo also renders) into typed rules and
// validates it. It keeps only what the engine and the file format need:
// ids, kinds, allowed values and the flags that drive the verdict. The
// Swedish texts stay in the data; the page shows them by id.
package rules

import (
	"errors"

	"molnkollen/internal/jsonv"
)

// Question kinds.
const (
	KindText   = "text"
	KindChoice = "choice"
	KindYesNo  = "yesno"
	KindStatus = "status"
)

// Severities of a yes/no question's concern (the answer that matters).
const (
	SeverityLocal = "local" // concern => local operation first
	SeverityRisk  = "risk"  // concern => deeper risk assessment
	SeverityOpen  = "open"  // concern => the basis is not complete
	SeverityRoute = "route" // concern => changes the decision route only
)

// Answer values the engine gives a meaning to. They must exist in the data's
// answer sets; Parse checks that.
const (
	YesNoUnknown      = "vetej"
	StatusDone        = "klar"
	StatusOngoing     = "pagar"
	StatusNotStarted  = "ejpaborjad"
	StatusNotRelevant = "ejtillamplig"
)

// Rules is the parsed, validated self-check data.
type Rules struct {
	Format        string // the export file's "format" value
	FormatVersion string // the export file's "formatVersion", as a JSON number literal
	RulesVersion  string
	Guideline     Guideline
	Limits        Limits
	YesNo         []string // allowed yes/no answers, in data order
	Status        []string // allowed status answers, in data order
	Sections      []Section
	Questions     []*Question // every question, in data order
	Verdicts      []string    // verdict ids, in data order
	Route         []RouteEntry
	Messages      []string // import error codes (keys of "messages"), in data order

	byID map[string]*Question
}

// Guideline identifies the guideline the rules are derived from.
type Guideline struct {
	Title     string
	ValidFrom string // YYYY-MM-DD
}

// Limits bound an imported file and the free text in it.
type Limits struct {
	FileBytes int // largest file accepted
	TextChars int // longest text answer, in characters (runes)
	NoteChars int // longest note, in characters (runes)
}

// Section is a group of questions. Only yes/no questions in sections with
// Verdict set decide the verdict.
type Section struct {
	ID        string
	Verdict   bool
	Questions []*Question
}

// Question is one question of the self-check.
type Question struct {
	ID       string
	Kind     string
	Section  string
	Verdict  bool     // the question's section has "verdict": true
	Values   []string // allowed answers (none for text questions)
	Required bool
	Concern  string   // yes/no answer that matters, or ""
	Severity string   // what the concern means, set iff Concern is set
	Reasons  []string // answers that have a reason text, in data order
	Todo     bool     // the question has a to-do text for its concern
}

// Allows reports whether v is one of the question's allowed answers.
// Text questions allow any value.
func (q *Question) Allows(v string) bool {
	if q.Kind == KindText {
		return true
	}
	for _, a := range q.Values {
		if a == v {
			return true
		}
	}
	return false
}

// HasReason reports whether the answer a has a reason text.
func (q *Question) HasReason(a string) bool {
	for _, r := range q.Reasons {
		if r == a {
			return true
		}
	}
	return false
}

// RouteEntry is one step of the decision route: always shown, or shown when
// the question When.Question has the answer When.Is.
type RouteEntry struct {
	ID     string
	Always bool
	When   struct{ Question, Is string }
}

// Question returns the question with the given id, or nil.
func (r *Rules) Question(id string) *Question { return r.byID[id] }

// Error is a problem in the data, with the JSON path where it was found.
type Error struct {
	Path string
	Msg  string
}

func (e *Error) Error() string { return "selfcheck data: " + e.Path + ": " + e.Msg }

// Parse parses and validates the self-check data.
func Parse(data []byte) (*Rules, error) {
	root, err := jsonv.Parse(data)
	if err != nil {
		return nil, errors.New("selfcheck data: " + err.Error())
	}
	p := &parser{qids: map[string]bool{}}
	r := p.rules(&root)
	if p.err != nil {
		return nil, p.err
	}
	return r, nil
}

type parser struct {
	err  *Error
	qids map[string]bool // question ids seen so far, across sections
}

func (p *parser) fail(path, msg string) {
	if p.err == nil {
		p.err = &Error{Path: path, Msg: msg}
	}
}

func (p *parser) obj(v *jsonv.Value, path string) *jsonv.Value {
	if v == nil || v.Kind != jsonv.Object {
		p.fail(path, "want an object")
		return &jsonv.Value{Kind: jsonv.Object}
	}
	return v
}

func (p *parser) arr(v *jsonv.Value, path string) []jsonv.Value {
	if v == nil || v.Kind != jsonv.Array || len(v.Items) == 0 {
		p.fail(path, "want a non-empty array")
		return nil
	}
	return v.Items
}

// str returns the string at key; a missing or empty one is an error.
func (p *parser) str(o *jsonv.Value, key, path string) string {
	s, ok := p.optStr(o, key, path)
	if !ok || s == "" {
		p.fail(path+"."+key, "want a non-empty string")
	}
	return s
}

// optStr returns the string at key and whether it is there.
func (p *parser) optStr(o *jsonv.Value, key, path string) (string, bool) {
	v := o.Get(key)
	if v == nil {
		return "", false
	}
	if v.Kind != jsonv.String {
		p.fail(path+"."+key, "want a string")
		return "", false
	}
	return v.Str, true
}

func (p *parser) optBool(o *jsonv.Value, key, path string) bool {
	v := o.Get(key)
	if v == nil {
		return false
	}
	if v.Kind != jsonv.Bool {
		p.fail(path+"."+key, "want true or false")
	}
	return v.Bool
}

// posInt returns the positive integer at key (at most 9 digits).
func (p *parser) posInt(o *jsonv.Value, key, path string) int {
	v := o.Get(key)
	if v == nil || v.Kind != jsonv.Number || len(v.Str) > 9 || v.Str[0] == '0' || v.Str[0] == '-' {
		p.fail(path+"."+key, "want a positive integer")
		return 0
	}
	n := 0
	for _, c := range []byte(v.Str) {
		if c < '0' || c > '9' {
			p.fail(path+"."+key, "want a positive integer")
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// isID reports whether s is a plain id: lowercase ASCII letters, digits and
// inner hyphens.
func isID(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func (p *parser) id(o *jsonv.Value, key, path string, seen map[string]bool) string {
	s := p.str(o, key, path)
	if p.err != nil {
		return s
	}
	if !isID(s) {
		p.fail(path+"."+key, "not a plain id (a-z, 0-9, -): "+s)
	} else if seen[s] {
		p.fail(path+"."+key, "duplicate id "+s)
	}
	seen[s] = true
	return s
}

// cite checks that an anchor id is given (and well formed) when required,
// and well formed when present.
func (p *parser) cite(o *jsonv.Value, path string, required bool) {
	s, ok := p.optStr(o, "cite", path)
	if !ok && !required {
		return
	}
	if !isID(s) {
		p.fail(path+".cite", "want an anchor id")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// values reads an answer set's or a choice question's options.
func (p *parser) values(v *jsonv.Value, path string) []string {
	var out []string
	seen := map[string]bool{}
	for i, o := range p.arr(v, path) {
		op := path + "[" + itoa(i) + "]"
		out = append(out, p.id(p.obj(&o, op), "value", op, seen))
		p.str(&o, "label", op)
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

func (p *parser) rules(root *jsonv.Value) *Rules {
	root = p.obj(root, "$")
	r := &Rules{byID: map[string]*Question{}}
	r.Format = p.str(root, "format", "$")
	if fv := root.Get("formatVersion"); fv == nil || fv.Kind != jsonv.Number || fv.Str != "1" {
		p.fail("$.formatVersion", "want 1 (the only format version this engine writes)")
	} else {
		r.FormatVersion = fv.Str
	}
	r.RulesVersion = p.str(root, "rulesVersion", "$")

	g := p.obj(root.Get("guideline"), "$.guideline")
	r.Guideline.Title = p.str(g, "title", "$.guideline")
	r.Guideline.ValidFrom = p.str(g, "validFrom", "$.guideline")
	if !isDate(r.Guideline.ValidFrom) {
		p.fail("$.guideline.validFrom", "want a date YYYY-MM-DD")
	}

	l := p.obj(root.Get("limits"), "$.limits")
	r.Limits = Limits{
		FileBytes: p.posInt(l, "fileBytes", "$.limits"),
		TextChars: p.posInt(l, "textChars", "$.limits"),
		NoteChars: p.posInt(l, "noteChars", "$.limits"),
	}

	sets := p.obj(root.Get("answerSets"), "$.answerSets")
	r.YesNo = p.values(sets.Get("yesno"), "$.answerSets.yesno")
	r.Status = p.values(sets.Get("status"), "$.answerSets.status")
	if p.err == nil && !contains(r.YesNo, YesNoUnknown) {
		p.fail("$.answerSets.yesno", "must contain "+YesNoUnknown)
	}
	known := []string{StatusDone, StatusOngoing, StatusNotStarted, StatusNotRelevant}
	if p.err == nil && (len(r.Status) != len(known) || !containsAll(r.Status, known)) {
		p.fail("$.answerSets.status", "must be exactly klar, pagar, ejpaborjad, ejtillamplig (the engine knows what each means)")
	}

	sectionIDs := map[string]bool{}
	for i, sv := range p.arr(root.Get("sections"), "$.sections") {
		path := "$.sections[" + itoa(i) + "]"
		so := p.obj(&sv, path)
		s := Section{ID: p.id(so, "id", path, sectionIDs), Verdict: p.optBool(so, "verdict", path)}
		p.str(so, "title", path)
		p.cite(so, path, false)
		groups := map[string]bool{}
		if gv := so.Get("groups"); gv != nil {
			for j, g := range p.arr(gv, path+".groups") {
				gp := path + ".groups[" + itoa(j) + "]"
				p.id(p.obj(&g, gp), "id", gp, groups)
				p.str(&g, "title", gp)
				p.cite(&g, gp, true)
			}
		}
		for j, qv := range p.arr(so.Get("questions"), path+".questions") {
			qp := path + ".questions[" + itoa(j) + "]"
			q := p.question(r, &qv, qp, groups)
			q.Section, q.Verdict = s.ID, s.Verdict
			if !s.Verdict && (q.Severity == SeverityLocal || q.Severity == SeverityRisk) {
				p.fail(qp+".severity", q.Severity+" has no effect outside a section with \"verdict\": true")
			}
			s.Questions = append(s.Questions, q)
			r.Questions = append(r.Questions, q)
		}
		r.Sections = append(r.Sections, s)
	}

	verdictIDs := map[string]bool{}
	for i, vv := range p.arr(root.Get("verdicts"), "$.verdicts") {
		path := "$.verdicts[" + itoa(i) + "]"
		vo := p.obj(&vv, path)
		r.Verdicts = append(r.Verdicts, p.id(vo, "id", path, verdictIDs))
		p.str(vo, "title", path)
		p.str(vo, "text", path)
		p.cite(vo, path, true)
	}

	oi := p.obj(root.Get("openItems"), "$.openItems")
	for _, k := range []string{"unanswered", "vetej", "stepUnanswered", "stepOpen"} {
		p.str(oi, k, "$.openItems")
	}

	routeIDs := map[string]bool{}
	for i, rv := range p.arr(root.Get("route"), "$.route") {
		path := "$.route[" + itoa(i) + "]"
		ro := p.obj(&rv, path)
		e := RouteEntry{ID: p.id(ro, "id", path, routeIDs), Always: p.optBool(ro, "always", path)}
		p.str(ro, "text", path)
		p.cite(ro, path, true)
		w := ro.Get("when")
		if w != nil {
			wo := p.obj(w, path+".when")
			e.When.Question = p.str(wo, "question", path+".when")
			e.When.Is = p.str(wo, "is", path+".when")
			if q := r.byID[e.When.Question]; p.err == nil && q == nil {
				p.fail(path+".when.question", "no such question: "+e.When.Question)
			} else if p.err == nil && (q.Kind == KindText || !q.Allows(e.When.Is)) {
				p.fail(path+".when.is", "not an answer of question "+q.ID+": "+e.When.Is)
			}
		}
		if e.Always == (w != nil) {
			p.fail(path, "want exactly one of \"always\": true and \"when\"")
		}
		r.Route = append(r.Route, e)
	}

	msgs := p.obj(root.Get("messages"), "$.messages")
	for _, m := range msgs.Members {
		if m.Value.Kind != jsonv.String || m.Value.Str == "" {
			p.fail("$.messages."+m.Key, "want a non-empty string")
		}
		r.Messages = append(r.Messages, m.Key)
	}
	if len(r.Messages) == 0 {
		p.fail("$.messages", "want at least one message")
	}
	return r
}

func containsAll(list, want []string) bool {
	for _, w := range want {
		if !contains(list, w) {
			return false
		}
	}
	return true
}

func (p *parser) question(r *Rules, v *jsonv.Value, path string, groups map[string]bool) *Question {
	o := p.obj(v, path)
	q := &Question{ID: p.id(o, "id", path, p.qids)}
	r.byID[q.ID] = q
	q.Kind = p.str(o, "kind", path)
	p.str(o, "label", path)
	q.Required = p.optBool(o, "required", path)
	if g, ok := p.optStr(o, "group", path); ok && !groups[g] {
		p.fail(path+".group", "no such group in this section: "+g)
	}
	switch q.Kind {
	case KindText:
	case KindChoice:
		q.Values = p.values(o.Get("options"), path+".options")
	case KindYesNo:
		q.Values = r.YesNo
	case KindStatus:
		q.Values = r.Status
		p.str(o, "step", path)
	default:
		p.fail(path+".kind", "unknown kind "+q.Kind+" (want text, choice, yesno or status)")
	}
	if q.Kind == KindText || q.Kind == KindChoice {
		for _, k := range []string{"required", "concern", "severity", "reasons", "todo"} {
			if o.Get(k) != nil {
				p.fail(path+"."+k, "only yes/no and status questions take "+k)
			}
		}
		p.cite(o, path, false)
		return q
	}
	// yes/no and status questions are listed in the result by their short text
	// and cite the guideline.
	p.str(o, "short", path)
	p.cite(o, path, true)
	if q.Kind == KindStatus {
		for _, k := range []string{"required", "concern", "severity", "reasons", "todo"} {
			if o.Get(k) != nil {
				p.fail(path+"."+k, "status questions do not take "+k)
			}
		}
		return q
	}
	if o.Get("required") == nil {
		p.fail(path+".required", "yes/no questions must say whether they are required")
	}
	q.Concern, _ = p.optStr(o, "concern", path)
	q.Severity, _ = p.optStr(o, "severity", path)
	if (q.Concern == "") != (q.Severity == "") {
		p.fail(path, "concern and severity go together")
	}
	if q.Concern != "" && (q.Concern == YesNoUnknown || !q.Allows(q.Concern)) {
		p.fail(path+".concern", "must be a yes/no answer other than "+YesNoUnknown+": "+q.Concern)
	}
	switch q.Severity {
	case "", SeverityLocal, SeverityRisk, SeverityOpen, SeverityRoute:
	default:
		p.fail(path+".severity", "unknown severity "+q.Severity+" (want local, risk, open or route)")
	}
	if rv := o.Get("reasons"); rv != nil {
		ro := p.obj(rv, path+".reasons")
		for _, m := range ro.Members {
			if !q.Allows(m.Key) {
				p.fail(path+".reasons."+m.Key, "not an answer of this question")
			}
			if m.Value.Kind != jsonv.String || m.Value.Str == "" {
				p.fail(path+".reasons."+m.Key, "want a non-empty string")
			}
			q.Reasons = append(q.Reasons, m.Key)
		}
	}
	if t, ok := p.optStr(o, "todo", path); ok {
		if t == "" {
			p.fail(path+".todo", "want a non-empty string")
		}
		q.Todo = true
	}
	return q
}

// isDate reports whether s looks like YYYY-MM-DD.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	m := (s[5]-'0')*10 + s[6] - '0'
	d := (s[8]-'0')*10 + s[9] - '0'
	return m >= 1 && m <= 12 && d >= 1 && d <= 31
}
