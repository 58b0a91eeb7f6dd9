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
// take the question's own "todo" text instead of a template, Cover its
// cover's todo.
const (
	OpenUnanswered     = "unanswered"
	OpenUnknown        = YesNoUnknown
	OpenConcern        = "concern"
	OpenDescribe       = "describe"
	OpenStepUnanswered = "stepUnanswered"
	OpenStepOpen       = "stepOpen"
	OpenMotivation     = "motivation"
	OpenCover          = "cover"
)

// GroundUnknown is the suffix of a ground "<question id>:unknown": a
// question of an "unknown" condition that is unanswered or answered Vet ej.
const GroundUnknown = "unknown"

// The lists of an exported result besides the part ids. Grounds and
// assumptions are there only in rules that can give them (ResultLists).
const (
	ListReasons     = "reasons"
	ListOpen        = "open"
	ListRoute       = "route"
	ListGrounds     = "grounds"
	ListAssumptions = "assumptions"
)

// Result keys that are not part ids.
var resultLists = []string{ListReasons, ListOpen, ListRoute, ListGrounds, ListAssumptions}

// Rules is the parsed, validated self-check data.
type Rules struct {
	Format        string   // the export file's "format" value
	FormatVersion string   // the export file's "formatVersion", as a JSON number literal
	OlderFormats  []string // earlier format versions of these rules' files (readsFormats)
	RulesVersion  string
	Organisation  Organisation // empty before format 3
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
	Decisions     *Decisions // what each role records; nil before format 4
	Previous      []*Previous
	Checker       map[string]string // cmd/selfcheck's texts
	Messages      map[string]string // import message code -> text
	MessageCodes  []string          // the keys of Messages, in data order

	byID map[string]*Question
}

// Organisation is the organisation whose self-check the rules are: its
// files name it, and a file of another organisation is refused. ID is a
// plain id that stays when the name changes.
type Organisation struct {
	ID, Name string
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
	Cover                    *Cover     // yes/no: an answer the decision basis must take up
	MaxChars                 int        // text and description: the length limit
}

// Cover says what the decision basis must take up when a yes/no question
// has the answer Answer (an open item "<id>:cover" with the text Todo),
// until the condition Until holds (for example: the decision basis holds a
// risk assessment).
type Cover struct {
	Answer, Todo string
	Until        Condition
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
// A part with Grounds names, whatever its outcome, every condition of its
// outcomes that holds (Result.Grounds): the answers that decide it and the
// questions not yet answered Ja or Nej.
type Part struct {
	ID, Title   string
	Grounds     bool
	Outcomes    []*Outcome
	Assumptions []*Assumption
}

// Outcome is one possible result of a part. Asks, if set, says what the
// guideline asks for when this is the outcome (with its own passage).
type Outcome struct {
	ID, Title, Text, Cite string
	Asks, AsksCite        string
	When                  *When // nil for the last outcome of a part
}

// Assumption is an answer the part's result rests on while a step that
// would confirm it is not done: it holds when When holds and Unless does
// not (okanslig = ja while informationsklassning is not klar).
type Assumption struct {
	ID, Text, Cite string
	When, Unless   Condition
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
// its condition holds. An entry with a Role is a role of the decision: what
// it Decides, and whether it Signs the decision document; an entry without
// one is a requirement of the decision basis.
type RouteEntry struct {
	ID, Text, Cite string
	Role, Decides  string
	Signs          bool
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

// OpenText returns the text of the open item "<q.ID>:<kind>": the
// question's own to-do text for a concern or an empty description, its
// cover's to-do text for a cover, else the kind's template from "openItems"
// with the question's short text.
func (r *Rules) OpenText(q *Question, kind string) string {
	switch kind {
	case OpenConcern, OpenDescribe:
		return q.Todo
	case OpenCover:
		if q.Cover != nil {
			return q.Cover.Todo
		}
	}
	return lean.Replace(r.OpenItems[kind], "{short}", q.Short)
}

// OpenTarget returns the id of the question whose answer closes the open
// item "<q.ID>:<kind>": the cover's condition question for a cover (the
// risk assessment takes up what the answer left), else q itself.
func (r *Rules) OpenTarget(q *Question, kind string) string {
	if kind == OpenCover && q.Cover != nil {
		return q.Cover.Until.Question
	}
	return q.ID
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

// Version returns the rules of rulesVersion among the earlier versions
// list holds (a site's archived ones, as its "previous" lists them): the
// one lookup of the module (internal/shipped) and cmd/selfcheck
// (internal/rulesgen).
func Version(list []*Rules, rulesVersion string) (*Rules, error) {
	for _, r := range list {
		if r.RulesVersion == rulesVersion {
			return r, nil
		}
	}
	return nil, errors.New("rules: rules version " + rulesVersion + " is not archived")
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

// ResultLists names the lists an exported result of these rules holds
// besides the part ids: reasons, open and route, then grounds if a part has
// them and assumptions if a part has any.
func (r *Rules) ResultLists() []string {
	out := []string{ListReasons, ListOpen, ListRoute}
	var grounds, assumptions bool
	for _, p := range r.Parts {
		grounds = grounds || p.Grounds
		assumptions = assumptions || len(p.Assumptions) > 0
	}
	if grounds {
		out = append(out, ListGrounds)
	}
	if assumptions {
		out = append(out, ListAssumptions)
	}
	return out
}

// GroundAnswers reports which answers to question qid are grounds of a part
// with Grounds (the answers of its outcomes' "answers" conditions, in data
// order) and whether the question being unknown (unanswered or Vet ej) is
// one (it is in an "unknown" condition).
func (r *Rules) GroundAnswers(qid string) (answers []string, unknown bool) {
	for _, p := range r.Parts {
		a, u := p.GroundAnswers(qid)
		for _, v := range a {
			if !slices.Contains(answers, v) {
				answers = append(answers, v)
			}
		}
		unknown = unknown || u
	}
	return answers, unknown
}

// GroundAnswers is Rules.GroundAnswers for this part alone: nothing unless
// the part has Grounds.
func (p *Part) GroundAnswers(qid string) (answers []string, unknown bool) {
	if !p.Grounds {
		return nil, false
	}
	for _, o := range p.Outcomes {
		if o.When == nil {
			continue
		}
		for _, c := range o.When.Answers {
			if c.Question == qid && !slices.Contains(answers, c.Is) {
				answers = append(answers, c.Is)
			}
		}
		unknown = unknown || slices.Contains(o.When.Unknown, qid)
	}
	return answers, unknown
}

// Assumption returns the assumption with the given id, or nil.
func (r *Rules) Assumption(id string) *Assumption {
	for _, p := range r.Parts {
		for _, a := range p.Assumptions {
			if a.ID == id {
				return a
			}
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
