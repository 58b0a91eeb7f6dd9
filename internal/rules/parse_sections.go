package rules

import (
	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
)

// sections reads the steps of the self-check, their groups and their
// questions.
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

// question reads one question: what every kind has, then what its kind
// takes.
func (p *parser) question(r *Rules, v *jsonv.Value, path string, groups map[string]bool) *Question {
	o := p.obj(v, path)
	q := p.questionHead(r, o, path, groups)
	switch q.Kind {
	case KindText:
		p.forbid(o, path, q.Kind, "required", "concern", "reasons", "todo", "options", "showIf")
		q.MaxChars = r.Limits.TextChars
		p.cite(r, o, path, false)
	case KindChoice:
		p.forbid(o, path, q.Kind, "concern", "reasons", "todo")
		q.Options = p.options(o.Get("options"), path+".options", false)
		q.Cite = p.cite(r, o, path, false)
	case KindYesNo:
		p.yesNo(r, o, path, q)
	case KindStatus:
		q.Options = r.Status
		q.Required = true
		p.forbid(o, path, q.Kind, "required", "concern", "reasons", "todo", "options", "showIf")
		p.str(o, "step", path)
		p.listed(r, o, path, q)
	case KindDescription:
		p.description(r, o, path, q)
	default:
		p.fail(path+".kind", "unknown kind "+q.Kind+" (want text, choice, yesno, status or description)")
	}
	return q
}

// questionHead reads the keys every kind of question may have.
func (p *parser) questionHead(r *Rules, o *jsonv.Value, path string, groups map[string]bool) *Question {
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
	return q
}

// listed reads what yes/no, status and description questions need: they
// are listed in the result by their short text and cite the guideline.
func (p *parser) listed(r *Rules, o *jsonv.Value, path string, q *Question) {
	if _, ok := p.optStr(o, "short", path); !ok {
		p.fail(path+".short", "want a non-empty string")
	}
	q.Cite = p.cite(r, o, path, true)
	q.Todo, _ = p.optStr(o, "todo", path)
}

// saysRequired fails unless the question says whether it is required.
func (p *parser) saysRequired(o *jsonv.Value, path, kinds string) {
	if o.Get("required") == nil {
		p.fail(path+".required", kinds+" questions must say whether they are required")
	}
}

func (p *parser) yesNo(r *Rules, o *jsonv.Value, path string, q *Question) {
	q.Options = r.YesNo
	p.forbid(o, path, q.Kind, "options")
	p.saysRequired(o, path, "yes/no")
	p.listed(r, o, path, q)
	q.Concern, _ = p.optStr(o, "concern", path)
	if q.Concern != "" && (q.Concern == YesNoUnknown || !q.Allows(q.Concern)) {
		p.fail(path+".concern", "must be a yes/no answer other than "+YesNoUnknown+": "+q.Concern)
	}
	if q.Todo != "" && q.Concern == "" {
		p.fail(path+".todo", "a yes/no question's todo needs a concern (the answer it is for)")
	}
	if cv := o.Get("cover"); cv != nil {
		p.cover(r, cv, path+".cover", q)
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
}

// cover reads {"answer", "todo", "until"}. Until may name a later question
// (the decision step comes last), so it is checked once every question is
// read (parser.later).
func (p *parser) cover(r *Rules, v *jsonv.Value, path string, q *Question) {
	o := p.obj(v, path)
	q.Cover = &Cover{Answer: p.str(o, "answer", path), Todo: p.str(o, "todo", path)}
	if a := q.Cover.Answer; a != "" && (a == YesNoUnknown || !q.Allows(a)) {
		p.fail(path+".answer", "must be a yes/no answer other than "+YesNoUnknown+": "+a)
	}
	until := o.Get("until")
	p.later = append(p.later, func() {
		if c := p.condition(r, until, path+".until"); c != nil {
			q.Cover.Until = *c
		}
	})
}

func (p *parser) description(r *Rules, o *jsonv.Value, path string, q *Question) {
	p.forbid(o, path, q.Kind, "concern", "reasons", "options")
	q.MaxChars = r.Limits.DescriptionChars
	if q.MaxChars == 0 {
		p.fail("$.limits.descriptionChars", "want a positive integer (there are description questions)")
	}
	p.saysRequired(o, path, "description")
	p.listed(r, o, path, q)
	if q.Required && q.Todo == "" {
		p.fail(path+".todo", "a required description needs the to-do text shown while it is empty")
	}
}

// condition reads {"question": id, "is": value} about an earlier yes/no,
// choice or status question.
func (p *parser) condition(r *Rules, v *jsonv.Value, path string) *Condition {
	o := p.obj(v, path)
	c := &Condition{Question: p.str(o, "question", path), Is: p.str(o, "is", path)}
	p.answerOf(r, c.Question, c.Is, path)
	return c
}

// answerOf checks that value is an answer of an earlier yes/no, choice or
// status question.
func (p *parser) answerOf(r *Rules, qid, value, path string) {
	if p.err != nil {
		return
	}
	q := r.byID[qid]
	switch {
	case q == nil:
		p.fail(path, "no such question (or not before this point): "+qid)
	case q.Kind != KindYesNo && q.Kind != KindChoice && q.Kind != KindStatus:
		p.fail(path, "question "+qid+" is not a yes/no or choice question or a step")
	case !q.Allows(value):
		p.fail(path, "not an answer of question "+qid+": "+value)
	}
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
