package sitetest

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"molnkollen"
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
	scFingerprint = "#sc-fingerprint"
	scSummaryStep = "#sc-step-summary"
	scGotoSummary = `#sc-nav [data-goto="summary"]`
	scStorageAttr = "data-storage-key" // on the root: the sessionStorage key
	scStateMsg    = `[data-state-msg="%s"]`
)

// scAnswerName is the name of a question's answer control(s); scNoteName of
// its comment or reference.
func scAnswerName(id string) string { return "q-" + id }
func scNoteName(id string) string   { return "n-" + id }

// scAnswerOf is the summary's answer to a question.
func scAnswerOf(id string) string { return fmt.Sprintf(`[data-answer-for=%q]`, id) }

// scNext is the "Fortsätt" button of a step.
func scNext(section string) string { return fmt.Sprintf(`#sc-step-%s [data-go="next"]`, section) }

// JavaScript that lists the visible ids of a kind of result sentence
// ("verdict", "reason", "open", "route").
func scVisible(kind string) string {
	return fmt.Sprintf(`Array.from(document.querySelectorAll('%s [data-%s]')).filter(e => !e.hidden).map(e => e.getAttribute('data-%s'))`, scRoot, kind, kind)
}

// selfcheckData is the part of data/selfcheck.json the tests read.
type selfcheckData struct {
	Format        string `json:"format"`
	FormatVersion int    `json:"formatVersion"`
	Limits        struct {
		FileBytes int `json:"fileBytes"`
	} `json:"limits"`
	AnswerSets map[string][]struct{ Value, Label string } `json:"answerSets"`
	Sections   []struct {
		ID        string `json:"id"`
		Questions []struct {
			ID, Kind, Label, Short string
			Options                []struct{ Value, Label string }
		} `json:"questions"`
	} `json:"sections"`
	Verdicts []struct{ ID, Title string } `json:"verdicts"`
	Messages map[string]string            `json:"messages"`
}

var scData = sync.OnceValues(func() (*selfcheckData, error) {
	var d selfcheckData
	err := json.Unmarshal(molnkollen.SelfcheckJSON, &d)
	return &d, err
})

func selfcheck(t testing.TB) *selfcheckData {
	t.Helper()
	d, err := scData()
	if err != nil {
		t.Fatalf("data/selfcheck.json: %v", err)
	}
	return d
}

// question finds a question and its section.
func (d *selfcheckData) question(id string) (section, kind, short string, ok bool) {
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			if q.ID == id {
				if q.Short == "" {
					q.Short = q.Label
				}
				return s.ID, q.Kind, q.Short, true
			}
		}
	}
	return "", "", "", false
}

// label is the Swedish label of an answer value of a question.
func (d *selfcheckData) label(id, value string) string {
	for _, s := range d.Sections {
		for _, q := range s.Questions {
			if q.ID != id {
				continue
			}
			opts := q.Options
			if set, ok := d.AnswerSets[q.Kind]; ok {
				opts = set
			}
			for _, o := range opts {
				if o.Value == value {
					return o.Label
				}
			}
		}
	}
	return value
}

func (d *selfcheckData) verdictTitle(id string) string {
	for _, v := range d.Verdicts {
		if v.ID == id {
			return v.Title
		}
	}
	return id
}
