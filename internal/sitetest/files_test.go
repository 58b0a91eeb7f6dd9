package sitetest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// formMessages are the data's messages about the page's own answers and
// clock (data "formMessages"), which Hugo renders and no Go code reads.
func formMessages(t *testing.T) map[string]string {
	t.Helper()
	var d struct{ FormMessages map[string]string }
	b, err := os.ReadFile(filepath.Join(env.root, "data", "selfcheck.json"))
	if err == nil {
		err = json.Unmarshal(b, &d)
	}
	if err != nil || len(d.FormMessages) == 0 {
		t.Fatalf("data formMessages: %v", err)
	}
	return d.FormMessages
}

// setClock makes the page's clock show the given year (the rest of the
// date as now), as a computer whose clock is wrong would.
const setClock = `(year) => { const Real = Date; window.Date = class extends Real {
  constructor(...a) { if (a.length) { super(...a); } else { super(); this.setFullYear(year); } }
  static now() { return new window.Date().getTime(); } }; }`

// TestSelfcheckClock: with a clock after year 9999 or before year 0, "Spara
// som fil" says in Swedish what is wrong, not "Något gick fel", saves no
// file and keeps the answers; with the clock right again, it saves.
func TestSelfcheckClock(t *testing.T) {
	msgs := formMessages(t)
	tb := openSelfcheck(t)
	next := tb.downloads()
	tb.fill([]answer{{id: "central", value: "nej", note: "Ska behållas."}})
	tb.gotoSummary()
	for _, year := range []int{10000, -1} {
		tb.run(`(` + setClock + `)(` + jsonNumber(year) + `)`)
		tb.do(chromedp.Click(chromedp.CSS(scExport)))
		if !tb.waitFor(`!document.querySelector('`+scError+`').hidden`, 5*time.Second) {
			t.Fatalf("year %d: saving says nothing", year)
		}
		shown := eval[[]string](tb, scVisibleMessage)
		text := eval[string](tb, `document.querySelector('`+scError+` [data-message]:not([hidden])').textContent`)
		if len(shown) != 1 || shown[0] != "form-bad-clock" || norm(text) != norm(msgs["bad-clock"]) {
			t.Errorf("year %d: the page shows %v %q, want the bad-clock message %q", year, shown, text, msgs["bad-clock"])
		}
		if v := eval[string](tb, `document.querySelector('`+scForm+`').elements['n-central'].value`); v != "Ska behållas." {
			t.Errorf("year %d: the answers on screen changed: %q", year, v)
		}
		if year == 10000 {
			tb.axe("saving refused: the clock")
		}
	}
	// Reload waits for the new document (a reload started from a script
	// let the next evaluation reach the page while it was being replaced).
	tb.do(chromedp.Reload())
	tb.startEngine()
	if !tb.waitFor(`document.querySelector('`+scReady+`')`, 20*time.Second) {
		t.Fatal("not ready after the reload")
	}
	tb.gotoSummary()
	tb.do(chromedp.Click(chromedp.CSS(scExport)))
	if b, err := os.ReadFile(next()); err != nil || !strings.Contains(string(b), `"exportedAt": "`+time.Now().Format("2006")) {
		t.Errorf("with the clock right the page saves no file of this year: %v\n%s", err, b)
	}
	tb.checkClean()
}

func jsonNumber(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestSelfcheckAnswersTooLarge: answers larger than a file may be (a paste
// of text that JSON must escape, set here past the fields' maxlength as a
// script or a restored copy can) stop the result from following them, and
// the page says so beside the compact result, in Swedish, instead of
// silently showing the old result; saving says the same. Shorter again,
// the result follows and the message goes.
func TestSelfcheckAnswersTooLarge(t *testing.T) {
	msgs := formMessages(t)
	r := selfcheck(t)
	tb := openSelfcheck(t)
	tb.fill([]answer{{id: "central", value: "nej"}})
	before := tb.result().Fingerprint
	paste := strings.Repeat("\u0001", r.Limits.FileBytes/6+100) // "\u0001" is six bytes in JSON
	tb.run(`const n = document.querySelector('` + scForm + `').elements['n-central']; n.value = ` + jsString(paste) + `;
		n.dispatchEvent(new Event('input', {bubbles: true}))`)
	box := `document.getElementById('sc-update-error')`
	if !eval[bool](tb, `!`+box+`.hidden`) {
		t.Fatal("answers too large: the page says nothing")
	}
	if got := eval[string](tb, box+`.querySelector('[data-update-message]:not([hidden])').textContent`); norm(got) != norm(msgs["too-large"]) {
		t.Errorf("answers too large: the page says %q, want %q", got, msgs["too-large"])
	}
	if !eval[bool](tb, `(() => { const r = `+box+`.getBoundingClientRect(); return r.height > 0; })()`) {
		t.Error("the message is not on screen where the result stopped")
	}
	tb.axe("answers too large")
	tb.gotoSummary()
	tb.do(chromedp.Click(chromedp.CSS(scExport)))
	if !tb.waitFor(`!document.querySelector('`+scError+`').hidden`, 5*time.Second) ||
		!slicesEqual(eval[[]string](tb, scVisibleMessage), []string{"form-too-large"}) {
		t.Errorf("saving answers too large shows %v, want form-too-large", eval[[]string](tb, scVisibleMessage))
	}
	tb.run(`const n = document.querySelector('` + scForm + `').elements['n-central']; n.value = 'Kort.';
		n.dispatchEvent(new Event('input', {bubbles: true}))`)
	if eval[bool](tb, `!`+box+`.hidden`) || tb.result().Fingerprint == before {
		t.Error("shorter again: the message stays or the result does not follow")
	}
	tb.checkClean()
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

// TestSelfcheckAskedAsTheModuleSays: step by step a question asked on a
// condition is shown only when the module says it is asked (evaluate's
// "hidden"; the page has no copy of the rule), without the paper's "answer
// only if" sentence; what the form holds for a question no longer asked is
// kept on screen but is no answer: not in the result, the fingerprint or
// the saved file.
func TestSelfcheckAskedAsTheModuleSays(t *testing.T) {
	r := selfcheck(t)
	tb := openSelfcheck(t)
	next := tb.downloads()
	shown := func(id string) bool {
		return eval[bool](tb, `!document.querySelector('`+scQuestion+id+`').closest('[hidden], [data-off]')`)
	}
	tb.fill([]answer{{id: "4b", value: "nej"}})
	tb.run(`const step = document.querySelector('` + scQuestion + `4b').closest('[data-step]').dataset.step;
		document.querySelector('#sc-nav [data-goto="' + step + '"]').click()`)
	if shown("4b-hur") {
		t.Error("4b = nej: 4b-hur is shown")
	}
	tb.fill([]answer{{id: "4b", value: "ja"}, {id: "4b-hur", value: "Via filöverföring."}})
	if !shown("4b-hur") {
		t.Fatal("4b = ja: 4b-hur is not shown")
	}
	if eval[bool](tb, `Array.from(document.querySelectorAll('`+scQuestion+`4b-hur [data-show-if-hint]')).some(e => e.getClientRects().length)`) {
		t.Error("step by step, 4b-hur still says when to answer it")
	}
	with := tb.result().Fingerprint
	tb.fill([]answer{{id: "4b", value: "nej"}})
	if shown("4b-hur") {
		t.Error("4b = nej again: 4b-hur is shown")
	}
	if v := eval[string](tb, `document.querySelector('`+scForm+`').elements['q-4b-hur'].value`); v != "Via filöverföring." {
		t.Errorf("the form lost what was typed in 4b-hur: %q", v)
	}
	res := tb.result()
	if res.Fingerprint == with || strings.Contains(strings.Join(res.Open, " "), "4b-hur") {
		t.Errorf("4b-hur, no longer asked, still counts: %+v", res)
	}
	tb.gotoSummary()
	tb.do(chromedp.Click(chromedp.CSS(scExport)))
	b, err := os.ReadFile(next())
	if err != nil || strings.Contains(string(b), `"4b-hur"`) || !strings.Contains(string(b), `"`+res.Fingerprint+`"`) {
		t.Errorf("the saved file holds the answer to a question not asked, or another fingerprint: %v\n%s", err, b)
	}
	if r.Question("4b-hur").ShowIf == nil {
		t.Fatal("the data no longer asks 4b-hur on a condition: the test proves nothing")
	}
	tb.checkClean()
}
