// Package engine evaluates a set of answers against the self-check rules:
// one outcome for each part of the result, the reasons, the open items and
// the decision route. It returns ids only; the texts are in the rules.
//
// The rules, all read from the data (see README, "The self-check's rules"):
//
//   - A question with "showIf" is asked only while that condition holds; an
//     answer to a question that is not asked counts as no answer at all.
//   - Reasons: a yes/no question whose answer has a reason text gives the
//     reason "<id>:<answer>".
//   - Open items ("<id>:<kind>", kinds in package rules): a required yes/no
//     or choice question that is unanswered gives "unanswered", a required
//     yes/no answered Vet ej gives "vetej"; a yes/no question answered with
//     its "concern" gives "concern" (its to-do text); a required description
//     left empty gives "describe"; a step of the checklist gives
//     "stepUnanswered" when unanswered, "stepOpen" when ongoing or not
//     started, and "motivation" when marked not applicable (an answer with
//     "motivate") without a note that says why; a yes/no question answered
//     with its "cover" answer gives "cover" (its cover text: what the
//     decision basis must take up) until the cover's condition holds.
//     Optional questions never give open items.
//   - Parts: the outcome of a part is its first outcome whose "when" holds
//     (an answer in "answers", a question in "unknown" unanswered or Vet ej,
//     or "open" and any open item); the last outcome is the default.
//   - Grounds: in a part marked "grounds", every condition of its outcomes
//     that holds, whatever the outcome: "<id>:<answer>" for an answer, and
//     "<id>:unknown" for a question unanswered or answered Vet ej.
//   - Assumptions: an assumption of a part holds when its "when" holds and
//     its "unless" does not.
//   - Route: every entry marked "always", and every entry whose condition
//     holds.
//
// Every list is in data order (grounds in the order of their questions).
package engine

import (
	"slices"

	"molnkollen/internal/rules"
)

// Answers gives the answer to a question by id ("" means unanswered) and
// its note (comment, reference or motivation).
type Answers interface {
	Value(id string) string
	Note(id string) string
}

// Result is the outcome of an evaluation, as ids.
type Result struct {
	Outcomes    []string // one outcome id for each part, in part order
	Reasons     []string // "<question id>:<answer>"
	Open        []string // "<question id>:<open-item kind>"
	Route       []string // route entry ids
	Grounds     []string // "<question id>:<answer>" or "<question id>:unknown"
	Assumptions []string // assumption ids
}

// Asked reports whether question q is asked, given the answers: a question
// with showIf only while its condition holds. This is the one copy of the
// showIf rule: the page hides what Hidden lists, and record.ParseAnswers
// drops answers to questions not asked.
func Asked(q *rules.Question, a Answers) bool {
	return q.ShowIf == nil || a.Value(q.ShowIf.Question) == q.ShowIf.Is
}

// Hidden lists, in data order, the ids of the questions not asked given the
// answers.
func Hidden(r *rules.Rules, a Answers) []string {
	out := []string{}
	for _, q := range r.Questions {
		if !Asked(q, a) {
			out = append(out, q.ID)
		}
	}
	return out
}

// value is q's answer as the engine sees it: "" if not asked or not allowed
// (record.ParseAnswers refuses values that are not allowed before they get
// here).
func value(q *rules.Question, a Answers) string {
	v := a.Value(q.ID)
	if v == "" || !Asked(q, a) || !q.Allows(v) {
		return ""
	}
	return v
}

// OpenKinds lists, in order, the open-item kinds question q can give. The
// page renders exactly these texts; the tests check both agree.
func OpenKinds(r *rules.Rules, q *rules.Question) []string {
	var out []string
	switch q.Kind {
	case rules.KindYesNo:
		if q.Required {
			out = append(out, rules.OpenUnanswered, rules.OpenUnknown)
		}
		if q.Concern != "" && q.Todo != "" {
			out = append(out, rules.OpenConcern)
		}
		if q.Cover != nil {
			out = append(out, rules.OpenCover)
		}
	case rules.KindChoice:
		if q.Required {
			out = append(out, rules.OpenUnanswered)
		}
	case rules.KindDescription:
		if q.Required {
			out = append(out, rules.OpenDescribe)
		}
	case rules.KindStatus:
		out = append(out, rules.OpenStepUnanswered, rules.OpenStepOpen)
		if slices.ContainsFunc(r.Status, func(o rules.Option) bool { return o.Motivate }) {
			out = append(out, rules.OpenMotivation)
		}
	}
	return out
}

// open returns the open-item kind question q gives for its answer, or "".
func open(r *rules.Rules, q *rules.Question, a Answers) string {
	if !Asked(q, a) {
		return ""
	}
	v := value(q, a)
	switch q.Kind {
	case rules.KindYesNo:
		switch {
		case q.Required && v == "":
			return rules.OpenUnanswered
		case q.Required && v == rules.YesNoUnknown:
			return rules.OpenUnknown
		case v != "" && v == q.Concern && q.Todo != "":
			return rules.OpenConcern
		case q.Cover != nil && v == q.Cover.Answer && !is(r, q.Cover.Until, a):
			return rules.OpenCover
		}
	case rules.KindChoice:
		if q.Required && v == "" {
			return rules.OpenUnanswered
		}
	case rules.KindDescription:
		if q.Required && v == "" {
			return rules.OpenDescribe
		}
	case rules.KindStatus:
		switch {
		case v == "":
			return rules.OpenStepUnanswered
		case v == rules.StatusOngoing || v == rules.StatusNotStarted:
			return rules.OpenStepOpen
		case q.Option(v).Motivate && a.Note(q.ID) == "":
			return rules.OpenMotivation
		}
	}
	return ""
}

// is reports whether condition c holds.
func is(r *rules.Rules, c rules.Condition, a Answers) bool {
	return value(r.Question(c.Question), a) == c.Is
}

// unknown reports whether q is unanswered (or not asked) or answered Vet ej.
func unknown(q *rules.Question, a Answers) bool {
	v := value(q, a)
	return v == "" || v == rules.YesNoUnknown
}

// Evaluate applies the rules to the answers.
func Evaluate(r *rules.Rules, a Answers) Result {
	res := Result{Outcomes: []string{}, Reasons: []string{}, Open: []string{}, Route: []string{},
		Grounds: []string{}, Assumptions: []string{}}
	for _, q := range r.Questions {
		v := value(q, a)
		if q.Kind == rules.KindYesNo && v != "" && q.Reason(v) != "" {
			res.Reasons = append(res.Reasons, q.ID+":"+v)
		}
		if k := open(r, q, a); k != "" {
			res.Open = append(res.Open, q.ID+":"+k)
		}
		if g := ground(r, q, a); g != "" {
			res.Grounds = append(res.Grounds, q.ID+":"+g)
		}
	}
	for _, p := range r.Parts {
		res.Outcomes = append(res.Outcomes, outcome(r, p, a, len(res.Open) > 0))
		for _, as := range p.Assumptions {
			if is(r, as.When, a) && !is(r, as.Unless, a) {
				res.Assumptions = append(res.Assumptions, as.ID)
			}
		}
	}
	for _, e := range r.Route {
		if e.Always || is(r, e.When, a) {
			res.Route = append(res.Route, e.ID)
		}
	}
	return res
}

// ground returns the ground question q gives (its answer, or
// rules.GroundUnknown), or "".
func ground(r *rules.Rules, q *rules.Question, a Answers) string {
	answers, unk := r.GroundAnswers(q.ID)
	switch v := value(q, a); {
	case v != "" && slices.Contains(answers, v):
		return v
	case unk && unknown(q, a):
		return rules.GroundUnknown
	}
	return ""
}

// outcome returns the id of the first outcome of p whose condition holds.
func outcome(r *rules.Rules, p *rules.Part, a Answers, anyOpen bool) string {
	for _, o := range p.Outcomes {
		if o.When == nil || holds(r, o.When, a, anyOpen) {
			return o.ID
		}
	}
	return "" // unreachable: rules.Parse requires a default outcome
}

func holds(r *rules.Rules, w *rules.When, a Answers, anyOpen bool) bool {
	if w.Open && anyOpen {
		return true
	}
	for _, c := range w.Answers {
		if is(r, c, a) {
			return true
		}
	}
	for _, id := range w.Unknown {
		if unknown(r.Question(id), a) {
			return true
		}
	}
	return false
}

// Equal reports whether two results hold the same ids in the same order.
func (res Result) Equal(o Result) bool {
	return slices.Equal(res.Outcomes, o.Outcomes) && slices.Equal(res.Reasons, o.Reasons) &&
		slices.Equal(res.Open, o.Open) && slices.Equal(res.Route, o.Route) &&
		slices.Equal(res.Grounds, o.Grounds) && slices.Equal(res.Assumptions, o.Assumptions)
}
