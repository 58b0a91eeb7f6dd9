package rules

import (
	"slices"

	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
)

// FilesHoldDecisions is the first file format with a decision record.
const FilesHoldDecisions = 4

// readsFormats reads the earlier format versions whose files these rules
// read too: files of the same questions from before the decision record.
func (p *parser) readsFormats(r *Rules, root *jsonv.Value) {
	v := root.Get("readsFormats")
	if v == nil {
		return
	}
	for i, f := range p.arr(v, "$.readsFormats") {
		path := "$.readsFormats[" + lean.Itoa(i) + "]"
		if f.Kind != jsonv.Number || lean.Digits(f.Str) < FilesNameOrganisation || lean.Digits(f.Str) >= lean.Digits(r.FormatVersion) {
			p.fail(path, "want an earlier format version that names its organisation")
			continue
		}
		r.OlderFormats = append(r.OlderFormats, f.Str)
	}
}

// decisions reads what each role records: required from the format with a
// decision record, absent before. Every role is a role of the route.
func (p *parser) decisions(r *Rules, root *jsonv.Value) {
	v, ok := p.since(r, root, "decisions", FilesHoldDecisions, "have no decision record")
	if !ok {
		return
	}
	o := p.obj(v, "$.decisions")
	d := &Decisions{Cite: p.cite(r, o, "$.decisions", true), FollowUp: p.optBool(o, "followUp", "$.decisions")}
	d.Labels, _ = p.strMap(o.Get("labels"), "$.decisions.labels")
	for _, k := range []string{"date", "followUp", "option", "answers", "fingerprint"} {
		if d.Labels[k] == "" {
			p.fail("$.decisions.labels."+k, "want a non-empty string")
		}
	}
	for i, rv := range p.arr(o.Get("roles"), "$.decisions.roles") {
		d.Roles = append(d.Roles, p.decisionRole(r, d, &rv, "$.decisions.roles["+lean.Itoa(i)+"]"))
	}
	r.Decisions = d
}

// decisionRole reads one role's record: a role of the route, not listed
// twice, after roles listed before it.
func (p *parser) decisionRole(r *Rules, d *Decisions, v *jsonv.Value, path string) *DecisionRole {
	o := p.obj(v, path)
	x := &DecisionRole{Role: p.str(o, "role", path), Title: p.str(o, "title", path)}
	if e := r.RouteEntry(x.Role); e == nil || e.Role == "" {
		p.fail(path+".role", "not a role of the route: "+x.Role)
	} else if d.DecisionRole(x.Role) != nil {
		p.fail(path+".role", "listed twice: "+x.Role)
	}
	x.Motivation, _ = p.optStr(o, FieldMotivation, path)
	x.Conditions, _ = p.optStr(o, FieldConditions, path)
	if a := o.Get("after"); a != nil {
		for j, av := range p.arr(a, path+".after") {
			if av.Kind != jsonv.String || d.DecisionRole(av.Str) == nil {
				p.fail(path+".after["+lean.Itoa(j)+"]", "want a role listed before this one")
			}
			x.After = append(x.After, av.Str)
		}
	}
	if w := o.Get("when"); w != nil {
		wo := p.obj(w, path+".when")
		x.When = &RoleCondition{Role: p.str(wo, "role", path+".when"), Option: p.str(wo, "option", path+".when")}
		if prev := d.DecisionRole(x.When.Role); prev == nil || prev.Option(x.When.Option) == nil || !slices.Contains(x.After, x.When.Role) {
			p.fail(path+".when", "want an option of a role in \"after\"")
		}
	}
	seen := map[string]bool{}
	for j, ov := range p.arr(o.Get("options"), path+".options") {
		op := path + ".options[" + lean.Itoa(j) + "]"
		oo := p.obj(&ov, op)
		opt := DecisionOption{ID: p.id(oo, "id", op, seen), Label: p.str(oo, "label", op)}
		if n := oo.Get("needs"); n != nil {
			for k, nv := range p.arr(n, op+".needs") {
				if nv.Kind != jsonv.String || !(nv.Str == FieldMotivation && x.Motivation != "" || nv.Str == FieldConditions && x.Conditions != "") {
					p.fail(op+".needs["+lean.Itoa(k)+"]", "want \"motivation\" or \"conditions\", with the role's label for it")
				}
				opt.Needs = append(opt.Needs, nv.Str)
			}
		}
		x.Options = append(x.Options, opt)
	}
	return x
}
