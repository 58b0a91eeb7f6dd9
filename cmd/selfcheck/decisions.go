package main

import (
	"fmt"
	"io"

	"molnkollen/internal/record"
	"molnkollen/internal/rules"
)

// decisions prints the file's decision record: each entry's role, what it
// recorded, its texts and dates, and whether it stands on the file's
// answers. It reports whether a role's latest decision was made on other
// answers than the file's.
func (p *report) decisions() (other bool) {
	d := p.r.Decisions
	if d == nil {
		return false
	}
	p.line("%s:", p.ui.get("decisions"))
	if len(p.f.Decisions) == 0 {
		p.line("%s", p.ui.get("noDecisions"))
	}
	onOther := record.OnOtherAnswers(p.f.Decisions, p.f.Fingerprint)
	for i, e := range p.f.Decisions {
		x := d.DecisionRole(e.Role)
		p.line("- %s (%s)\n  %s: %s", x.Title, p.r.RouteEntry(e.Role).Role, d.Labels["option"], x.Option(e.Option).Label)
		for _, t := range [][2]string{{x.Motivation, e.Motivation}, {x.Conditions, e.Conditions}} {
			if t[1] != "" {
				p.line("  %s: %s", t[0], indent(t[1]))
			}
		}
		p.line("  %s: %s", d.Labels["date"], e.Date)
		if e.FollowUp != "" {
			p.line("  %s: %s", p.ui.get("followUp"), e.FollowUp)
		}
		p.line("  %s: %s", d.Labels["fingerprint"], e.Fingerprint)
		status := p.ui.get("decisionOK")
		if e.AnswersFingerprint != p.f.Fingerprint {
			status = p.ui.get("decisionOther") + " (" + e.AnswersFingerprint + ")"
		}
		p.line("  %s", status)
		other = other || onOther[i]
	}
	p.line("")
	return other
}

// compare prints how the file at newName differs from the one at oldName
// (record.Compare): changed answers, then the changed result.
func compare(w io.Writer, ui texts, cur *rules.Rules, old, new *record.Imported) {
	c := record.Compare(cur, old, new)
	p := &report{w: w, ui: ui, r: cur}
	p.line("%s", ui.get("diffHeading"))
	if len(c.Answers) == 0 && len(c.Result) == 0 {
		p.line("%s", ui.get("diffNone"))
		return
	}
	if len(c.Answers) > 0 {
		p.line("\n%s:", ui.get("diffAnswers"))
	}
	or := func(s string) string {
		if s == "" {
			return ui.get("diffEmpty")
		}
		return indent(s)
	}
	for _, a := range c.Answers {
		p.line("- %s\n  %s %s\n  %s %s", a.Short, ui.get("diffOld"), or(a.Old), ui.get("diffNew"), or(a.New))
	}
	if len(c.Result) > 0 {
		p.line("\n%s:", ui.get("diffResult"))
	}
	for _, d := range c.Result {
		p.line("%s", heading(d.Title))
		p.list(ui.get("diffOld"), d.Stored)
		p.list(ui.get("diffNew"), d.Fresh)
	}
	fmt.Fprintln(w)
}
