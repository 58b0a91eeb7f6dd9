package sitetest

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A phone shows the question (issue 14.4): at 375x812 the first field is on
// the first screen, the list of pages behind its button, and each page's
// status is honest.

// phone emulates a phone: 375x812 CSS px, mobile.
func (tb *tab) phone() {
	tb.t.Helper()
	if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 375, Height: 812, DeviceScaleFactor: 2, Mobile: true,
	}); err != nil {
		tb.t.Fatal(err)
	}
}

// openPhone opens the self-check on a phone (the page loaded at that size,
// as a phone would) and waits until it is ready.
func openPhone(t *testing.T) *tab {
	t.Helper()
	tb := openSelfcheck(t)
	tb.phone()
	tb.do(chromedp.Reload())
	tb.startEngine()
	if !tb.waitFor(`document.querySelector('`+scReady+`')`, 20*time.Second) {
		t.Fatal("not ready after the reload at phone size")
	}
	return tb
}

// firstField is the top and bottom of the shown page's first field, in
// page px from the top of the page.
const firstField = `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => {
  const step = document.querySelector('[data-step]:not([data-off])');
  const f = step.querySelector('input, textarea');
  const b = f.getBoundingClientRect();
  r([Math.round(b.top + scrollY), Math.round(b.bottom + scrollY)]);
})))`

// navOpen says whether the list of pages shows (its links take space).
const navOpen = `document.querySelector('#sc-nav [data-goto]').getClientRects().length > 0`

func TestSelfcheckPhoneFirstField(t *testing.T) {
	tb := openPhone(t)
	pos := eval[[]int](tb, firstField)
	t.Logf("at 375x812 the first field is at %d-%d px", pos[0], pos[1])
	if pos[1] > 812 {
		t.Errorf("at 375x812 the first field is at %d-%d px: not on the first screen", pos[0], pos[1])
	}
	if eval[bool](tb, navOpen) {
		t.Error("on a phone the list of pages shows open at start")
	}
	if got := eval[string](tb, `document.querySelector('#sc-nav-toggle').textContent`); got != "Visa alla steg (Steg 1 av 9)" {
		t.Errorf("the list's button says %q", got)
	}
	tb.axe("phone, list of pages collapsed")

	// The button opens the list, by keyboard, and says so.
	eval[bool](tb, `document.querySelector('#sc-nav-toggle').focus() || true`)
	tb.key(kb.Enter)
	if !tb.waitFor(navOpen+` && document.querySelector('#sc-nav-toggle').getAttribute('aria-expanded') === 'true'`, 2*time.Second) {
		t.Fatal("Enter on the list's button does not open the list (aria-expanded true)")
	}
	tb.axe("phone, list of pages open")
	// Control: with the list open, the first field is below the first screen.
	if pos := eval[[]int](tb, firstField); pos[1] <= 812 {
		t.Errorf("control: with the list open the first field is still at %d-%d px; the check cannot fail", pos[0], pos[1])
	}
	// A page chosen in the list shows with the list closed and the button naming it.
	tb.do(chromedp.Click(`#sc-nav [data-goto="lamplighet"]`))
	tb.waitStep(2, true)
	if eval[bool](tb, navOpen) || eval[string](tb, `document.querySelector('#sc-nav-toggle').textContent`) != "Visa alla steg (Steg 2 av 9)" {
		t.Errorf("after choosing step 2 in the list: list open %v, button %q", eval[bool](tb, navOpen),
			eval[string](tb, `document.querySelector('#sc-nav-toggle').textContent`))
	}
	// The intro opens too, and the page's description stands for it meanwhile.
	if eval[bool](tb, `document.querySelector('#sc-intro').getClientRects().length > 0`) {
		t.Error("on a phone the intro shows at start")
	}
	tb.do(chromedp.Click(`#sc-intro-toggle`))
	if !tb.waitFor(`document.querySelector('#sc-intro').getClientRects().length > 0`, 2*time.Second) {
		t.Error("the intro's button does not open it")
	}
	tb.checkClean()
}

// TestSelfcheckPhoneWide: on a wide screen and without JavaScript the list
// of pages and the intro show in full, with no button.
func TestSelfcheckPhoneWide(t *testing.T) {
	tb := openSelfcheck(t)
	if !eval[bool](tb, navOpen) || eval[bool](tb, `document.querySelector('#sc-nav-toggle').getClientRects().length > 0`) ||
		!eval[bool](tb, `document.querySelector('#sc-intro').getClientRects().length > 0`) {
		t.Error("on a wide screen the list of pages or the intro is collapsed, or the list's button shows")
	}
	off := newTab(t, withoutJS())
	off.open(selfcheckPage)
	off.phone()
	if !eval[bool](off, navOpen) || !eval[bool](off, `document.querySelector('#sc-intro').getClientRects().length > 0`) ||
		eval[bool](off, `document.querySelector('#sc-nav-toggle').getClientRects().length + document.querySelector('#sc-intro-toggle').getClientRects().length > 0`) {
		t.Error("without JavaScript, on a phone, the list or the intro is collapsed, or a button shows that cannot work")
	}
	if eval[bool](off, `document.querySelector('[data-status-for]').getClientRects().length > 0`) {
		t.Error("without JavaScript the statuses show")
	}
}

// statuses returns each page's status as shown in the list.
func (tb *tab) statuses() map[string]string {
	return eval[map[string]string](tb, `Object.fromEntries(Array.from(document.querySelectorAll('#sc-nav [data-status-for]')).map(e => [e.dataset.statusFor, e.textContent]))`)
}

func TestSelfcheckStepStatus(t *testing.T) {
	tb := openSelfcheck(t)
	for id, s := range tb.statuses() {
		if s != "Inte påbörjad" {
			t.Errorf("with no answers, %s shows %q", id, s)
		}
	}
	tb.next()
	tb.fill([]answer{{id: "central", value: "nej"}, {id: "okanslig", value: "ja"}})
	if s := tb.statuses()["lamplighet"]; s != "Påbörjad" {
		t.Errorf("a page partly answered shows %q, want Påbörjad", s)
	}
	tb.fill([]answer{{id: "sjalvstandig", value: "ja"}, {id: "avtal", value: "ja"}, {id: "belastning", value: "nej"}, {id: "resurser", value: "ja"}})
	if s := tb.statuses()["lamplighet"]; s != "Klar" {
		t.Errorf("a page fully answered shows %q, want Klar", s)
	}
	// The checklist: every step answered, one "Ej tillämplig" without why.
	tb.do(chromedp.Click(`#sc-nav [data-goto="process"]`))
	var all []answer
	for _, id := range []string{"behovsanalys", "informationskartlaggning", "informationsklassning", "riskanalys", "kravstallning", "livscykel", "upprattaavtal"} {
		all = append(all, answer{id: id, value: "klar"})
	}
	// One step still "Pågår": an open item of the result leads to it, so the
	// checklist is not done although every step has an answer (issue 14).
	all[3].value = "pagar"
	tb.fill(all)
	if s := tb.statuses()["process"]; s != "Påbörjad" {
		t.Errorf("the checklist with a step Pågår shows %q, want Påbörjad", s)
	}
	all[3].value = "klar"
	tb.fill(all)
	if s := tb.statuses()["process"]; s != "Klar" {
		t.Fatalf("the checklist with every step done shows %q, want Klar", s)
	}
	motivate := eval[string](tb, `document.querySelector('#sc-q-riskanalys input[data-motivate]').value`)
	tb.fill([]answer{{id: "riskanalys", value: motivate}})
	if s := tb.statuses()["process"]; s != "Påbörjad" {
		t.Errorf("the checklist with a step %q and no motivation shows %q, want Påbörjad", motivate, s)
	}
	tb.fill([]answer{{id: "riskanalys", value: motivate, note: "Ingen ny risk: samma tjänst som förut."}})
	if s := tb.statuses()["process"]; s != "Klar" {
		t.Errorf("with the motivation given the checklist shows %q, want Klar", s)
	}
	tb.checkClean()
}

// showIfShown lists the "answer only if" sentences on screen.
const showIfShown = `Array.from(document.querySelectorAll('[data-show-if-hint]')).filter(e => e.getClientRects().length > 0).map(e => e.textContent)`

// TestSelfcheckWording: the list of pages numbers nothing twice, and step by
// step no "Svara bara om ..." sentence shows where the form asks or hides
// the question itself; without JavaScript (the paper) the sentences show.
func TestSelfcheckWording(t *testing.T) {
	tb := openSelfcheck(t)
	const twice = `Array.from(document.querySelectorAll('#sc-nav li')).filter(li => getComputedStyle(li).listStyleType !== 'none' && /^\s*\d+\./.test(li.textContent)).map(li => li.textContent.trim())`
	if got := eval[[]string](tb, twice); len(got) > 0 {
		t.Errorf("the list of pages numbers these twice: %q", got)
	}
	eval[bool](tb, `(() => { document.querySelector('#sc-nav-list').style.listStyle = 'decimal'; return true; })()`)
	if len(eval[[]string](tb, twice)) == 0 {
		t.Error("control: a numbered list of titles with their own numbers passes the check")
	}
	eval[bool](tb, `(() => { document.querySelector('#sc-nav-list').style.listStyle = ''; return true; })()`)
	tb.fill([]answer{{id: "4b", value: "ja"}, {id: "4c", value: "ja"}})
	for n := 1; n <= 8; n++ {
		eval[bool](tb, `(location.hash = '#steg-`+strconv.Itoa(n)+`') && true`)
		tb.waitStep(n, false)
		if got := eval[[]string](tb, showIfShown); len(got) > 0 {
			t.Errorf("step %d shows %q step by step", n, got)
		}
	}
	off := newTab(t, withoutJS())
	off.open(selfcheckPage)
	if len(eval[[]string](off, showIfShown)) == 0 {
		t.Error("control: without JavaScript no \"Svara bara om\" sentence shows; the paper needs them")
	}
	tb.checkClean()
}

// doubleColon finds "Ta reda på svaret: Fråga 2b: ..." (a sentence with a
// colon before a short form that has its own).
var doubleColon = regexp.MustCompile(`: Fråga [0-9a-z]+:`)

func TestOpenItemsOneColon(t *testing.T) {
	if !doubleColon.MatchString("Ta reda på svaret: Fråga 2b: Är det säkert?") {
		t.Fatal("control: the check misses a double colon")
	}
	for _, f := range []string{"data/selfcheck_open.json", "testdata/exampleorg/data/selfcheck_open.json"} {
		b, err := os.ReadFile(filepath.Join(env.root, f))
		if err != nil {
			t.Fatal(err)
		}
		if m := doubleColon.FindAllString(string(b), 3); len(m) > 0 {
			t.Errorf("%s: open items with two colons: %q", f, m)
		}
	}
}

// scFirstScreen is the place and height of what the first screen shows of
// the first step, by id or class: its heading, intro, first question, and
// the list of steps.
const scFirstScreen = `(() => { const out = {};
  for (const sel of ['.sc-step .sc-step-title', '.sc-step .sc-step-intro', '.sc-step .sc-q', '#sc-nav']) {
    const r = document.querySelector(sel).getBoundingClientRect();
    out[sel] = [Math.round(r.top), Math.round(r.height)];
  }
  return out; })()`

// TestSelfcheckFirstPaintAsLoading: where scripting is on, the page as
// served (data-selfcheck="nojs": the deferred script may run after the
// first paint) looks as it will once the script has made it into steps, on
// a phone and on a wide screen, so that the switch moves nothing. Seen
// before as a layout shift of 0.007 in Lighthouse on a phone: the step
// caption ("Steg 1 av 9") was inline as served and a line of its own once
// the script ran. The served state is held by blocking the page script.
func TestSelfcheckFirstPaintAsLoading(t *testing.T) {
	needPage(t, selfcheckPage)
	for _, width := range []int64{375, 1280} {
		served, ready := newTab(t, blocking("*://*:*/*/js/selfcheck.min.*")), newTab(t)
		for _, tb := range []*tab{served, ready} {
			if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: width, Height: 812, DeviceScaleFactor: 2, Mobile: width < 640,
			}); err != nil {
				t.Fatal(err)
			}
			tb.open(selfcheckPage)
		}
		if s := eval[string](served, `document.querySelector('`+scRoot+`').getAttribute('data-selfcheck')`); s != "nojs" {
			t.Fatalf("%d px: with the page script blocked the root is %q, want nojs (as served)", width, s)
		}
		needWasm(t)
		ready.startEngine()
		if !ready.waitFor(`document.querySelector('`+scReady+`')`, 20*time.Second) {
			t.Fatalf("%d px: not ready", width)
		}
		before, after := eval[map[string][]int](served, scFirstScreen), eval[map[string][]int](ready, scFirstScreen)
		for sel, b := range before {
			if a := after[sel]; !slices.Equal(a, b) {
				t.Errorf("%d px: %s at %v (top, height) as served, %v once ready: the first paint moves", width, sel, b, a)
			}
		}
	}
}
