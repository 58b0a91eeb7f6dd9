package sitetest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"molnkollen/internal/rules"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// answer is one answer a test gives: a value (radio value or text) and an
// optional comment or reference.
type answer struct{ id, value, note string }

// openSelfcheck opens the self-check page in a new tab and waits until the
// module is ready.
func openSelfcheck(t *testing.T, opts ...tabOption) *tab {
	t.Helper()
	needWasm(t)
	needPage(t, selfcheckPage)
	tb := newTab(t, opts...)
	tb.open(selfcheckPage)
	tb.startEngine()
	if !tb.waitFor(`document.querySelector('`+scReady+`')`, 20*time.Second) {
		t.Fatalf("the self-check did not reach data-selfcheck=\"ready\" (it is %q)",
			eval[string](tb, `document.querySelector('`+scRoot+`').getAttribute('data-selfcheck')`))
	}
	return tb
}

// startEngine does what a user's first touch of the page does: the module
// starts on the first pointer, key or focus event (assets/js/selfcheck.js).
// A synthetic event moves no focus, so keyboard tests still start at the top.
func (tb *tab) startEngine() {
	tb.t.Helper()
	eval[bool](tb, `document.dispatchEvent(new PointerEvent('pointerdown')) || true`)
}

// key presses keys (kb.Tab, kb.Enter, " ", kb.ArrowRight, ...) on whatever
// has focus.
func (tb *tab) key(keys string) {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(keys))
}

// focused describes the focused element for messages.
func (tb *tab) focused() string {
	return eval[string](tb, `(() => { const a = document.activeElement; return a ? a.outerHTML.slice(0, 100) : 'nothing'; })()`)
}

// tabTo presses Tab until the focused element matches the JavaScript
// condition on `a` (document.activeElement), as a keyboard user would. Every
// element it passes must show its focus (WCAG 2.4.7): an outline or a box
// shadow while it matches :focus-visible.
func (tb *tab) tabTo(cond, what string) {
	tb.t.Helper()
	test := `(() => { const a = document.activeElement; if (!a || a === document.body) return {Match: false, Invisible: ''};
  const cs = getComputedStyle(a);
  const visible = a.matches(':focus-visible') && ((cs.outlineStyle !== 'none' && cs.outlineWidth !== '0px') || cs.boxShadow !== 'none');
  return {Match: !!(` + cond + `), Invisible: visible ? '' : a.outerHTML.slice(0, 100)}; })()`
	for range 250 {
		r := eval[struct {
			Match     bool
			Invisible string
		}](tb, test)
		if r.Invisible != "" && !tb.invisibleFocus[r.Invisible] {
			if tb.invisibleFocus == nil {
				tb.invisibleFocus = map[string]bool{}
			}
			tb.invisibleFocus[r.Invisible] = true
			tb.t.Errorf("focus is not visible on %s", r.Invisible)
		}
		if r.Match {
			return
		}
		tb.key(kb.Tab)
	}
	tb.t.Fatalf("250 presses of Tab never reached %s (focus is on %s)", what, tb.focused())
}

// chooseByKeyboard answers a radio question with Tab, arrow keys and Space.
func (tb *tab) chooseByKeyboard(id, value string) {
	tb.t.Helper()
	tb.tabTo(`a.name === `+jsString(scAnswerName(id)), "question "+id)
	for range 8 {
		if eval[string](tb, `document.activeElement.value`) == value {
			if !eval[bool](tb, `document.activeElement.checked`) {
				tb.key(" ")
			}
			if !eval[bool](tb, `document.activeElement.checked`) {
				tb.t.Fatalf("Space did not choose %s for %s", value, id)
			}
			return
		}
		tb.key(kb.ArrowRight)
	}
	tb.t.Fatalf("the arrow keys never reached %s in question %s", value, id)
}

// typeText types into the focused field: key by key for plain ASCII, as an
// input method would for other text (å, ä, ö).
func (tb *tab) typeText(s string) {
	tb.t.Helper()
	for _, r := range s {
		if r > 0x7e || r < 0x20 {
			tb.insertText(s)
			return
		}
	}
	tb.key(s)
}

// insertText puts text into the focused field in one input event, as
// pasting does.
func (tb *tab) insertText(s string) {
	tb.t.Helper()
	if _, err := chromedp.Call(tb.ctx, input.InsertText, input.InsertTextParams{Text: s}); err != nil {
		tb.t.Fatal(err)
	}
}

// fillByKeyboard goes through every page with the keyboard only, answering
// in data order (a question with showIf appears once its condition is
// answered), opening a note with "Lägg till kommentar", and presses
// "Fortsätt" to the summary.
func (tb *tab) fillByKeyboard(r *rules.Rules, answers []answer) {
	tb.t.Helper()
	by := map[string]answer{}
	for _, a := range answers {
		if r.Question(a.id) == nil {
			tb.t.Fatalf("test case answers unknown question %q", a.id)
		}
		by[a.id] = a
	}
	pages, questions := scPages(r)
	for _, page := range pages {
		for _, q := range questions[page] {
			a, ok := by[q.ID]
			if !ok {
				continue
			}
			if a.value != "" {
				if q.Kind == rules.KindText || q.Kind == rules.KindDescription {
					tb.tabTo(`a.name === `+jsString(scAnswerName(q.ID)), "field "+q.ID)
					tb.typeText(a.value)
				} else {
					tb.chooseByKeyboard(q.ID, a.value)
				}
			}
			if a.note != "" {
				if eval[bool](tb, `!document.querySelector('`+scForm+`').elements[`+jsString(scNoteName(q.ID))+`].getClientRects().length`) {
					tb.tabTo(`a.matches(`+jsString(scNoteOpen(q.ID))+`)`, "Lägg till kommentar of "+q.ID)
					tb.key(kb.Enter)
				}
				tb.tabTo(`a.name === `+jsString(scNoteName(q.ID)), "comment of "+q.ID)
				tb.typeText(a.note)
			}
		}
		tb.tabTo(`a.matches(`+jsString(scNext(page))+`)`, "Fortsätt on page "+page)
		tb.key(kb.Enter)
		// Focus moves to the heading of the next page, so a screen reader
		// user hears where they are.
		if !eval[bool](tb, `(() => { const a = document.activeElement, st = a && a.closest('[data-step]');
  return !!st && !st.hasAttribute('data-off') && st.id !== `+jsString("sc-step-"+page)+` && /^H[1-6]$/.test(a.tagName); })()`) {
			tb.t.Errorf("after Fortsätt on page %s, focus is on %s, not on the next page's heading", page, tb.focused())
		}
	}
	if !tb.waitFor(`!document.querySelector('`+scSummaryStep+`').hasAttribute('data-off')`, 5*time.Second) {
		tb.t.Fatal("Fortsätt through every page did not reach the summary")
	}
}

// fill sets answers through the DOM (fast; for tests that are not about the
// keyboard) and fires the events a user's input fires.
func (tb *tab) fill(answers []answer) {
	tb.t.Helper()
	b, _ := json.Marshal(func() [][3]string {
		var out [][3]string
		for _, a := range answers {
			out = append(out, [3]string{a.id, a.value, a.note})
		}
		return out
	}())
	eval[chromedp.Void](tb, `(() => { const form = document.querySelector('`+scForm+`');
  for (const [id, value, note] of `+string(b)+`) {
    if (value) {
      const f = form.elements['q-' + id];
      if (f instanceof RadioNodeList) { for (const r of f) if (r.value === value) { r.checked = true; r.dispatchEvent(new Event('change', {bubbles: true})); } }
      else { f.value = value; f.dispatchEvent(new Event('input', {bubbles: true})); }
    }
    if (note) { const n = form.elements['n-' + id]; n.value = note; n.dispatchEvent(new Event('input', {bubbles: true})); }
  }
})()`)
}

// gotoSummary opens "Kontrollera dina svar" through the step list.
func (tb *tab) gotoSummary() {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.CSS(scGotoSummary)))
	if !tb.waitFor(`!document.querySelector('`+scSummaryStep+`').hasAttribute('data-off')`, 5*time.Second) {
		tb.t.Fatal("the summary step did not open")
	}
}

// scResult is what the page shows as the result.
type scResult struct {
	Outcomes    []string
	Reasons     []string
	Open        []string
	Route       []string
	Grounds     []string
	Assumptions []string
	Fingerprint string
}

func (tb *tab) result() scResult {
	tb.t.Helper()
	return eval[scResult](tb, `({Outcomes: `+scVisible("outcome")+`, Reasons: `+scVisible("reason")+`, Open: `+scVisible("open")+
		`, Route: `+scVisible("route")+`, Grounds: `+scVisible("ground")+`, Assumptions: `+scVisible("assumption")+
		`, Fingerprint: document.querySelector('`+scFingerprint+`').textContent.trim()})`)
}

// downloads makes the browser save downloads into a fresh folder and returns
// a func that waits for the next finished download and returns its path.
func (tb *tab) downloads() func() string {
	tb.t.Helper()
	dir := tb.t.TempDir()
	if _, err := chromedp.CallBrowser(tb.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true),
		BrowserContextID: chromedp.FromContext(tb.ctx).BrowserContextID, // the tab's own (tab_test.go)
	}); err != nil {
		tb.t.Fatal(err)
	}
	done := make(chan string, 4)
	var mu sync.Mutex
	names := map[string]string{}
	if err := chromedp.ListenBrowser(tb.ctx, func(ev any) {
		switch ev := ev.(type) {
		case *cdpbrowser.EventDownloadWillBegin:
			mu.Lock()
			names[ev.GUID] = ev.SuggestedFilename
			mu.Unlock()
		case *cdpbrowser.EventDownloadProgress:
			if ev.State == cdpbrowser.DownloadProgressStateCompleted {
				select {
				case done <- ev.GUID:
				default:
				}
			}
		}
	}); err != nil {
		tb.t.Fatal(err)
	}
	return func() string {
		tb.t.Helper()
		select {
		case guid := <-done:
			mu.Lock()
			name := names[guid]
			mu.Unlock()
			if !strings.HasSuffix(name, ".json") {
				tb.t.Errorf("the export is offered as %q, want a .json file name", name)
			}
			return filepath.Join(dir, guid)
		case <-time.After(10 * time.Second):
			tb.t.Fatal("no download finished within 10 s")
			return ""
		}
	}
}

// selfcheckCmd builds cmd/selfcheck once.
var selfcheckCmd = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp(filepath.Dir(env.dir), "selfcheck-") // removed with the site
	if err != nil {
		return "", err
	}
	exe := filepath.Join(dir, "selfcheck")
	cmd := exec.Command("go", "build", "-o", exe, "./cmd/selfcheck")
	cmd.Dir = env.root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/selfcheck: %v\n%s", err, out)
	}
	return exe, nil
})

// checkWithCmd runs cmd/selfcheck (built once) on an export and checks that
// the native engine agrees with what the browser shows: every outcome title,
// the fingerprint, and every reason and open item shown, sentence for
// sentence. It reads the sentences, not the layout of the report, which
// cmd/selfcheck may change.
func checkWithCmd(t *testing.T, tb *tab, file string, r *rules.Rules, shown scResult) {
	t.Helper()
	exe, err := selfcheckCmd()
	if err != nil {
		// Not a skip: the rest of the case still runs.
		if inCI() {
			t.Errorf("CI: cmd/selfcheck: %v", err)
		} else {
			t.Logf("NOT CHECKED (this FAILS in CI): cmd/selfcheck: %v", err)
		}
		return
	}
	b, err := exec.Command(exe, file).CombinedOutput()
	out := squash(norm(string(b)))
	if err != nil {
		t.Fatalf("cmd/selfcheck refused the browser's export: %v\n%s", err, b)
	}
	for _, id := range shown.Outcomes {
		if !strings.Contains(out, squash(scOutcomeTitle(r, id))) {
			t.Errorf("cmd/selfcheck does not give the outcome %q:\n%s", scOutcomeTitle(r, id), b)
		}
	}
	if !strings.Contains(out, shown.Fingerprint) {
		t.Errorf("cmd/selfcheck does not show the browser's fingerprint %s:\n%s", shown.Fingerprint, b)
	}
	for _, id := range shown.Assumptions {
		if a := r.Assumption(id); a == nil || !strings.Contains(out, squash(norm(a.Text))) {
			t.Errorf("cmd/selfcheck does not give the assumption %s shown in the browser:\n%s", id, b)
		}
	}
	for _, kind := range []string{"reason", "open", "ground"} {
		sentences := eval[[]string](tb, `Array.from(document.querySelectorAll('`+scRoot+` [data-`+kind+`]')).filter(e => !e.hidden).map(e => e.firstChild.textContent.trim())`)
		for _, s := range sentences {
			if !strings.Contains(out, squash(norm(s))) {
				t.Errorf("cmd/selfcheck does not list the %s %q shown in the browser:\n%s", kind, s, b)
			}
		}
	}
}

// squash removes all whitespace, for finding text that print may wrap.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// longDescription is a 600-character description whose last word must
// survive print (issue 7: text cut off at the right edge).
var longDescription = strings.Repeat("Användarna loggar in med kommunens konto och bokar lokaler i webbläsaren. ", 8)[:591] + " SLUTORDET"

// Realistic cases: the two-part result, described answers, notes.
var selfcheckCases = []struct {
	name        string
	answers     []answer
	outcomes    []string // one per part
	wantOpen    []string
	grounds     []string // exactly
	assumptions []string // exactly
}{
	{
		name: "central-component",
		answers: []answer{
			{id: "namn", value: "Identitetsplattform"},
			{id: "leverantor", value: "Exempel AB"},
			{id: "diarienummer", value: "KS 2026/17"},
			{id: "typ", value: "saas"},
			{id: "central", value: "ja", note: "Hanterar inloggning till alla system."},
			{id: "okanslig", value: "nej"},
			{id: "sjalvstandig", value: "nej"},
			{id: "avtal", value: "vetej", note: "Avtalet är inte klart."},
			{id: "1a", value: "ja"},
			{id: "behovsanalys", value: "klar", note: "Dnr 2024-17"},
			{id: "itchef", value: "ja"},
		},
		outcomes: []string{"lokal-drift", "inte-klart"},
		wantOpen: []string{"avtal:vetej", "3c:describe", "accepterar:unanswered"},
		grounds:  []string{"central:ja", "okanslig:nej", "sjalvstandig:nej", "avtal:unknown"},
	},
	{
		name: "standalone-may-fit",
		answers: []answer{
			{id: "namn", value: "Bokningstjänst för lokaler"},
			{id: "leverantor", value: "Lokalbokarna AB"},
			{id: "enhet", value: "Kultur- och fritidsförvaltningen"},
			{id: "diarienummer", value: "KFN 2026/123"},
			{id: "typ", value: "saas"},
			{id: "driftmodell", value: "publikt"},
			{id: "central", value: "nej"},
			{id: "okanslig", value: "ja", note: "Bara namn på lokaler och tider."},
			{id: "sjalvstandig", value: "ja"},
			{id: "avtal", value: "ja", note: "Standardavtal med krav på lagring inom EU."},
			{id: "belastning", value: "ja"},
			{id: "1a", value: "ja"}, {id: "2a", value: "ja"}, {id: "2b", value: "ja"},
			{id: "3a", value: "ja"}, {id: "3b", value: "ja"},
			{id: "3c", value: "Leverantörens support i första hand, IT-center i andra hand."},
			{id: "4a", value: longDescription},
			{id: "4b", value: "ja"}, {id: "4b-hur", value: "Inloggning med kommunens identitetstjänst (SSO)."},
			{id: "4c", value: "nej"},
			{id: "4d", value: "Export av alla bokningar som CSV varje månad."},
			{id: "behovsanalys", value: "klar"}, {id: "informationskartlaggning", value: "klar"},
			{id: "informationsklassning", value: "klar"}, {id: "riskanalys", value: "klar"},
			{id: "kravstallning", value: "klar"},
			{id: "livscykel", value: "ejtillamplig", note: "Tjänsten sparar inga handlingar som ska bevaras."},
			{id: "upprattaavtal", value: "pagar", note: "Ärende 2026/123"},
			{id: "skyddsniva", value: "ja"}, {id: "riskbedomning", value: "ja"}, {id: "juridik", value: "ja"},
			{id: "itchef", value: "ja"}, {id: "accepterar", value: "ja"},
		},
		outcomes: []string{"kan-passa", "inte-klart"},
		wantOpen: []string{"upprattaavtal:stepOpen"},
		grounds:  []string{},
	},
	{
		name: "sensitive-unclear",
		answers: []answer{
			{id: "namn", value: "Journalsystem för elevhälsan"},
			{id: "central", value: "nej"},
			{id: "okanslig", value: "nej", note: "Känsliga personuppgifter om elever."},
			{id: "sjalvstandig", value: "vetej"},
			{id: "avtal", value: "ja"},
			{id: "1a", value: "ja"},
			{id: "2a", value: "vetej", note: "Vi väntar på juristens bedömning."},
			{id: "2b", value: "vetej"},
			{id: "3a", value: "nej"},
			{id: "riskanalys", value: "ejtillamplig"},
			{id: "itchef", value: "ja"},
			{id: "accepterar", value: "nej"},
		},
		outcomes: []string{"passar-samre", "inte-klart"},
		wantOpen: []string{"okanslig:cover", "3a:concern", "sjalvstandig:vetej", "2a:vetej", "2b:vetej", "3b:unanswered", "3c:describe", "riskanalys:motivation"},
		grounds:  []string{"okanslig:nej", "sjalvstandig:unknown"},
	},
}

// TestSelfcheckCases completes realistic cases by keyboard, checks the
// two-part result, exports, clears, imports the file and sees the same
// result, checks the export with cmd/selfcheck and against the published
// JSON Schema, and reads the printout. The whole session stays in the
// origin, sets no cookie and uses sessionStorage only.
func TestSelfcheckCases(t *testing.T) {
	r := selfcheck(t)
	for _, c := range selfcheckCases {
		t.Run(c.name, func(t *testing.T) {
			tb := openSelfcheck(t)
			nextDownload := tb.downloads()
			tb.fillByKeyboard(r, c.answers)

			got := tb.result()
			if !slices.Equal(got.Outcomes, c.outcomes) {
				t.Fatalf("outcomes shown: %v, want %v; open items %v", got.Outcomes, c.outcomes, got.Open)
			}
			for _, o := range c.wantOpen {
				if !slices.Contains(got.Open, o) {
					t.Errorf("open item %s not listed; shown: %v", o, got.Open)
				}
			}
			if !strings.HasPrefix(got.Fingerprint, "sha256:") {
				t.Errorf("fingerprint shown: %q", got.Fingerprint)
			}
			for _, a := range c.answers {
				shown := eval[string](tb, `document.querySelector('`+scAnswerOf(a.id)+`').textContent`)
				if want := scLabel(r, a.id, a.value); norm(shown) != norm(want) {
					t.Errorf("summary shows %q for %s, want %q", shown, a.id, want)
				}
			}
			if c.name == "sensitive-unclear" && !slices.Contains(got.Route, "kommundirektor") {
				t.Errorf("accepterar = nej: the route %v lacks kommundirektor", got.Route)
			}
			if !slices.Equal(got.Grounds, c.grounds) {
				t.Errorf("grounds shown: %v, want %v", got.Grounds, c.grounds)
			}
			if !slices.Equal(got.Assumptions, c.assumptions) {
				t.Errorf("assumptions shown: %v, want %v", got.Assumptions, c.assumptions)
			}

			// Kept in this rules version's cache (storage_test.go), no
			// cookie, localStorage untouched.
			if k, _ := tb.kept(); len(k.Caches[eval[string](tb, scCacheJS)]) != 1 {
				t.Errorf("the answers are not kept in the cache %q: %v", eval[string](tb, scCacheJS), k.Caches)
			}
			if n := eval[int](tb, `localStorage.length`); n != 0 {
				t.Errorf("localStorage holds %d items, want none", n)
			}
			cookies, err := chromedp.Call(tb.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{env.base + selfcheckPage}})
			if err != nil {
				t.Fatal(err)
			}
			if len(cookies.Cookies) != 0 {
				t.Errorf("cookies set: %v", cookies.Cookies)
			}

			tb.checkPrint(r, c.answers, got)

			// Export by keyboard, clear with confirmation, import, same result.
			tb.tabTo(`a.matches('`+scExport+`')`, "the export button")
			tb.key(kb.Enter)
			file := nextDownload()
			checkWithCmd(t, tb, file, r, got)
			checkExport(t, r, file, c.answers)

			tb.tabTo(`a.matches('`+scClear+`')`, "the clear button")
			tb.key(kb.Enter)
			tb.tabTo(`a.matches('`+scClearYes+`')`, "the confirm button")
			tb.key(kb.Enter)
			if n := eval[int](tb, `document.querySelectorAll('`+scRoot+` input:checked').length + Array.from(document.querySelectorAll('`+scFreeText+`')).filter(e => e.value).length`); n != 0 {
				t.Errorf("after clearing, %d answers are still on screen", n)
			}
			if cleared := tb.result(); cleared.Fingerprint == got.Fingerprint {
				t.Errorf("after clearing, the result still has the fingerprint %s", got.Fingerprint)
			}

			tb.do(chromedp.SetUploadFiles(chromedp.CSS(scImport), []string{file}))
			if !tb.waitFor(`document.querySelector('`+scFingerprint+`').textContent.trim() === `+jsString(got.Fingerprint), 5*time.Second) {
				t.Fatalf("after importing the export the fingerprint is %q, want %q", tb.result().Fingerprint, got.Fingerprint)
			}
			if again := tb.result(); !equalResult(again, got) {
				t.Errorf("after export, clear and import the result is\n%+v\nwant\n%+v", again, got)
			}
			tb.checkClean()
		})
	}
}

// checkExport reads the exported file: every answer given, descriptions and
// notes whole, and it validates against the published JSON Schema.
func checkExport(t *testing.T, r *rules.Rules, file string, answers []answer) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Answers map[string]struct{ Value, Note string }
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("the export is not JSON: %v", err)
	}
	for _, a := range answers {
		if got := doc.Answers[a.id]; got.Value != a.value || got.Note != a.note {
			t.Errorf("the export holds %s = %+v, want value %q note %q", a.id, got, a.value, a.note)
		}
	}
	if err := exportSchema(t).Validate(decode(t, b)); err != nil {
		t.Errorf("the browser's export does not validate against the published schema: %v", err)
	}
}

// pdfPages prints the page on A4 with the page's own @page rules (margins,
// running header, page numbers) and returns the text of each sheet.
func (tb *tab) pdfPages() []string {
	tb.t.Helper()
	exe, err := exec.LookPath("pdftotext")
	if err != nil {
		skipOrFail(tb.t, "pdftotext is missing (apt-get install poppler-utils)")
	}
	pdf, err := chromedp.Run(tb.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		tb.t.Fatalf("printing to PDF: %v", err)
	}
	f := filepath.Join(tb.t.TempDir(), "print.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	out, err := exec.Command(exe, "-raw", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		tb.t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
	for i := range pages {
		pages[i] = norm(pages[i])
	}
	return pages
}

// checkPrint reads the printed case file (issue 7): page 1 identifies the
// case (identifying answers, date of the self-check, fingerprint); every
// sheet carries the short fingerprint and "Sida x av y"; the result with its
// citations in words, every answer and note in full, and the signature
// block; no screen instruction.
func (tb *tab) checkPrint(r *rules.Rules, answers []answer, got scResult) []string {
	t := tb.t
	t.Helper()
	pages := tb.pdfPages()
	date := eval[string](tb, `document.querySelector('`+scPrintDate+`').textContent`)
	if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(date) {
		t.Errorf("the date of the self-check is %q, want YYYY-MM-DD", date)
	}
	first := squash(pages[0])
	for _, want := range []string{date, got.Fingerprint} {
		if !strings.Contains(first, squash(want)) {
			t.Errorf("page 1 of the printout lacks %q:\n%s", want, pages[0])
		}
	}
	for _, a := range answers {
		if q := r.Question(a.id); q.Identifies && !strings.Contains(first, squash(q.Label+a.value)) {
			t.Errorf("page 1 of the printout lacks %s %q", q.Label, a.value)
		}
	}
	short := got.Fingerprint[:len("sha256:")+16]
	for i, p := range pages {
		if !strings.Contains(p, short) {
			t.Errorf("printed page %d lacks the short fingerprint %s", i+1, short)
		}
		if want := fmt.Sprintf("Sida %d av %d", i+1, len(pages)); !strings.Contains(p, want) {
			t.Errorf("printed page %d lacks %q", i+1, want)
		}
	}
	text := squash(strings.Join(pages, "\n"))
	wants := []string{"Underskrift", "Namnförtydligande", "Riktlinjen,Närpassarenmolntjänst?"}
	for _, id := range got.Outcomes {
		wants = append(wants, scOutcomeTitle(r, id))
	}
	for _, w := range wants {
		if !strings.Contains(text, squash(w)) {
			t.Errorf("the printout lacks %q", w)
		}
	}
	if strings.Contains(text, squash("Kontrollera dina svar")) {
		t.Error("the printout shows the screen heading \"Kontrollera dina svar\"")
	}
	for _, a := range answers {
		q := r.Question(a.id)
		if !strings.Contains(text, squash(norm(scShort(q)+scLabel(r, a.id, a.value)))) {
			t.Errorf("the printout lacks the answer %q to %q", scLabel(r, a.id, a.value), scShort(q))
		}
		if a.note != "" && !strings.Contains(text, squash(a.note)) {
			t.Errorf("the printout lacks the comment %q", a.note)
		}
	}
	tb.checkDecisionDocument(r, pages, got.Route)
	t.Logf("the printed case file has %d pages", len(pages))
	return pages
}

func equalResult(a, b scResult) bool {
	return slices.Equal(a.Outcomes, b.Outcomes) && slices.Equal(a.Reasons, b.Reasons) &&
		slices.Equal(a.Open, b.Open) && slices.Equal(a.Route, b.Route) && a.Fingerprint == b.Fingerprint &&
		slices.Equal(a.Grounds, b.Grounds) && slices.Equal(a.Assumptions, b.Assumptions)
}

// TestSelfcheckAxeStates: axe-core finds nothing in any state of the
// self-check: empty, partly answered, the summary with a result, print view.
func TestSelfcheckAxeStates(t *testing.T) {
	tb := openSelfcheck(t)
	tb.axe("empty")
	tb.do(chromedp.Click(chromedp.CSS(scNext("tjanst"))))
	tb.fill([]answer{{id: "central", value: "nej"}, {id: "okanslig", value: "vetej", note: "Oklart än."}})
	tb.axe("partly answered")
	tb.do(chromedp.Click(chromedp.CSS(scNoteOpen("sjalvstandig"))))
	tb.axe("comment opened")
	tb.do(chromedp.Click(chromedp.CSS(scNext("lamplighet"))), chromedp.Click(chromedp.CSS(scNext("grundfragor-1"))),
		chromedp.Click(chromedp.CSS(scNext("grundfragor-2"))), chromedp.Click(chromedp.CSS(scNext("grundfragor-3"))))
	tb.fill([]answer{{id: "4b", value: "ja"}, {id: "4b-hur", value: "Via filöverföring."}})
	tb.axe("description asked on a condition")
	tb.gotoSummary()
	tb.axe("summary with result")
	if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 320, Height: 640, DeviceScaleFactor: 1,
	}); err != nil {
		t.Fatal(err)
	}
	if over := tb.overflow(); len(over) > 0 {
		t.Errorf("the summary scrolls sideways at 320 CSS px: %s", strings.Join(over, "; "))
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	tb.axe("print view")
	tb.checkClean()
}

// TestSelfcheckFreeTextIsText: HTML and script typed into every free-text
// field show literally, on screen and in print, and create no element.
func TestSelfcheckFreeTextIsText(t *testing.T) {
	const payload = `<img src=x onerror=alert(1)> <script>alert(1)</script>`
	tb := openSelfcheck(t)
	// Ask every question that depends on another answer.
	r := selfcheck(t)
	for _, q := range r.Questions {
		if q.ShowIf != nil {
			tb.fill([]answer{{id: q.ShowIf.Question, value: q.ShowIf.Is}})
		}
	}
	fields := eval[[]string](tb, `Array.from(document.querySelectorAll('`+scFreeText+`')).map(e => e.name)`)
	if len(fields) < 10 {
		t.Fatalf("found only %d free-text fields: %v", len(fields), fields)
	}
	// Show every step, so that each field can take focus and real input.
	for _, name := range fields {
		eval[chromedp.Void](tb, `(() => { const f = document.querySelector('`+scForm+`').elements[`+jsString(name)+`];
  f.closest('[data-step]').removeAttribute('data-off'); const open = document.querySelector('[data-note-open="' + f.name.slice(2) + '"]');
  if (f.name.startsWith('n-') && open && !open.hidden) open.click(); f.focus(); })()`)
		if !eval[bool](tb, `document.activeElement === document.querySelector('`+scForm+`').elements[`+jsString(name)+`]`) {
			t.Errorf("field %s cannot take focus (focus is on %s)", name, tb.focused())
			continue
		}
		tb.insertText(payload) // like pasting
	}
	tb.gotoSummary()
	if n := eval[int](tb, `document.querySelectorAll('img[src=x]').length`); n != 0 {
		t.Errorf("%d <img src=x> elements were created from free text", n)
	}
	if n := eval[int](tb, `Array.from(document.scripts).filter(s => s.textContent.includes('alert')).length`); n != 0 {
		t.Errorf("%d <script> elements were created from free text", n)
	}
	shown := eval[[]string](tb, `Array.from(document.querySelectorAll('`+scNoteFor+`, `+scAnswerFor+`')).map(e => e.textContent).filter(s => s.includes('alert'))`)
	if len(shown) < len(fields) {
		t.Errorf("the summary shows the free text of %d fields, want %d", len(shown), len(fields))
	}
	for _, s := range shown {
		if norm(s) != payload {
			t.Errorf("the summary shows %q, want the literal %q", s, payload)
		}
	}
	text := tb.pdfText()
	if n := strings.Count(squash(text), squash(payload)); n < len(fields) {
		t.Errorf("the printout shows the literal free text %d times, want at least %d", n, len(fields))
	}
	tb.mu.Lock()
	if len(tb.dialogs) > 0 {
		t.Errorf("free text opened dialogs: %v", tb.dialogs)
	}
	tb.mu.Unlock()
	tb.checkClean()
}

// TestSelfcheckImportErrors: a broken, oversized, foreign, other-version and
// unknown-id file each shows its Swedish message and keeps the answers.
func TestSelfcheckImportErrors(t *testing.T) {
	r := selfcheck(t)
	tb := openSelfcheck(t)
	nextDownload := tb.downloads()
	tb.fill([]answer{{id: "central", value: "nej", note: "Ska behållas."}})
	tb.do(chromedp.Click(chromedp.CSS(scGotoSummary)))
	tb.do(chromedp.Click(chromedp.CSS(scExport)))
	good, err := os.ReadFile(nextDownload())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(good, &doc); err != nil {
		t.Fatalf("the export is not JSON: %v", err)
	}
	variant := func(edit func(map[string]any)) []byte {
		var m map[string]any
		json.Unmarshal(good, &m)
		edit(m)
		b, _ := json.MarshalIndent(m, "", "  ")
		return b
	}
	files := []struct {
		code string
		body []byte
	}{
		{"not-json", []byte("Det här är ingen JSON-fil.\n")},
		{"too-large", append(append([]byte{}, good[:len(good)-1]...), append([]byte(strings.Repeat(" ", r.Limits.FileBytes)), '}')...)},
		{"wrong-format", variant(func(m map[string]any) { m["format"] = "annat-format" })},
		{"wrong-version", variant(func(m map[string]any) { m["formatVersion"] = 99 })},
		{"not-json", append([]byte{0xff, 0xfe}, []byte("{}")...)},                                         // UTF-16 BOM: not UTF-8
		{"not-json", append(append([]byte{}, good[:20]...), append([]byte{0xc3, 0x28}, good[20:]...)...)}, // invalid UTF-8
		{"unknown-id", variant(func(m map[string]any) {
			m["answers"].(map[string]any)["okand-fraga"] = map[string]any{"value": "ja"}
		})},
	}
	dir := t.TempDir()
	for i, f := range files {
		name := filepath.Join(dir, fmt.Sprintf("%d-%s.json", i, f.code))
		if err := os.WriteFile(name, f.body, 0o644); err != nil {
			t.Fatal(err)
		}
		tb.do(chromedp.SetUploadFiles(chromedp.CSS(scImport), []string{name}))
		if !tb.waitFor(`!document.querySelector('`+scError+`').hidden && `+scVisibleMessage+`.length > 0`, 5*time.Second) {
			t.Errorf("%s: no error shown for the file", f.code)
			continue
		}
		shown := eval[[]string](tb, scVisibleMessage)
		if len(shown) != 1 || shown[0] != f.code {
			t.Errorf("%s: the page shows the messages %v", f.code, shown)
		}
		text := eval[string](tb, `document.querySelector('`+scError+` [data-message=`+jsString(f.code)+`]').textContent`)
		if !strings.HasPrefix(norm(text), norm(r.Messages[f.code])) {
			t.Errorf("%s: message %q, want it to start %q", f.code, norm(text), r.Messages[f.code])
		}
		if !eval[bool](tb, `document.activeElement === document.querySelector('`+scError+`')`) {
			t.Errorf("%s: focus is on %s, not on the error summary", f.code, tb.focused())
		}
		if !eval[bool](tb, `document.querySelector('`+scForm+`').elements['q-central'].value === 'nej' && document.querySelector('`+scForm+`').elements['n-central'].value === 'Ska behållas.'`) {
			t.Errorf("%s: the answers on screen were not kept", f.code)
		}
		if i == 0 {
			tb.axe("import error shown")
		}
	}
	tb.checkClean()
}

// scVisibleMessage lists the error codes whose message is shown.
const scVisibleMessage = `Array.from(document.querySelectorAll('` + scError + ` [data-message]')).filter(e => !e.hidden).map(e => e.getAttribute('data-message'))`

// TestSelfcheckStartMovesNothing: the first page looks the same before the
// module runs and once it is ready (issue 8, "no layout shift when the
// result appears"): the step counts in the HTML are the ones the script
// computes, the compact result keeps its place and height while its loading
// message gives way to the empty one, and Chromium counts no layout shift
// from navigation to ready for a reader who starts at the load event.
func TestSelfcheckStartMovesNothing(t *testing.T) {
	needWasm(t)
	needPage(t, selfcheckPage)
	tb := newTab(t)
	tb.open(selfcheckPage)
	const look = `JSON.stringify({
	  counts: Array.from(document.querySelectorAll('#sc-nav [data-status-for]')).map(e => e.getClientRects().length ? e.textContent : '(hidden)'),
	  live: (() => { const r = document.querySelector('` + scLive + `').getBoundingClientRect(); return [Math.round(r.top), Math.round(r.height)]; })(),
	  next: Math.round(document.querySelector('[data-go="next"]').getBoundingClientRect().top),
	  shown: Array.from(document.querySelectorAll('` + scLive + ` .sc-live-stack > *')).filter(e => getComputedStyle(e).visibility === 'visible' && e.getClientRects().length).map(e => e.id || e.getAttribute('data-state-msg')),
	})`
	before := eval[string](tb, look)
	if eval[string](tb, `document.querySelector('`+scRoot+`').getAttribute('data-selfcheck')`) != "loading" {
		t.Fatal("the module started before any interaction")
	}
	tb.startEngine()
	if !tb.waitFor(`document.querySelector('`+scReady+`')`, 15*time.Second) {
		t.Fatal("not ready")
	}
	after := eval[string](tb, look)
	var b, a struct {
		Counts []string
		Live   []int
		Next   int
		Shown  []string
	}
	if err := json.Unmarshal([]byte(before), &b); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(after), &a); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Counts, a.Counts) || len(b.Counts) == 0 || slices.Contains(b.Counts, "(hidden)") {
		t.Errorf("step counts before the module %q, once ready %q: want the same, all shown", b.Counts, a.Counts)
	}
	if !slices.Equal(b.Live, a.Live) || b.Next != a.Next {
		t.Errorf("the compact result moved or changed height (top, height %v -> %v) or the next button moved (%d -> %d)", b.Live, a.Live, b.Next, a.Next)
	}
	if !slices.Equal(b.Shown, []string{"loading"}) || !slices.Equal(a.Shown, []string{"sc-live-result"}) {
		t.Errorf("the compact result shows %q before the module and %q once ready, want [loading] then [sc-live-result]", b.Shown, a.Shown)
	}
	// Whether the page script marks the root before the first paint is a
	// matter of timing: in the full suite, with other tests loading the
	// machine, one load in a few showed a shift of 0.0077 that no quiet run
	// reproduces. So a second load decides, and the first's shift is logged.
	for try := 1; ; try++ {
		l, err := Measure(browser(t), env.base+selfcheckPage, scReady, nil)
		if err != nil {
			t.Fatal(err)
		}
		if l.CLS <= 0.001 {
			break
		}
		if try == 2 {
			t.Errorf("layout shift from navigation to ready: %.4f in two loads, want none", l.CLS)
			break
		}
		t.Logf("layout shift from navigation to ready: %.4f in the first load; loading again", l.CLS)
	}
}

// TestSelfcheckAnswersBeforeReady: on a slow line (1.6 Mbit/s, so the
// module takes seconds to arrive) the first page can be answered before the
// module is ready, and what was typed and chosen meanwhile stays, counts,
// is kept in the browser and reaches the evaluation once the module runs.
func TestSelfcheckAnswersBeforeReady(t *testing.T) {
	needWasm(t)
	needPage(t, selfcheckPage)
	tb := newTab(t, onSlowNetwork(SlowMobile))
	tb.open(selfcheckPage)
	tb.do(chromedp.Click(chromedp.CSS(`#q-namn`)))
	tb.typeText("Molnkalender")
	tb.do(chromedp.Click(chromedp.CSS(`#q-typ-saas`)))
	if state := eval[string](tb, `document.querySelector('`+scRoot+`').getAttribute('data-selfcheck')`); state != "loading" {
		t.Fatalf("data-selfcheck is %q right after answering on a slow line; the test needs the module still on its way", state)
	}
	count := `document.querySelector('#sc-nav [data-status-for="tjanst"]').textContent`
	if c := eval[string](tb, count); c != "Påbörjad" {
		t.Errorf("before the module, the step's status says %q, want Påbörjad", c)
	}
	if !tb.waitFor(`document.querySelector('`+scReady+`')`, 60*time.Second) {
		t.Fatal("not ready within 60 s on the slow line")
	}
	if v := eval[string](tb, `document.querySelector('#q-namn').value`); v != "Molnkalender" {
		t.Errorf("typed before the module: the name field now holds %q", v)
	}
	if !eval[bool](tb, `document.querySelector('#q-typ-saas').checked`) {
		t.Error("chosen before the module: the choice is gone")
	}
	if c := eval[string](tb, count); c != "Påbörjad" {
		t.Errorf("once ready, the step's status says %q, want Påbörjad", c)
	}
	if !eval[bool](tb, `!document.querySelector('#sc-live-parts').hidden && document.querySelector('#sc-live-parts').textContent !== ''`) {
		t.Error("once ready, the compact result does not show the evaluation of the answers given before")
	}
	if !strings.Contains(eval[string](tb, `document.querySelector('#sc-print-head, .sc-print-head') ? document.querySelector('.sc-print-head').textContent : ''`), "Molnkalender") {
		t.Error("once ready, the case file's first page does not name the service typed before the module")
	}
	_, stored := tb.kept()
	if !strings.Contains(stored, "Molnkalender") || !strings.Contains(stored, "saas") {
		t.Errorf("the answers given before the module are not kept in the browser: %q", stored)
	}
	tb.checkClean()
}

// TestSelfcheckWithoutJS: without JavaScript the page is the whole paper
// checklist and says that the automatic evaluation needs JavaScript.
func TestSelfcheckWithoutJS(t *testing.T) {
	needPage(t, selfcheckPage)
	r := selfcheck(t)
	tb := newTab(t, withoutJS())
	tb.open(selfcheckPage)
	for _, s := range r.Sections {
		for _, q := range s.Questions {
			if !eval[bool](tb, `(() => { const e = document.querySelector('`+scQuestion+`' + `+jsString(q.ID)+`); return !!e && e.getClientRects().length > 0; })()`) {
				t.Errorf("without JavaScript, question %s is not shown", q.ID)
			}
		}
	}
	msg := eval[string](tb, `(() => { const e = document.querySelector('`+fmt.Sprintf(scStateMsg, "nojs")+`'); return e && e.getClientRects().length ? e.textContent : ''; })()`)
	if !strings.Contains(msg, "JavaScript") {
		t.Errorf("without JavaScript the page does not say that the evaluation needs it (shown: %q)", msg)
	}
	text := squash(tb.pdfText())
	wants := []string{"Diarienummer", "Underskrift", "Svara bara om du svarade Ja"}
	for _, p := range r.Parts {
		for _, o := range p.Outcomes {
			wants = append(wants, o.Title) // a tick box for each
		}
	}
	for _, want := range wants {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("the paper checklist printed without JavaScript lacks %q", want)
		}
	}
}

// TestSelfcheckWasmBlocked: when the module cannot load, the page reaches
// data-selfcheck="failed", says so and keeps the checklist.
func TestSelfcheckWasmBlocked(t *testing.T) {
	needWasm(t)
	needPage(t, selfcheckPage)
	tb := newTab(t, blocking("*://*:*/*.wasm"))
	tb.open(selfcheckPage)
	tb.startEngine()
	if !tb.waitFor(`document.querySelector('`+scRoot+`[data-selfcheck="failed"]')`, 15*time.Second) {
		t.Fatalf("with the module blocked, data-selfcheck is %q, want \"failed\"",
			eval[string](tb, `document.querySelector('`+scRoot+`').getAttribute('data-selfcheck')`))
	}
	msg := eval[string](tb, `Array.from(document.querySelectorAll('`+fmt.Sprintf(scStateMsg, "failed")+`')).filter(e => e.getClientRects().length).map(e => e.textContent).join('')`)
	if msg == "" {
		t.Error("the page does not say that the evaluation could not start")
	}
	if n := eval[int](tb, `document.querySelectorAll('`+scRoot+` [data-q]').length`); n == 0 {
		t.Error("the checklist is gone")
	}
	if eval[int](tb, `Array.from(document.querySelectorAll('`+scRoot+` [data-q]')).filter(e => !e.getClientRects().length).length`) != 0 {
		t.Error("some questions are hidden although the module failed")
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, u := range tb.foreign {
		t.Errorf("request to another origin: %s", u)
	}
}

// TestSelfcheckImportOlder reads in a real file of the earlier rules
// (testdata/versions/2022-06-27.1): the answers that carried over are on
// screen, a notice lists in Swedish what must be answered again with the
// earlier answer and comment as text, and the printout carries the file's
// date, not today's.
func TestSelfcheckImportOlder(t *testing.T) {
	r := selfcheck(t)
	tb := openSelfcheck(t)
	file := filepath.Join(env.root, "testdata", "versions", "2022-06-27.1", "fristaende-kan-passa.json")
	tb.do(chromedp.SetUploadFiles(chromedp.CSS(scImport), []string{file}))
	if !tb.waitFor(`!document.querySelector('`+scReask+`').hidden`, 5*time.Second) {
		t.Fatalf("no notice after reading in a file of the earlier rules; errors shown: %v", eval[[]string](tb, scVisibleMessage))
	}
	if !eval[bool](tb, `document.activeElement === document.querySelector('`+scReask+`')`) {
		t.Errorf("focus is on %s, not on the notice", tb.focused())
	}
	links := eval[[]string](tb, `Array.from(document.querySelectorAll('`+scReaskLinks+` [data-change]')).map(a => a.getAttribute('data-change'))`)
	for _, id := range []string{"3c", "4a", "4d"} {
		if !slices.Contains(links, id) {
			t.Errorf("the notice does not ask again for %s; it lists %v", id, links)
		}
	}
	notice := norm(eval[string](tb, `document.querySelector('`+scReask+`').textContent`))
	for _, want := range []string{r.Messages["older-version"], "Leverantörens support, första linjen via IT-center.", "Export till CSV.", scShort(r.Question("4a"))} {
		if !strings.Contains(notice, norm(want)) {
			t.Errorf("the notice lacks %q:\n%s", want, notice)
		}
	}
	if got := norm(eval[string](tb, `document.querySelector('`+scAnswerOf("namn")+`').textContent`)); got != "Bokning av lokaler" {
		t.Errorf("the answer to namn did not carry over: %q", got)
	}
	tb.axe("earlier version read in")
	pages := tb.pdfPages()
	if !strings.Contains(pages[0], "2026-11-27") {
		t.Errorf("page 1 does not carry the file's date 2026-11-27:\n%s", pages[0])
	}
	// "Ändra" in the notice leads to the question.
	tb.do(chromedp.Click(chromedp.CSS(scReaskLinks + ` [data-change="4a"]`)))
	if !eval[bool](tb, `document.activeElement === document.querySelector('`+scForm+`').elements['q-4a']`) {
		t.Errorf("the notice's link does not lead to question 4a (focus on %s)", tb.focused())
	}
	tb.checkClean()
}
