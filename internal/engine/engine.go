// Package engine evaluates a set of answers against the self-check rules:
// the verdict, the reasons behind it, the open items and the decision route.
// It returns ids only; the page and cmd/selfcheck look the Swedish texts up
// in data/selfcheck.json.
//
// The rules, derived only from the guideline:
//
//   - Every yes/no question with answer a gives the reason "<id>:a" if the
//     data has a reason text for a, and the open item "<id>:unanswered" if
//     unanswered, "<id>:vetej" if answered "vetej", or "<id>:concern" if
//     a is the question's concern and the question has a to-do text.
//   - Every status question gives "<id>:stepUnanswered" if unanswered and
//     "<id>:stepOpen" if "pagar" or "ejpaborjad".
//   - The verdict looks only at yes/no questions in sections marked
//     "verdict": lokal-drift if a "local" question has its concern as the
//     answer; else fordjupad if a "risk" question does; else ofullstandig if
//     a required question is unanswered or "vetej" or an "open" question
//     has its concern as the answer; else kan-passa.
//   - The route holds every entry marked "always" and every entry whose
//     question has the given answer.
//
// Every list is in data order.
package engine

import "molnkollen/internal/rules"

// Verdict ids, from the strongest to the weakest. The data's "verdicts"
// must hold exactly these (a test checks it).
const (
	VerdictLocal      = "lokal-drift"
	VerdictDeeper     = "fordjupad"
	VerdictIncomplete = "ofullstandig"
	VerdictMayFit     = "kan-passa"
)

// Verdicts lists every verdict Evaluate can return.
var Verdicts = []string{VerdictLocal, VerdictDeeper, VerdictIncomplete, VerdictMayFit}

// Suffixes of open-item ids ("<question id>:<suffix>"). The "vetej" suffix is
// the answer value rules.YesNoUnknown itself.
const (
	OpenUnanswered     = "unanswered"
	OpenConcern        = "concern"
	OpenStepUnanswered = "stepUnanswered"
	OpenStepOpen       = "stepOpen"
)

// Answers gives the answer to a question by id; "" means unanswered.
type Answers interface {
	Value(id string) string
}

// Result is the outcome of an evaluation, as ids.
type Result struct {
	Verdict string
	Reasons []string // "<question id>:<answer>"
	Open    []string // "<question id>:<suffix>"
	Route   []string // route entry ids
}

// Evaluate applies the rules to the answers. Answers that are not allowed
// values of their question count as unanswered (record.ParseAnswers refuses
// them before they get here).
func Evaluate(r *rules.Rules, a Answers) Result {
	res := Result{Reasons: []string{}, Open: []string{}, Route: []string{}}
	local, risk, incomplete := false, false, false
	for _, q := range r.Questions {
		v := a.Value(q.ID)
		if v != "" && !q.Allows(v) {
			v = ""
		}
		switch q.Kind {
		case rules.KindYesNo:
			if v != "" && q.HasReason(v) {
				res.Reasons = append(res.Reasons, q.ID+":"+v)
			}
			concern := v != "" && v == q.Concern
			switch {
			case v == "":
				res.Open = append(res.Open, q.ID+":"+OpenUnanswered)
			case v == rules.YesNoUnknown:
				res.Open = append(res.Open, q.ID+":"+rules.YesNoUnknown)
			case concern && q.Todo:
				res.Open = append(res.Open, q.ID+":"+OpenConcern)
			}
			if !q.Verdict {
				continue
			}
			if q.Required && (v == "" || v == rules.YesNoUnknown) {
				incomplete = true
			}
			if concern {
				switch q.Severity {
				case rules.SeverityLocal:
					local = true
				case rules.SeverityRisk:
					risk = true
				case rules.SeverityOpen:
					incomplete = true
				}
			}
		case rules.KindStatus:
			switch v {
			case "":
				res.Open = append(res.Open, q.ID+":"+OpenStepUnanswered)
			case rules.StatusOngoing, rules.StatusNotStarted:
				res.Open = append(res.Open, q.ID+":"+OpenStepOpen)
			}
		}
	}
	switch {
	case local:
		res.Verdict = VerdictLocal
	case risk:
		res.Verdict = VerdictDeeper
	case incomplete:
		res.Verdict = VerdictIncomplete
	default:
		res.Verdict = VerdictMayFit
	}
	for _, e := range r.Route {
		if e.Always || a.Value(e.When.Question) == e.When.Is {
			res.Route = append(res.Route, e.ID)
		}
	}
	return res
}

// Equal reports whether two results hold the same ids in the same order.
func (res Result) Equal(o Result) bool {
	return res.Verdict == o.Verdict && same(res.Reasons, o.Reasons) &&
		same(res.Open, o.Open) && same(res.Route, o.Route)
}

func same(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
