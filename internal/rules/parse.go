package rules

import (
	"errors"
	"slices"

	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
)

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
	if p.err == nil {
		p.knownKeys(&root, "$", "$")
	}
	if p.err != nil {
		return nil, p.err
	}
	return r, nil
}

// parser reads the data, keeping the first mistake it finds.
type parser struct {
	err   *Error
	qids  map[string]bool // question ids seen so far, across sections
	later []func()        // checks that need every question read
}

// rules reads the whole file, part by part, in the order of its keys in
// the data.
func (p *parser) rules(root *jsonv.Value) *Rules {
	root = p.obj(root, "$")
	r := &Rules{byID: map[string]*Question{}}
	p.versions(r, root)
	p.readsFormats(r, root)
	p.organisation(r, root)
	p.guideline(r, root)
	p.limits(r, root)
	p.answerSets(r, root)
	p.passages(r, root)
	p.sections(r, root)
	for _, f := range p.later {
		f()
	}
	p.parts(r, root)
	p.openItems(r, root)
	p.route(r, root)
	p.decisions(r, root)
	p.previous(r, root)
	p.texts(r, root)
	return r
}

// versions reads the export file's format, its version and the rules
// version.
func (p *parser) versions(r *Rules, root *jsonv.Value) {
	r.Format = p.str(root, "format", "$")
	if fv := root.Get("formatVersion"); fv == nil || fv.Kind != jsonv.Number || p.posInt(root, "formatVersion", "$", false) == 0 {
		p.fail("$.formatVersion", "want a positive integer")
	} else {
		r.FormatVersion = fv.Str
	}
	r.RulesVersion = p.str(root, "rulesVersion", "$")
}

// FilesNameOrganisation is the first file format whose files name their
// organisation.
const FilesNameOrganisation = 3

// since returns root's key, which rules hold from file format format on:
// ok is false for an earlier format, where the key must be absent (the
// failure then says what such files lack: absent).
func (p *parser) since(r *Rules, root *jsonv.Value, key string, format int, absent string) (v *jsonv.Value, ok bool) {
	v = root.Get(key)
	if lean.Digits(r.FormatVersion) >= format {
		return v, true
	}
	if v != nil {
		p.fail("$."+key, "files of format "+r.FormatVersion+" "+absent)
	}
	return nil, false
}

// organisation reads whose self-check this is: required from the format
// whose files name it, absent before.
func (p *parser) organisation(r *Rules, root *jsonv.Value) {
	v, ok := p.since(r, root, "organisation", FilesNameOrganisation, "do not name their organisation")
	if !ok {
		return
	}
	o := p.obj(v, "$.organisation")
	r.Organisation.ID = p.str(o, "id", "$.organisation")
	r.Organisation.Name = p.str(o, "name", "$.organisation")
	if p.err == nil && !IsID(r.Organisation.ID) {
		p.fail("$.organisation.id", "not a plain id")
	}
}

func (p *parser) guideline(r *Rules, root *jsonv.Value) {
	g := p.obj(root.Get("guideline"), "$.guideline")
	r.Guideline.Title = p.str(g, "title", "$.guideline")
	r.Guideline.ValidFrom = p.str(g, "validFrom", "$.guideline")
	if !lean.IsDate(r.Guideline.ValidFrom) {
		p.fail("$.guideline.validFrom", "want a date YYYY-MM-DD")
	}
}

func (p *parser) limits(r *Rules, root *jsonv.Value) {
	l := p.obj(root.Get("limits"), "$.limits")
	r.Limits = Limits{
		FileBytes:        p.posInt(l, "fileBytes", "$.limits", false),
		TextChars:        p.posInt(l, "textChars", "$.limits", false),
		NoteChars:        p.posInt(l, "noteChars", "$.limits", false),
		DescriptionChars: p.posInt(l, "descriptionChars", "$.limits", true),
	}
}

// answerSets reads the yes/no and status answers, which must hold the
// values the engine gives a meaning to.
func (p *parser) answerSets(r *Rules, root *jsonv.Value) {
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
}

func (p *parser) passages(r *Rules, root *jsonv.Value) {
	pm, pkeys := p.strMap(root.Get("passages"), "$.passages")
	for _, k := range pkeys {
		if !IsID(k) {
			p.fail("$.passages."+k, "not a plain id")
		}
		r.Passages = append(r.Passages, Passage{Anchor: k, Name: pm[k]})
	}
}

// openItems reads the open items' templates: one for each kind the
// engine can give without a question's own to-do text.
func (p *parser) openItems(r *Rules, root *jsonv.Value) {
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
}

// texts reads cmd/selfcheck's texts and the import messages.
func (p *parser) texts(r *Rules, root *jsonv.Value) {
	if c := root.Get("checker"); c != nil {
		r.Checker, _ = p.strMap(c, "$.checker")
	}
	r.Messages, r.MessageCodes = p.strMap(root.Get("messages"), "$.messages")
	if len(r.MessageCodes) == 0 {
		p.fail("$.messages", "want at least one message")
	}
}
