package sitetest

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Step by step, each page of the self-check has its own address and title,
// and a move between pages is a history entry (issue 14.1).

// shownStep is the page shown, as "<1-based index>:<data-step>:<hash>:<title>".
const shownStep = `(() => {
  const list = Array.from(document.querySelectorAll('[data-step]'));
  const i = list.findIndex(s => !s.hasAttribute('data-off'));
  return (i + 1) + ':' + list[i].dataset.step + ':' + location.hash + ':' + document.title;
})()`

// waitStep waits until page n (1-based) shows with its own address and a
// title that names it, focus on its heading when focus is set.
func (tb *tab) waitStep(n int, focus bool) {
	tb.t.Helper()
	want := strconv.Itoa(n) + ":"
	cond := `(` + shownStep + `).startsWith('` + want + `') && location.hash === '#steg-` + strconv.Itoa(n) + `'` +
		` && document.title.startsWith('Steg ` + strconv.Itoa(n) + ` av ')`
	if focus {
		cond += ` && document.activeElement === document.querySelector('[data-step]:not([data-off]) h2')`
	}
	if !tb.waitFor(cond, 5*time.Second) {
		tb.t.Fatalf("want step %d shown (address #steg-%d, its title%s); got %s, focus on %s", n, n,
			map[bool]string{true: ", focus on its heading"}[focus], eval[string](tb, shownStep), tb.focused())
	}
}

func (tb *tab) next() {
	tb.t.Helper()
	tb.do(chromedp.Click(`[data-step]:not([data-off]) [data-go="next"]`))
}

func TestSelfcheckStepsAreHistory(t *testing.T) {
	tb := openSelfcheck(t)
	tb.waitStep(1, false)
	title := eval[string](tb, `document.title`)
	if !strings.HasPrefix(title, "Steg 1 av ") || !strings.Contains(title, ": ") || !strings.Contains(title, " – Självskattning") {
		t.Errorf("step 1's title %q: want \"Steg 1 av N: <heading> – Självskattning ...\"", title)
	}
	tb.next()
	tb.waitStep(2, true)
	tb.next()
	tb.waitStep(3, true)
	eval[bool](tb, `history.back() || true`)
	tb.waitStep(2, true)
	eval[bool](tb, `history.back() || true`)
	tb.waitStep(1, true)
	eval[bool](tb, `history.forward() || true`)
	tb.waitStep(2, true)

	// A reload stays on the step.
	tb.do(chromedp.Reload())
	tb.startEngine()
	tb.waitStep(2, false)

	// A link names a step: a new tab opened at #steg-4 shows step 4.
	other := newTab(t)
	other.open(selfcheckPage + "#steg-4")
	other.waitStep(4, false)
	// An address that names no step opens the first.
	third := newTab(t)
	third.open(selfcheckPage + "#steg-99")
	third.waitStep(1, false)
	third.checkClean()
	tb.checkClean()
	other.checkClean()
}

// TestSelfcheckHistoryControl: with the History API made inert, Back does
// not bring the previous step, and the test above would see it.
func TestSelfcheckHistoryControl(t *testing.T) {
	needWasm(t)
	tb := newTab(t)
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: `history.pushState = function () {};`}); err != nil {
		t.Fatal(err)
	}
	tb.open("")
	tb.open(selfcheckPage)
	tb.startEngine()
	tb.waitFor(`document.querySelector('`+scReady+`')`, 20*time.Second)
	tb.next()
	tb.next()
	if !tb.waitFor(`location.hash === '#steg-1'`, 2*time.Second) {
		t.Fatalf("control: with pushState inert the address should stay #steg-1, got %s", eval[string](tb, shownStep))
	}
	eval[bool](tb, `setTimeout(() => history.back(), 0), true`)
	time.Sleep(time.Second)
	loc, err := chromedp.Run(tb.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(loc, selfcheckPage) {
		t.Fatalf("control: Back stayed on %s without history entries: the check cannot fail", loc)
	}
}

// Ändra on the summary takes the user to the question, and the primary
// action then leads back to the summary (GOV.UK's check answers, 14.2).
func TestSelfcheckChangeReturnsToSummary(t *testing.T) {
	tb := openSelfcheck(t)
	tb.gotoSummary()
	first := eval[string](tb, `document.querySelector('[data-summary-for] [data-change]').getAttribute('data-change')`)
	eval[bool](tb, `document.querySelector('[data-summary-for] [data-change]').click() || true`)
	if !tb.waitFor(`document.querySelector('#sc-q-`+first+`').closest('[data-step]').hasAttribute('data-off') === false`, 5*time.Second) {
		t.Fatalf("Ändra did not open the page of question %s: %s", first, eval[string](tb, shownStep))
	}
	if f := tb.focused(); !strings.Contains(f, first) {
		t.Errorf("after Ändra the focus is on %s, want the answer to %s", f, first)
	}
	label := eval[string](tb, `document.querySelector('[data-step]:not([data-off]) [data-go="next"]').textContent`)
	if !strings.Contains(label, "Kontrollera dina svar") {
		t.Errorf("the primary action after Ändra says %q, want it to lead back to Kontrollera dina svar", label)
	}
	tb.next()
	if !tb.waitFor(`!document.querySelector('`+scSummaryStep+`').hasAttribute('data-off')`, 5*time.Second) {
		t.Fatalf("the primary action after Ändra did not return to the summary: %s", eval[string](tb, shownStep))
	}
	// Control: on a first pass the same button goes to the next page.
	tb.do(chromedp.Click(`#sc-nav [data-goto]`))
	tb.waitStep(1, true)
	if l := eval[string](tb, `document.querySelector('[data-step]:not([data-off]) [data-go="next"]').textContent`); l != "Fortsätt" {
		t.Errorf("on a first pass the primary action says %q, want Fortsätt", l)
	}
	tb.next()
	tb.waitStep(2, true)
	tb.axe("a step after Ändra and back")
	tb.checkClean()
}
