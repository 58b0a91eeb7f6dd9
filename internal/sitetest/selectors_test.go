package sitetest

import (
	"fmt"
	"sync"
	"testing"

	"molnkollen"
	"molnkollen/internal/rules"
)

// The DOM contract of the self-check page (layouts/sjalvskattning.html,
// layouts/_partials/selfcheck/, assets/js/selfcheck.js), in one place.
const (
	selfcheckPage = "sjalvskattning/"
	scRoot        = "#sjalvskattning" // carries data-selfcheck
	scForm        = scRoot + " form"
	scFreeText    = scRoot + " form input[type=text], " + scRoot + " form textarea"
	scAnswerFor   = "[data-answer-for]" // summary: the answer to question <value>
	scNoteFor     = "[data-note-for]"   // summary: the comment of question <value>
	scQuestion    = "#sc-q-"            // + id: the wrapper of a question
	scReady       = `[data-selfcheck="ready"]`
	scExport      = "#sc-export"
	scPrint       = "#sc-print"
	scImport      = "#sc-import-file"
	scClear       = "#sc-clear"
	scClearYes    = "#sc-clear-yes"
	scError       = "#sc-error"
	scReask       = "#sc-reask"      // the notice after reading in a file of older rules
	scReaskLinks  = "#sc-reask-list" // its list: one [data-change] link per answer to give again
	scFingerprint = "#sc-fingerprint"
	scPrintDate   = "#sc-print-date"
	scLive        = "#sc-live"
	scSummaryStep = "#sc-step-summary"
	scGotoSummary = `#sc-nav [data-goto="summary"]`
	scStorageAttr = "data-storage-key" // on the root: the sessionStorage key
	scStateMsg    = `[data-state-msg="%s"]`
)

// scAnswerName is the name of a question's answer control(s); scNoteName of
// its comment or reference.
func scAnswerName(id string) string { return "q-" + id }
func scNoteName(id string) string   { return "n-" + id }

// scNoteOpen is the "Lägg till kommentar" button of a question's note.
func scNoteOpen(id string) string { return fmt.Sprintf(`[data-note-open=%q]`, id) }

// scAnswerOf is the summary's answer to a question.
func scAnswerOf(id string) string { return fmt.Sprintf(`[data-answer-for=%q]`, id) }

// scNext is the "Fortsätt" button of a page.
func scNext(step string) string { return fmt.Sprintf(`#sc-step-%s [data-go="next"]`, step) }

// JavaScript that lists the visible ids of a kind of result sentence
// ("outcome", "reason", "open", "route").
func scVisible(kind string) string {
	return fmt.Sprintf(`Array.from(document.querySelectorAll('%s [data-%s]')).filter(e => !e.hidden).map(e => e.getAttribute('data-%s'))`, scRoot, kind, kind)
}

// The self-check's rules, read by the same parser as the engine.
var scRules = sync.OnceValues(func() (*rules.Rules, error) { return rules.Parse(molnkollen.SelfcheckJSON) })

func selfcheck(t testing.TB) *rules.Rules {
	t.Helper()
	r, err := scRules()
	if err != nil {
		t.Fatalf("data/selfcheck.json: %v", err)
	}
	return r
}

// scPages lists the self-check's question pages in order, with their
// questions: one page per section, one per group in a section with groups
// (layouts/_partials/selfcheck/steps.html).
func scPages(r *rules.Rules) (pages []string, questions map[string][]*rules.Question) {
	questions = map[string][]*rules.Question{}
	for _, s := range r.Sections {
		for _, q := range s.Questions {
			id := s.ID
			if q.Group != "" {
				id = s.ID + "-" + q.Group
			}
			if len(questions[id]) == 0 {
				pages = append(pages, id)
			}
			questions[id] = append(questions[id], q)
		}
	}
	return pages, questions
}

// scLabel is the Swedish label of an answer value of a question (free text
// shows as it is).
func scLabel(r *rules.Rules, id, value string) string {
	if o := r.Question(id).Option(value); o != nil {
		return o.Label
	}
	return value
}

// scShort is the short title of a question, as the summary shows it.
func scShort(q *rules.Question) string {
	if q.Short != "" {
		return q.Short
	}
	return q.Label
}

// scOutcomeTitle is the title of an outcome of any part.
func scOutcomeTitle(r *rules.Rules, id string) string {
	if _, o := r.Outcome(id); o != nil {
		return o.Title
	}
	return id
}
