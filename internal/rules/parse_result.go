package rules

import (
	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
)

func (p *parser) parts(r *Rules, root *jsonv.Value) {
	partIDs, outcomeIDs, assumptionIDs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, k := range resultLists {
		partIDs[k] = true // a part id is a key of the exported result
	}
	for i, pv := range p.arr(root.Get("parts"), "$.parts") {
		path := "$.parts[" + lean.Itoa(i) + "]"
		po := p.obj(&pv, path)
		part := &Part{ID: p.id(po, "id", path, partIDs), Title: p.str(po, "title", path), Grounds: p.optBool(po, "grounds", path)}
		outs := p.arr(po.Get("outcomes"), path+".outcomes")
		for j, ov := range outs {
			op := path + ".outcomes[" + lean.Itoa(j) + "]"
			o := p.outcome(r, &ov, op, outcomeIDs)
			if last := j == len(outs)-1; last != (o.When == nil) {
				p.fail(op, "every outcome but the last needs \"when\"; the last is the default and has none")
			}
			if part.Grounds && o.When != nil {
				p.groundTexts(r, o.When, op+".when")
			}
			part.Outcomes = append(part.Outcomes, o)
		}
		if av := po.Get("assumptions"); av != nil {
			part.Assumptions = p.assumptions(r, av, path+".assumptions", assumptionIDs)
		}
		r.Parts = append(r.Parts, part)
	}
}

// outcome reads one outcome of a part: its texts, its passage, what the
// guideline asks for then (optional "asks": {text, cite}) and its condition.
func (p *parser) outcome(r *Rules, v *jsonv.Value, path string, ids map[string]bool) *Outcome {
	oo := p.obj(v, path)
	o := &Outcome{ID: p.id(oo, "id", path, ids), Title: p.str(oo, "title", path), Text: p.str(oo, "text", path)}
	o.Cite = p.cite(r, oo, path, true)
	if a := oo.Get("asks"); a != nil {
		ao := p.obj(a, path+".asks")
		o.Asks = p.str(ao, "text", path+".asks")
		o.AsksCite = p.cite(r, ao, path+".asks", true)
	}
	if w := oo.Get("when"); w != nil {
		o.When = p.when(r, w, path+".when")
	}
	return o
}

// groundTexts checks that every ground a condition can give has a text: an
// answer its question's reason, an unknown question its short text (every
// yes/no question has one).
func (p *parser) groundTexts(r *Rules, w *When, path string) {
	for _, c := range w.Answers {
		if q := r.byID[c.Question]; q != nil && q.Reason(c.Is) == "" {
			p.fail(path+".answers."+c.Question, "a part with grounds needs a reason text for this answer (the ground's text)")
		}
	}
	for _, id := range w.Unknown {
		if q := r.byID[id]; q != nil && q.Kind != KindYesNo {
			p.fail(path+".unknown", "a part with grounds names unknown yes/no questions only: "+id)
		}
	}
}

// assumptions reads a part's assumptions: {id, when, unless, text, cite}.
func (p *parser) assumptions(r *Rules, v *jsonv.Value, path string, ids map[string]bool) []*Assumption {
	var out []*Assumption
	for i, av := range p.arr(v, path) {
		ap := path + "[" + lean.Itoa(i) + "]"
		ao := p.obj(&av, ap)
		a := &Assumption{ID: p.id(ao, "id", ap, ids), Text: p.str(ao, "text", ap)}
		a.Cite = p.cite(r, ao, ap, true)
		a.When = *p.condition(r, ao.Get("when"), ap+".when")
		a.Unless = *p.condition(r, ao.Get("unless"), ap+".unless")
		out = append(out, a)
	}
	return out
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
		p.role(ro, path, e)
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

// role reads what a route entry that is a role of the decision says: its
// title ("role"), what it decides ("decides") and whether it signs.
func (p *parser) role(o *jsonv.Value, path string, e *RouteEntry) {
	e.Role, _ = p.optStr(o, "role", path)
	e.Decides, _ = p.optStr(o, "decides", path)
	e.Signs = p.optBool(o, "signs", path)
	if e.Role == "" && (e.Decides != "" || e.Signs) {
		p.fail(path+".role", "an entry that decides or signs is a role: it needs \"role\"")
	}
	if e.Role != "" && e.Decides == "" {
		p.fail(path+".decides", "a role needs \"decides\": what it decides")
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
