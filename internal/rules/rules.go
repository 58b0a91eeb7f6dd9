// Package rules reads the self-check's data (molnkollen.SelfcheckJSON, the
// file data/selfcheck.json that Hugo also renders, or an archived version
// from data/versions/) into one typed model and validates it.
//
// The model holds everything the Go side needs: ids, kinds, allowed values,
// the conditions the engine evaluates, and the Swedish texts that
// cmd/selfcheck prints and the tests compare with the page. No question id
// and no Swedish sentence is written in Go: they are all read from here.
package rules

import (
	"errors"
	"slices"

	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
)

// Question kinds.
const (
	KindText        = "text"        // short free text (the service's name, ...)
	KindChoice      = "choice"      // one of the question's own options
	KindYesNo       = "yesno"       // one of answerSets.yesno
	KindStatus      = "status"      // one of answerSets.status: a step of the checklist
	KindDescription = "description" // free text that answers a "Hur ...?" of the guideline
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

// Open-item kinds: the keys of "openItems" (text templates with {short}) and
// the suffixes of open-item ids "<question id>:<kind>". Concern and Describe
// take the question's own "todo" text instead of a template.
const (
	OpenUnanswered     = "unanswered"
	OpenUnknown        = YesNoUnknown
	OpenConcern        = "concern"
	OpenDescribe       = "describe"
	OpenStepUnanswered = "stepUnanswered"
	OpenStepOpen       = "stepOpen"
	OpenMotivation     = "motivation"
)

// Result keys that are not part ids.
var resultLists = []string{"reasons", "open", "route"}

// Rules is the parsed, validated self-check data.
type Rules struct {
	Format        string // the export file's "format" value
	FormatVersion string // the export file's "formatVersion", as a JSON number literal
	RulesVersion  string
	Guideline     Guideline
	Limits        Limits
	YesNo         []Option // answerSets.yesno
	Status        []Option // answerSets.status
	Passages      []Passage
	Sections      []*Section
	Questions     []*Question // every question, in data order
	Parts         []*Part
	OpenItems     map[string]string // open-item kind -> template with {short}
	Route         []*RouteEntry
	Previous      []*Previous
	Checker       map[string]string // cmd/selfcheck's texts
	Messages      map[string]string // import message code -> text
	MessageCodes  []string          // the keys of Messages, in data order

	byID map[string]*Question
}

// Guideline identifies the guideline the rules are derived from.
type Guideline struct {
	Title     string
	ValidFrom string // YYYY-MM-DD
}

// Limits bound an imported file and the free text in it, in bytes and
// characters (runes).
type Limits struct {
	FileBytes        int
	TextChars        int
	NoteChars        int
	DescriptionChars int // 0 in versions without descriptions
}

// Option is an allowed answer and its label.
type Option struct {
	Value    string
	Label    string
	Motivate bool // status only: the step's note must say why (ejtillamplig)
}

// Passage is an anchor on the guideline page and its name in words.
type Passage struct{ Anchor, Name string }

// Section is a step of the self-check.
type Section struct {
	ID, Title string
	Questions []*Question
}

// Condition is "question Question has the answer Is".
type Condition struct{ Question, Is string }

// Reason is the text shown when a yes/no question has the answer Answer.
type Reason struct{ Answer, Text string }

// Question is one question of the self-check.
type Question struct {
	ID, Kind, Section, Group string
	Label, Short, Cite       string
	Options                  []Option   // allowed answers (none for text and description)
	Required                 bool       // unanswered (or Vet ej) is an open item
	ShowIf                   *Condition // asked only when this holds; nil: always
	Identifies               bool       // text that identifies the case (name, supplier, ...)
	Concern                  string     // yes/no answer whose Todo is an open item
	Todo                     string     // to-do text for Concern, or for an empty description
	Reasons                  []Reason   // data order
	MaxChars                 int        // text and description: the length limit
}

// Allows reports whether v is one of the question's allowed answers. Text and
// description questions allow any value.
func (q *Question) Allows(v string) bool {
	if q.Kind == KindText || q.Kind == KindDescription {
		return true
	}
	return q.Option(v) != nil
}

// Option returns the option with value v, or nil.
func (q *Question) Option(v string) *Option {
	for i := range q.Options {
		if q.Options[i].Value == v {
			return &q.Options[i]
		}
	}
	return nil
}

// Reason returns the reason text for answer a, or "".
func (q *Question) Reason(a string) string {
	for _, r := range q.Reasons {
		if r.Answer == a {
			return r.Text
		}
	}
	return ""
}

// TakesNote reports whether the question has a comment or reference field.
func (q *Question) TakesNote() bool { return q.Kind == KindYesNo || q.Kind == KindStatus }

// Part is one part of the result ("Passar en molntjänst?", ...): the first
// outcome whose condition holds is the part's outcome; the last has none.
type Part struct {
	ID, Title string
	Outcomes  []*Outcome
}

// Outcome is one possible result of a part.
type Outcome struct {
	ID, Title, Text, Cite string
	When                  *When // nil for the last outcome of a part
}

// When holds if any of its conditions does: a question has one of the given
// answers, a question is unanswered or answered Vet ej, or (Open) the
// answers leave open items.
type When struct {
	Answers []Condition
	Unknown []string
	Open    bool
}

// RouteEntry is one step of the decision route: always shown, or shown when
// its condition holds.
type RouteEntry struct {
	ID, Text, Cite string
	Always         bool
	When           Condition
}

// Previous is an earlier rules version whose files the page can still read:
// answers carry over except the changed ones.
type Previous struct {
	RulesVersion, FormatVersion, ValidFrom string
	Changes                                []Change
}

// Change says that a question's answer does not carry over to these rules
// (Value "" : any answer; else only that value), or that a value is renamed
// (To set).
type Change struct{ Question, Value, To string }

// Question returns the question with the given id, or nil.
func (r *Rules) Question(id string) *Question { return r.byID[id] }

// Index builds the look-up by id of rules built as Go values (package
// shipped); Parse does it itself.
func (r *Rules) Index() {
	r.byID = make(map[string]*Question, len(r.Questions))
	for _, q := range r.Questions {
		r.byID[q.ID] = q
	}
}

// Passage returns the name of a guideline anchor, or "".
func (r *Rules) Passage(anchor string) string {
	for _, p := range r.Passages {
		if p.Anchor == anchor {
			return p.Name
		}
	}
	return ""
}

// Outcome returns the outcome with the given id and its part, or nils.
func (r *Rules) Outcome(id string) (*Part, *Outcome) {
	for _, p := range r.Parts {
		for _, o := range p.Outcomes {
			if o.ID == id {
				return p, o
			}
		}
	}
	return nil, nil
}

// RouteEntry returns the route entry with the given id, or nil.
func (r *Rules) RouteEntry(id string) *RouteEntry {
	for _, e := range r.Route {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// PreviousVersion returns the earlier version with the given rules version,
// or nil.
func (r *Rules) PreviousVersion(v string) *Previous {
	for _, p := range r.Previous {
		if p.RulesVersion == v {
			return p
		}
	}
	return nil
}

// Error is a problem in the data, with the JSON path where it was found.
type Error struct {
	Path string
	Msg  string
}

func (e *Error) Error() string { return "selfcheck data: " + e.Path + ": " + e.Msg }

// Parse parses and validates self-check data.
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

// optStr returns the string at key and whether it is there. An empty string
// counts as missing text and is an error.
func (p *parser) optStr(o *jsonv.Value, key, path string) (string, bool) {
	v := o.Get(key)
	if v == nil {
		return "", false
	}
	if v.Kind != jsonv.String || v.Str == "" {
		p.fail(path+"."+key, "want a non-empty string")
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

// posInt returns the positive integer at key (at most 9 digits); 0 if the
// key is missing and optional.
func (p *parser) posInt(o *jsonv.Value, key, path string, optional bool) int {
	v := o.Get(key)
	if v == nil && optional {
		return 0
	}
	if v != nil && v.Kind == jsonv.Number && len(v.Str) <= 9 && v.Str[0] != '0' {
		if n := lean.Digits(v.Str); n > 0 {
			return n
		}
	}
	p.fail(path+"."+key, "want a positive integer")
	return 0
}

// strMap reads an object of non-empty strings, keeping the key order.
func (p *parser) strMap(v *jsonv.Value, path string) (map[string]string, []string) {
	o := p.obj(v, path)
	m := make(map[string]string, len(o.Members))
	var keys []string
	for _, mb := range o.Members {
		if mb.Value.Kind != jsonv.String || mb.Value.Str == "" {
			p.fail(path+"."+mb.Key, "want a non-empty string")
		}
		m[mb.Key] = mb.Value.Str
		keys = append(keys, mb.Key)
	}
	return m, keys
}

// IsID reports whether s is a plain id: lowercase ASCII letters, digits and
// inner hyphens.
func IsID(s string) bool {
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
	if !IsID(s) {
		p.fail(path+"."+key, "not a plain id (a-z, 0-9, -): "+s)
	} else if seen[s] {
		p.fail(path+"."+key, "duplicate id "+s)
	}
	seen[s] = true
	return s
}

// cite reads a guideline anchor, which must be one of the passages.
func (p *parser) cite(r *Rules, o *jsonv.Value, path string, required bool) string {
	s, ok := p.optStr(o, "cite", path)
	if !ok {
		if required {
			p.fail(path+".cite", "want a guideline anchor")
		}
		return ""
	}
	if r.Passage(s) == "" {
		p.fail(path+".cite", "not one of \"passages\": "+s)
	}
	return s
}

// options reads an answer set's or a choice question's options.
func (p *parser) options(v *jsonv.Value, path string, motivate bool) []Option {
	var out []Option
	seen := map[string]bool{}
	for i, ov := range p.arr(v, path) {
		op := path + "[" + lean.Itoa(i) + "]"
		o := p.obj(&ov, op)
		opt := Option{Value: p.id(o, "value", op, seen), Label: p.str(o, "label", op)}
		if motivate {
			opt.Motivate = p.optBool(o, "motivate", op)
		} else if o.Get("motivate") != nil {
			p.fail(op+".motivate", "only status answers take motivate")
		}
		out = append(out, opt)
	}
	return out
}

func (p *parser) rules(root *jsonv.Value) *Rules {
	root = p.obj(root, "$")
	r := &Rules{byID: map[string]*Question{}}
	r.Format = p.str(root, "format", "$")
	if fv := root.Get("formatVersion"); fv == nil || fv.Kind != jsonv.Number || p.posInt(root, "formatVersion", "$", false) == 0 {
		p.fail("$.formatVersion", "want a positive integer")
	} else {
		r.FormatVersion = fv.Str
	}
	r.RulesVersion = p.str(root, "rulesVersion", "$")

	g := p.obj(root.Get("guideline"), "$.guideline")
	r.Guideline.Title = p.str(g, "title", "$.guideline")
	r.Guideline.ValidFrom = p.str(g, "validFrom", "$.guideline")
	if !lean.IsDate(r.Guideline.ValidFrom) {
		p.fail("$.guideline.validFrom", "want a date YYYY-MM-DD")
	}

	l := p.obj(root.Get("limits"), "$.limits")
	r.Limits = Limits{
		FileBytes:        p.posInt(l, "fileBytes", "$.limits", false),
		TextChars:        p.posInt(l, "textChars", "$.limits", false),
		NoteChars:        p.posInt(l, "noteChars", "$.limits", false),
		DescriptionChars: p.posInt(l, "descriptionChars", "$.limits", true),
	}

	sets := p.obj(root.Get("answerSets"), "$.answerSets")
	r.YesNo = p.options(sets.Get("yesno"), "$.answerSets.yesno", false)
	r.Status = p.options(sets.Get("status"), "$.answerSets.status", true)
	if p.err == nil && !slices.ContainsFunc(r.YesNo, func(o Option) bool { return o.Value == YesNoUnknown }) {
		p.fail("$.answerSets.yesno", "must contain "+YesNoUnknown)
	}
	known := []string{StatusDone, StatusOngoing, StatusNotStarted, StatusNotRelevant}
	if p.err == nil && (len(r.Status) != len(known) || !slices.EqualFunc(r.Status, known, func(o Option, v string) bool { return o.Value == v })) {
		p.fail("$.answerSets.status", "must be exactly klar, pagar, ejpaborjad, ejtillamplig, in this order (the engine knows what each means)")
	}

	pm, pkeys := p.strMap(root.Get("passages"), "$.passages")
	for _, k := range pkeys {
		if !IsID(k) {
			p.fail("$.passages."+k, "not a plain id")
		}
		r.Passages = append(r.Passages, Passage{Anchor: k, Name: pm[k]})
	}

	p.sections(r, root)
	p.parts(r, root)

	r.OpenItems, _ = p.strMap(root.Get("openItems"), "$.openItems")
	need := []string{OpenUnanswered, OpenUnknown, OpenStepUnanswered, OpenStepOpen}
	if slices.ContainsFunc(r.Status, func(o Option) bool { return o.Motivate }) {
		need = append(need, OpenMotivation)
	}
	for _, k := range need {
		if r.OpenItems[k] == "" {
			p.fail("$.openItems."+k, "want a non-empty string")
		}
	}

	p.route(r, root)
	p.previous(r, root)

	if c := root.Get("checker"); c != nil {
		r.Checker, _ = p.strMap(c, "$.checker")
	}
	r.Messages, r.MessageCodes = p.strMap(root.Get("messages"), "$.messages")
	if len(r.MessageCodes) == 0 {
		p.fail("$.messages", "want at least one message")
	}
	return r
}

func (p *parser) sections(r *Rules, root *jsonv.Value) {
	sectionIDs := map[string]bool{}
	for i, sv := range p.arr(root.Get("sections"), "$.sections") {
		path := "$.sections[" + lean.Itoa(i) + "]"
		so := p.obj(&sv, path)
		s := &Section{ID: p.id(so, "id", path, sectionIDs), Title: p.str(so, "title", path)}
		p.cite(r, so, path, false)
		groups := map[string]bool{}
		if gv := so.Get("groups"); gv != nil {
			for j, g := range p.arr(gv, path+".groups") {
				gp := path + ".groups[" + lean.Itoa(j) + "]"
				p.id(p.obj(&g, gp), "id", gp, groups)
				p.str(&g, "title", gp)
				p.cite(r, &g, gp, true)
			}
		}
		for j, qv := range p.arr(so.Get("questions"), path+".questions") {
			qp := path + ".questions[" + lean.Itoa(j) + "]"
			q := p.question(r, &qv, qp, groups)
			q.Section = s.ID
			s.Questions = append(s.Questions, q)
			r.Questions = append(r.Questions, q)
		}
		r.Sections = append(r.Sections, s)
	}
}

// forbid fails for every key of o that this kind of question does not take.
func (p *parser) forbid(o *jsonv.Value, path, kind string, keys ...string) {
	for _, k := range keys {
		if o.Get(k) != nil {
			p.fail(path+"."+k, kind+" questions do not take "+k)
		}
	}
}

func (p *parser) question(r *Rules, v *jsonv.Value, path string, groups map[string]bool) *Question {
	o := p.obj(v, path)
	q := &Question{ID: p.id(o, "id", path, p.qids)}
	r.byID[q.ID] = q
	q.Kind = p.str(o, "kind", path)
	q.Label = p.str(o, "label", path)
	if g, ok := p.optStr(o, "group", path); ok {
		if !groups[g] {
			p.fail(path+".group", "no such group in this section: "+g)
		}
		q.Group = g
	}
	q.Short = q.Label
	if s, ok := p.optStr(o, "short", path); ok {
		q.Short = s
	}
	q.Required = p.optBool(o, "required", path)
	q.Identifies = p.optBool(o, "identifies", path)
	if q.Identifies && q.Kind != KindText {
		p.fail(path+".identifies", "only text questions identify the case")
	}
	if w := o.Get("showIf"); w != nil {
		q.ShowIf = p.condition(r, w, path+".showIf")
		if t := r.byID[q.ShowIf.Question]; p.err == nil && t.ShowIf != nil {
			p.fail(path+".showIf", "the question it depends on must itself always be asked")
		}
	}
	switch q.Kind {
	case KindText:
		p.forbid(o, path, q.Kind, "required", "concern", "reasons", "todo", "options", "showIf")
		q.MaxChars = r.Limits.TextChars
		p.cite(r, o, path, false)
		return q
	case KindChoice:
		p.forbid(o, path, q.Kind, "concern", "reasons", "todo")
		q.Options = p.options(o.Get("options"), path+".options", false)
		q.Cite = p.cite(r, o, path, false)
		return q
	case KindYesNo:
		q.Options = r.YesNo
		p.forbid(o, path, q.Kind, "options")
		if o.Get("required") == nil {
			p.fail(path+".required", "yes/no questions must say whether they are required")
		}
	case KindStatus:
		q.Options = r.Status
		q.Required = true
		p.forbid(o, path, q.Kind, "required", "concern", "reasons", "todo", "options", "showIf")
		p.str(o, "step", path)
	case KindDescription:
		p.forbid(o, path, q.Kind, "concern", "reasons", "options")
		q.MaxChars = r.Limits.DescriptionChars
		if q.MaxChars == 0 {
			p.fail("$.limits.descriptionChars", "want a positive integer (there are description questions)")
		}
		if o.Get("required") == nil {
			p.fail(path+".required", "description questions must say whether they are required")
		}
	default:
		p.fail(path+".kind", "unknown kind "+q.Kind+" (want text, choice, yesno, status or description)")
		return q
	}
	// yes/no, status and description questions are listed in the result
	// by their short text and cite the guideline.
	if _, ok := p.optStr(o, "short", path); !ok {
		p.fail(path+".short", "want a non-empty string")
	}
	q.Cite = p.cite(r, o, path, true)
	q.Todo, _ = p.optStr(o, "todo", path)
	if q.Kind == KindDescription && q.Required && q.Todo == "" {
		p.fail(path+".todo", "a required description needs the to-do text shown while it is empty")
	}
	if q.Kind != KindYesNo {
		return q
	}
	q.Concern, _ = p.optStr(o, "concern", path)
	if q.Concern != "" && (q.Concern == YesNoUnknown || !q.Allows(q.Concern)) {
		p.fail(path+".concern", "must be a yes/no answer other than "+YesNoUnknown+": "+q.Concern)
	}
	if q.Todo != "" && q.Concern == "" {
		p.fail(path+".todo", "a yes/no question's todo needs a concern (the answer it is for)")
	}
	if rv := o.Get("reasons"); rv != nil {
		m, keys := p.strMap(rv, path+".reasons")
		for _, k := range keys {
			if !q.Allows(k) || k == YesNoUnknown {
				p.fail(path+".reasons."+k, "not an answer of this question (Vet ej gives no reason)")
			}
			q.Reasons = append(q.Reasons, Reason{Answer: k, Text: m[k]})
		}
	}
	return q
}

// condition reads {"question": id, "is": value} about an earlier yes/no or
// choice question.
func (p *parser) condition(r *Rules, v *jsonv.Value, path string) *Condition {
	o := p.obj(v, path)
	c := &Condition{Question: p.str(o, "question", path), Is: p.str(o, "is", path)}
	p.answerOf(r, c.Question, c.Is, path)
	return c
}

// answerOf checks that value is an answer of an earlier yes/no or choice
// question.
func (p *parser) answerOf(r *Rules, qid, value, path string) {
	if p.err != nil {
		return
	}
	q := r.byID[qid]
	switch {
	case q == nil:
		p.fail(path, "no such question (or not before this point): "+qid)
	case q.Kind != KindYesNo && q.Kind != KindChoice:
		p.fail(path, "question "+qid+" is not a yes/no or choice question")
	case !q.Allows(value):
		p.fail(path, "not an answer of question "+qid+": "+value)
	}
}

func (p *parser) parts(r *Rules, root *jsonv.Value) {
	partIDs, outcomeIDs := map[string]bool{}, map[string]bool{}
	for _, k := range resultLists {
		partIDs[k] = true // a part id is a key of the exported result
	}
	for i, pv := range p.arr(root.Get("parts"), "$.parts") {
		path := "$.parts[" + lean.Itoa(i) + "]"
		po := p.obj(&pv, path)
		part := &Part{ID: p.id(po, "id", path, partIDs), Title: p.str(po, "title", path)}
		outs := p.arr(po.Get("outcomes"), path+".outcomes")
		for j, ov := range outs {
			op := path + ".outcomes[" + lean.Itoa(j) + "]"
			oo := p.obj(&ov, op)
			o := &Outcome{ID: p.id(oo, "id", op, outcomeIDs), Title: p.str(oo, "title", op), Text: p.str(oo, "text", op)}
			o.Cite = p.cite(r, oo, op, true)
			last := j == len(outs)-1
			if w := oo.Get("when"); w != nil {
				o.When = p.when(r, w, op+".when")
			}
			if last != (o.When == nil) {
				p.fail(op, "every outcome but the last needs \"when\"; the last is the default and has none")
			}
			part.Outcomes = append(part.Outcomes, o)
		}
		r.Parts = append(r.Parts, part)
	}
}

func (p *parser) when(r *Rules, v *jsonv.Value, path string) *When {
	o := p.obj(v, path)
	w := &When{}
	for _, m := range o.Members {
		mp := path + "." + m.Key
		switch m.Key {
		case "answers":
			for _, a := range p.obj(&m.Value, mp).Members {
				if a.Value.Kind != jsonv.String {
					p.fail(mp+"."+a.Key, "want an answer value")
					continue
				}
				p.answerOf(r, a.Key, a.Value.Str, mp+"."+a.Key)
				w.Answers = append(w.Answers, Condition{Question: a.Key, Is: a.Value.Str})
			}
		case "unknown":
			for k, it := range p.arr(&m.Value, mp) {
				if it.Kind != jsonv.String || r.byID[it.Str] == nil {
					p.fail(mp+"["+lean.Itoa(k)+"]", "want a question id")
					continue
				}
				w.Unknown = append(w.Unknown, it.Str)
			}
		case "open":
			if m.Value.Kind != jsonv.Bool || !m.Value.Bool {
				p.fail(mp, "want true")
			}
			w.Open = true
		default:
			p.fail(mp, "unknown condition (want answers, unknown or open)")
		}
	}
	if len(w.Answers) == 0 && len(w.Unknown) == 0 && !w.Open {
		p.fail(path, "want at least one condition")
	}
	return w
}

func (p *parser) route(r *Rules, root *jsonv.Value) {
	routeIDs := map[string]bool{}
	for i, rv := range p.arr(root.Get("route"), "$.route") {
		path := "$.route[" + lean.Itoa(i) + "]"
		ro := p.obj(&rv, path)
		e := &RouteEntry{ID: p.id(ro, "id", path, routeIDs), Always: p.optBool(ro, "always", path), Text: p.str(ro, "text", path)}
		e.Cite = p.cite(r, ro, path, true)
		w := ro.Get("when")
		if w != nil {
			e.When = *p.condition(r, w, path+".when")
		}
		if e.Always == (w != nil) {
			p.fail(path, "want exactly one of \"always\": true and \"when\"")
		}
		r.Route = append(r.Route, e)
	}
}

func (p *parser) previous(r *Rules, root *jsonv.Value) {
	v := root.Get("previous")
	if v == nil {
		return
	}
	seen := map[string]bool{r.RulesVersion: true}
	for i, pv := range p.arr(v, "$.previous") {
		path := "$.previous[" + lean.Itoa(i) + "]"
		po := p.obj(&pv, path)
		prev := &Previous{RulesVersion: p.str(po, "rulesVersion", path), ValidFrom: p.str(po, "validFrom", path)}
		if seen[prev.RulesVersion] {
			p.fail(path+".rulesVersion", "duplicate or current rules version "+prev.RulesVersion)
		}
		seen[prev.RulesVersion] = true
		if p.posInt(po, "formatVersion", path, false) > 0 {
			prev.FormatVersion = po.Get("formatVersion").Str
		}
		if cv := po.Get("changes"); cv != nil {
			for j, c := range p.arr(cv, path+".changes") {
				cp := path + ".changes[" + lean.Itoa(j) + "]"
				co := p.obj(&c, cp)
				ch := Change{Question: p.str(co, "question", cp)}
				ch.Value, _ = p.optStr(co, "value", cp)
				ch.To, _ = p.optStr(co, "to", cp)
				if ch.To != "" {
					if ch.Value == "" {
						p.fail(cp+".to", "a renamed value needs \"value\"")
					} else if q := r.byID[ch.Question]; q == nil || !q.Allows(ch.To) {
						p.fail(cp+".to", "not an answer of question "+ch.Question+" in these rules: "+ch.To)
					}
				}
				prev.Changes = append(prev.Changes, ch)
			}
		}
		r.Previous = append(r.Previous, prev)
	}
}
