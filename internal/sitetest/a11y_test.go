package sitetest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
)

// Accessibility of the self-check (issue 14.8): every control's name says
// its question, a required motivation is marked so, the first result is
// announced, targets are 44 px at least at 375 px.

// axControl is a control in Chromium's accessibility tree.
type axControl struct {
	role, name string
	required   bool
}

// axControls returns the textboxes and buttons the accessibility tree has
// (not ignored: shown).
func (tb *tab) axControls() []axControl {
	tb.t.Helper()
	res, err := chromedp.Call(tb.ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		tb.t.Fatal(err)
	}
	var out []axControl
	for _, n := range res.Nodes {
		if n.Ignored || n.Role == nil || n.Name == nil {
			continue
		}
		var role, name string
		json.Unmarshal(n.Role.Value, &role)
		json.Unmarshal(n.Name.Value, &name)
		if role != "textbox" && role != "button" {
			continue
		}
		c := axControl{role: role, name: name}
		for _, p := range n.Properties {
			if p.Name == accessibility.PropertyNameRequired && p.Value != nil && string(p.Value.Value) == "true" {
				c.required = true
			}
		}
		out = append(out, c)
	}
	return out
}

// nameProblems says which controls share a name, and which note field or
// note button does not name a question of the page (shorts).
func nameProblems(controls []axControl, shorts []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range controls {
		if seen[c.role+c.name] {
			out = append(out, fmt.Sprintf("two %ss are named %q", c.role, c.name))
		}
		seen[c.role+c.name] = true
		if !strings.HasPrefix(c.name, "Kommentar") && !strings.HasPrefix(c.name, "Referens") && !strings.HasPrefix(c.name, "Lägg till") {
			continue
		}
		named := false
		for _, s := range shorts {
			named = named || strings.HasSuffix(c.name, "till: "+s)
		}
		if !named {
			out = append(out, fmt.Sprintf("the %s %q does not name its question", c.role, c.name))
		}
	}
	return out
}

const pageShorts = `Array.from(document.querySelectorAll('[data-step]:not([data-off]) [data-q]')).map(q => q.dataset.short)`

func TestSelfcheckControlNames(t *testing.T) {
	tb := openSelfcheck(t)
	pages := eval[int](tb, `document.querySelectorAll('[data-step]').length`)
	notes := 0
	for n := 1; n < pages; n++ {
		eval[bool](tb, `(location.hash = '#steg-`+strconv.Itoa(n)+`') && true`)
		tb.waitStep(n, false)
		shorts := eval[[]string](tb, pageShorts)
		// The buttons, then the fields behind them.
		for _, p := range nameProblems(tb.axControls(), shorts) {
			t.Errorf("step %d, notes closed: %s", n, p)
		}
		notes += eval[int](tb, `(() => { const b = Array.from(document.querySelectorAll('[data-step]:not([data-off]) [data-note-open]')).filter(b => !b.hidden); b.forEach(x => x.click()); return b.length; })()`)
		for _, p := range nameProblems(tb.axControls(), shorts) {
			t.Errorf("step %d, notes open: %s", n, p)
		}
	}
	if notes < 20 {
		t.Errorf("only %d note buttons met: the check saw too little", notes)
	}
	// Control: without the question in their names, the notes' fields
	// share names and the check says so.
	eval[bool](tb, `(location.hash = '#steg-2') && true`)
	tb.waitStep(2, false)
	eval[bool](tb, `document.querySelectorAll('[data-step]:not([data-off]) [data-note] label .sc-vh').forEach(s => s.remove()) || true`)
	eval[bool](tb, `Array.from(document.querySelectorAll('[data-step]:not([data-off]) [data-note-open]')).forEach(b => b.click()) || true`)
	if len(nameProblems(tb.axControls(), eval[[]string](tb, pageShorts))) == 0 {
		t.Error("control: note fields without their question pass the check")
	}
	tb.checkClean()
}

func TestSelfcheckRequiredMotivation(t *testing.T) {
	tb := openSelfcheck(t)
	tb.do(chromedp.Click(`#sc-nav [data-goto="process"]`))
	const id = "riskanalys"
	state := func() (bool, bool, bool) {
		var ax bool
		for _, c := range tb.axControls() {
			if strings.HasPrefix(c.name, "Referens") && strings.Contains(c.name, eval[string](tb, `document.querySelector('#sc-q-`+id+`').dataset.short`)) {
				ax = c.required
			}
		}
		return eval[bool](tb, `(() => { const n = document.querySelector('#n-`+id+`'); return n.getClientRects().length > 0; })()`),
			ax, eval[bool](tb, `(() => { const m = document.querySelector('[data-required-for="`+id+`"]'); return m.getClientRects().length > 0 && m.textContent === '(krävs)'; })()`)
	}
	tb.fill([]answer{{id: id, value: "klar"}})
	if open, req, mark := state(); open || req || mark {
		t.Errorf("answer Klar: note open %v, required %v, (krävs) shown %v; want none", open, req, mark)
	}
	motivate := eval[string](tb, `document.querySelector('#sc-q-`+id+` input[data-motivate]').value`)
	tb.fill([]answer{{id: id, value: motivate}})
	if open, req, mark := state(); !open || !req || !mark {
		t.Errorf("answer %s: note open %v, required in the accessibility tree %v, (krävs) shown %v; want all", motivate, open, req, mark)
	}
	tb.axe("a motivation required")
	tb.fill([]answer{{id: id, value: "pagar"}})
	if _, req, mark := state(); req || mark {
		t.Errorf("answer again Pågår: still required %v, (krävs) %v", req, mark)
	}
	tb.checkClean()
}

// liveProblems says what keeps the compact result from being announced:
// it must be shown, in a polite live region, before the first answer.
const liveProblems = `(() => {
  const out = [];
  const r = document.querySelector('#sc-live-result');
  if (!r) return ['no #sc-live-result'];
  if (r.getAttribute('aria-live') !== 'polite') out.push('not a polite live region (aria-live ' + r.getAttribute('aria-live') + ')');
  if (!r.getClientRects().length || getComputedStyle(r).visibility !== 'visible') out.push('not shown');
  const empty = document.querySelector('#sc-live-empty');
  if (!r.contains(empty) || empty.hidden) out.push('its empty text is not in it, shown');
  return out;
})()`

func TestSelfcheckFirstResultAnnounced(t *testing.T) {
	tb := openSelfcheck(t)
	if !tb.waitFor(`document.querySelector('#sc-live-result').getAttribute('aria-live') === 'polite'`, 5*time.Second) {
		t.Error("the compact result does not become a live region before the first answer")
	}
	for _, p := range eval[[]string](tb, liveProblems) {
		t.Errorf("before the first answer, the compact result: %s", p)
	}
	before := eval[string](tb, `document.querySelector('#sc-live-result').textContent`)
	tb.next()
	tb.fill([]answer{{id: "central", value: "ja"}})
	after := eval[string](tb, `document.querySelector('#sc-live-result').innerText`)
	if after == "" || strings.TrimSpace(after) == strings.TrimSpace(before) || !eval[bool](tb, `document.querySelector('#sc-live-result').contains(document.querySelector('#sc-live-parts'))`) {
		t.Errorf("after the first answer the live region says %q (before %q): want the result, inside the region", after, before)
	}
	// Control: the check sees a region that is not live.
	eval[bool](tb, `document.querySelector('#sc-live-result').removeAttribute('aria-live') || true`)
	eval[bool](tb, `(document.querySelector('#sc-live-empty').hidden = true) || true`)
	if len(eval[[]string](tb, liveProblems)) < 2 {
		t.Error("control: a region without aria-live and its empty text passes the check")
	}
	// Without JavaScript the region is not live: nothing changes there.
	off := newTab(t, withoutJS())
	off.open(selfcheckPage)
	if eval[bool](off, `document.querySelector('#sc-live-result').hasAttribute('aria-live')`) {
		t.Error("as served, the compact result is already a live region: the page's load would be announced")
	}
	tb.checkClean()
}

// smallTargets lists, on the page shown, every visible control of the form
// (a radio with its label, a label, a button, a link, a field, a summary)
// smaller than 44x44 CSS px.
const smallTargets = `(() => {
  const out = [];
  const step = document.querySelector('[data-step]:not([data-off])');
  const els = step.querySelectorAll('input, textarea, button, a[href], summary, label');
  for (const el of els) {
    if (!el.getClientRects().length || el.closest('.sc-vh')) continue;
    let b = el.getBoundingClientRect();
    if (el.type === 'radio' || el.type === 'checkbox') {
      const l = el.labels[0].getBoundingClientRect();
      b = {width: Math.max(b.right, l.right) - Math.min(b.left, l.left), height: Math.min(b.height, l.height)};
    } else if (el.tagName === 'LABEL' && el.control && el.control.type === 'radio') continue;
    else if (el.tagName === 'LABEL') continue; // a field's label: the field is the target
    if (b.width + 0.5 < 44 || b.height + 0.5 < 44) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.textContent || el.value || '').trim().slice(0, 30) + '" ' + Math.round(b.width) + 'x' + Math.round(b.height));
  }
  return out;
})()`

func TestSelfcheckTargetSize(t *testing.T) {
	tb := openPhone(t)
	pages := eval[int](tb, `document.querySelectorAll('[data-step]').length`)
	for n := 1; n <= pages; n++ {
		eval[bool](tb, `(location.hash = '#steg-`+strconv.Itoa(n)+`') && true`)
		tb.waitStep(n, false)
		for _, p := range eval[[]string](tb, smallTargets) {
			t.Errorf("step %d at 375 px: a target under 44x44 px: %s", n, p)
		}
	}
	eval[bool](tb, `document.querySelector('#sc-nav-toggle').click() || true`)
	for _, p := range eval[[]string](tb, strings.Replace(smallTargets, `document.querySelector('[data-step]:not([data-off])')`, `document.querySelector('#sc-nav')`, 1)) {
		t.Errorf("the list of pages at 375 px: a target under 44x44 px: %s", p)
	}
	// Control: a radio at its old size (2rem) and a plain link are found.
	eval[bool](tb, `(() => { const s = document.querySelector('[data-step]:not([data-off])'); const r = document.querySelector('[data-step]:not([data-off]) input[type=radio]');
	  if (r) { r.style.width = r.style.height = '2rem'; r.labels[0].style.minHeight = '0'; }
	  const a = document.createElement('a'); a.href = '#x'; a.textContent = 'x'; s.append(a); return true; })()`)
	if got := eval[[]string](tb, smallTargets); len(got) < 1 {
		t.Error("control: a 32 px radio and a one-letter link pass the check")
	}
	tb.checkClean()
}

// coverers lists the elements that stay on screen while the page scrolls
// (fixed or sticky): what could hide the focused control (WCAG 2.4.11).
const coverers = `Array.from(document.querySelectorAll('body *')).filter(e => ['fixed', 'sticky'].includes(getComputedStyle(e).position) && e.getClientRects().length).map(e => e.tagName + '#' + e.id)`

// TestSelfcheckFocusNotObscured: at 375 px nothing stays fixed on screen,
// so no focused control can be hidden under it.
func TestSelfcheckFocusNotObscured(t *testing.T) {
	tb := openPhone(t)
	if got := eval[[]string](tb, coverers); len(got) > 0 {
		t.Errorf("fixed or sticky elements that can cover the focus: %q", got)
	}
	eval[bool](tb, `(() => { const d = document.createElement('div'); d.textContent = 'x'; d.style.position = 'sticky'; d.style.top = '0'; document.querySelector('main').prepend(d); return true; })()`)
	if len(eval[[]string](tb, coverers)) == 0 {
		t.Error("control: a sticky element passes the check")
	}
}
