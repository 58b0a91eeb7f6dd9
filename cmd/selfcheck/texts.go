package main

import (
	"encoding/json"
	"strings"

	"molnkollen"
)

// texts holds the Swedish texts of data/selfcheck.json that the printout
// uses. The checker is not part of the wasm module, so it may use
// encoding/json; the engine only knows ids.
type texts struct {
	Guideline struct {
		Title     string `json:"title"`
		ValidFrom string `json:"validFrom"`
	} `json:"guideline"`
	AnswerSets map[string][]option `json:"answerSets"`
	Sections   []struct {
		Questions []question `json:"questions"`
	} `json:"sections"`
	Verdicts []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"verdicts"`
	OpenItems map[string]string `json:"openItems"`
	Route     []struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	} `json:"route"`
	Checker  map[string]string `json:"checker"`
	Messages map[string]string `json:"messages"`
}

type option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

type question struct {
	ID      string            `json:"id"`
	Kind    string            `json:"kind"`
	Label   string            `json:"label"`
	Short   string            `json:"short"`
	Options []option          `json:"options"`
	Reasons map[string]string `json:"reasons"`
	Todo    string            `json:"todo"`
}

func loadTexts() (*texts, error) {
	var t texts
	if err := json.Unmarshal(molnkollen.SelfcheckJSON, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// ui returns a checker text; a missing one shows as its key, which the
// tests catch.
func (t *texts) ui(key string) string {
	if s := t.Checker[key]; s != "" {
		return s
	}
	return "[" + key + "]"
}

func (t *texts) question(id string) *question {
	for i := range t.Sections {
		for j := range t.Sections[i].Questions {
			if q := &t.Sections[i].Questions[j]; q.ID == id {
				return q
			}
		}
	}
	return nil
}

func (t *texts) verdict(id string) (title, text string) {
	for _, v := range t.Verdicts {
		if v.ID == id {
			return v.Title, v.Text
		}
	}
	return id, ""
}

// reason returns the text of a reason id "<question>:<answer>".
func (t *texts) reason(id string) string {
	qid, a, _ := strings.Cut(id, ":")
	if q := t.question(qid); q != nil && q.Reasons[a] != "" {
		return q.Reasons[a]
	}
	return id
}

// open returns the text of an open-item id "<question>:<suffix>".
func (t *texts) open(id string) string {
	qid, suffix, _ := strings.Cut(id, ":")
	q := t.question(qid)
	if q == nil {
		return id
	}
	if suffix == "concern" {
		return q.Todo
	}
	if tmpl := t.OpenItems[suffix]; tmpl != "" {
		return strings.ReplaceAll(tmpl, "{short}", q.Short)
	}
	return id
}

func (t *texts) route(id string) string {
	for _, e := range t.Route {
		if e.ID == id {
			return e.Text
		}
	}
	return id
}

// answer returns the label of an answer value (the value itself for text).
func (t *texts) answer(q *question, v string) string {
	opts := q.Options
	if q.Kind == "yesno" || q.Kind == "status" {
		opts = t.AnswerSets[q.Kind]
	}
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}
