package sitetest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// uiText is one of the self-check's own texts as content/sjalvskattning.md
// words it (params.ui.<key>, a one-line string).
func uiText(t *testing.T, key string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.root, "content", "sjalvskattning.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s+` + regexp.QuoteMeta(key) + `:\s*"([^"]+)"\s*$`).FindSubmatch(b)
	if m == nil {
		t.Fatalf(`content/sjalvskattning.md has no ui.%s: "..." line`, key)
	}
	return string(m[1])
}

// shownJS is true when the element sel is displayed (not invisible, not
// inside a closed <details> but its summary).
func shownJS(sel string) string {
	return `(el => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible' &&
  (d => !d || d.querySelector(':scope > summary').contains(el))(el.closest('details:not([open])')))(document.querySelector(` + jsString(sel) + `))`
}

const (
	scOffer     = "#sc-resume-offer"
	scOfferYes  = "#sc-resume-yes"
	scOfferNo   = "#sc-resume-no"
	scDone      = "#sc-done"
	scResumeBox = "#sc-resume-file"
)

func (tb *tab) value(id string) string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector('`+scForm+`').elements['`+scAnswerName(id)+`'].value`)
}

// TestSelfcheckSaveSaysWhere: "Spara och fortsätt senare" on step 1 shows,
// beside the button, the file's name, where it is and how to continue
// (control: nothing shows before the click); the file read in with "Fortsätt
// med en sparad självskattning" on step 1 of a fresh tab says what it read
// (the file's name, the service, the date) under the summary's heading.
func TestSelfcheckSaveSaysWhere(t *testing.T) {
	tb := openSelfcheck(t)
	next := tb.downloads()
	tb.fill([]answer{{id: "namn", value: "Molnkalender"}, {id: "typ", value: "saas"}})
	if eval[bool](tb, shownJS(scDone)) {
		t.Fatal("control: a confirmation shows before anything was saved")
	}
	tb.do(chromedp.Click(chromedp.CSS(`#sc-step-tjanst [data-save-later]`)))
	file := next()
	if !tb.waitFor(shownJS(scDone), 5*time.Second) {
		t.Fatal("no visible confirmation after saving")
	}
	date := time.Now().Format("2006-01-02")
	name := "sjalvskattning-" + date + ".json"
	want := norm(strings.ReplaceAll(uiText(t, "export_done"), "{file}", name))
	if got := norm(eval[string](tb, `document.querySelector('`+scDone+`').textContent`)); got != want {
		t.Errorf("after saving the page says %q, want %q", got, want)
	}
	if !eval[bool](tb, `document.querySelector('`+scDone+`').previousElementSibling.contains(document.querySelector('#sc-step-tjanst [data-save-later]'))`) {
		t.Error("the confirmation is not beside the button that saved")
	}
	tb.axe("saved, with the confirmation")
	tb.checkClean()

	// Read it in on step 1 of a new tab.
	named := filepath.Join(t.TempDir(), name)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(named, b, 0o644); err != nil {
		t.Fatal(err)
	}
	tb2 := openSelfcheck(t)
	if !eval[bool](tb2, shownJS(`#sc-resume-file > summary`)) || eval[bool](tb2, shownJS(scImport)) {
		t.Fatal("step 1 does not offer \"Fortsätt med en sparad självskattning\" (closed, its file field inside)")
	}
	tb2.do(chromedp.Click(chromedp.CSS(`#sc-resume-file > summary`)))
	if !eval[bool](tb2, shownJS(scImport)) {
		t.Fatal("opening \"Fortsätt med en sparad självskattning\" shows no file field")
	}
	tb2.axe("step 1, reading a file in opened")
	tb2.do(chromedp.SetUploadFiles(chromedp.CSS(scImport), []string{named}))
	if !tb2.waitFor(shownJS(scDone), 10*time.Second) {
		t.Fatal("no visible confirmation after reading the file in")
	}
	got := norm(eval[string](tb2, `document.querySelector('`+scDone+`').textContent`))
	wantRead := norm(strings.NewReplacer("{file}", name, "{date}", date,
		"{service}", strings.ReplaceAll(uiText(t, "import_service"), "{service}", "Molnkalender")).Replace(uiText(t, "import_done")))
	if got != wantRead {
		t.Errorf("after reading the file the page says %q, want %q", got, wantRead)
	}
	if !eval[bool](tb2, `!document.querySelector('`+scSummaryStep+`').hasAttribute('data-off') && document.querySelector('`+scDone+`').previousElementSibling === document.querySelector('`+scSummaryStep+` h2')`) {
		t.Error("after reading the file the page is not on the summary with the confirmation under its heading")
	}
	if tb2.value("namn") != "Molnkalender" {
		t.Errorf("the file's service was not read in: %q", tb2.value("namn"))
	}
	tb2.axe("file read in, with the confirmation")
	tb2.checkClean()
}

// openUntil opens the self-check in tb until cond holds (another tab's lock
// goes when that tab has closed, which the browser does on its own time).
func (tb *tab) openUntil(cond string) bool {
	tb.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		tb.open(selfcheckPage)
		tb.startEngine()
		tb.waitFor(`document.querySelector('`+scReady+`')`, 20*time.Second)
		if tb.waitFor(cond, time.Second) || time.Now().After(deadline) {
			return eval[bool](tb, "!!("+cond+")")
		}
	}
}

// TestSelfcheckResumeInNewTab: a self-check left unfinished in one tab is
// offered in a new tab of the same browser once the first has closed (not
// while it is open: control), with the date; "Fortsätt" brings its answers
// and step back; "Börja om" in a later tab starts empty and removes it, so
// that the next tab offers nothing.
func TestSelfcheckResumeInNewTab(t *testing.T) {
	// The browser context the tabs share lives as long as this blank tab.
	home := newTab(t)
	a := openSelfcheck(t, sharing(home))
	const service = "Delad kalender 77"
	a.fill([]answer{{id: "namn", value: service}, {id: "typ", value: "saas"}})
	a.do(chromedp.Click(chromedp.CSS(scNext("tjanst"))))
	step := eval[string](a, `Array.from(document.querySelectorAll('[data-step]')).find(s => !s.hasAttribute('data-off')).dataset.step`)
	if !a.waitKept(service, true) {
		t.Fatal("the answers are not kept")
	}
	b := openSelfcheck(t, sharing(home))
	if b.waitFor(shownJS(scOffer), time.Second) {
		t.Error("a second tab offers the self-check the first tab has open")
	}
	b.close()
	a.close()

	c := newTab(t, sharing(home))
	if !c.openUntil(shownJS(scOffer)) {
		t.Fatal("a new tab does not offer the unfinished self-check")
	}
	date := time.Now().Format("2006-01-02")
	want := norm(strings.ReplaceAll(uiText(t, "resume_offer"), "{date}", date))
	if got := norm(eval[string](c, `document.querySelector('#sc-resume-offer-text').textContent`)); got != want {
		t.Errorf("the offer says %q, want %q", got, want)
	}
	if c.value("namn") != "" {
		t.Errorf("the answers are filled in before \"Fortsätt\": %q", c.value("namn"))
	}
	c.axe("an unfinished self-check offered")
	c.do(chromedp.Click(chromedp.CSS(scOfferYes)))
	if !c.waitFor(`document.querySelector('`+scForm+`').elements['`+scAnswerName("namn")+`'].value === `+jsString(service), 5*time.Second) {
		t.Fatalf("\"Fortsätt\" did not bring the answers back: %q", c.value("namn"))
	}
	if got := eval[string](c, `Array.from(document.querySelectorAll('[data-step]')).find(s => !s.hasAttribute('data-off')).dataset.step`); got != step {
		t.Errorf("\"Fortsätt\" shows step %q, want %q", got, step)
	}
	if eval[bool](c, shownJS(scOffer)) {
		t.Error("the offer stays after \"Fortsätt\"")
	}
	c.checkClean()
	c.close()

	d := newTab(t, sharing(home))
	if !d.openUntil(shownJS(scOffer)) {
		t.Fatal("after closing the tab that continued, a new tab does not offer it")
	}
	d.do(chromedp.Click(chromedp.CSS(scOfferNo)))
	if !d.waitKept(service, false) {
		t.Error("\"Börja om\" left the unfinished self-check in the browser")
	}
	if d.value("namn") != "" || eval[bool](d, shownJS(scOffer)) {
		t.Errorf("after \"Börja om\" the service is %q and the offer shown: %v", d.value("namn"), eval[bool](d, shownJS(scOffer)))
	}
	d.checkClean()
	d.close()
	e := newTab(t, sharing(home))
	if e.openUntil(shownJS(scOffer)) {
		t.Error("after \"Börja om\" a new tab still offers a self-check")
	}
}

// TestSelfcheckTwoTabs: two tabs open at once keep their own answers, over
// a reload of each (control: the two differ, so a shared copy would show
// the last one typed in both); a tab duplicated from one starts with its
// answers and then keeps its own.
func TestSelfcheckTwoTabs(t *testing.T) {
	a := openSelfcheck(t)
	b := openSelfcheck(t, sharing(a))
	a.fill([]answer{{id: "namn", value: "Tjänst A"}})
	b.fill([]answer{{id: "namn", value: "Tjänst B"}})
	if !a.waitKept("Tjänst B", true) {
		t.Fatal("the second tab's answers are not kept")
	}
	for _, c := range []struct {
		tb   *tab
		want string
	}{{a, "Tjänst A"}, {b, "Tjänst B"}} {
		c.tb.open(selfcheckPage)
		c.tb.waitFor(`document.querySelector('`+scForm+`').elements['`+scAnswerName("namn")+`'].value !== ''`, 5*time.Second)
		if got := c.tb.value("namn"); got != c.want {
			t.Errorf("after a reload the tab that typed %q shows %q", c.want, got)
		}
		if c.tb.waitFor(shownJS(scOffer), 500*time.Millisecond) {
			t.Error("a tab with its own self-check offers the other tab's")
		}
	}

	// A tab duplicated from a (the browser copies its sessionStorage, and so
	// its self-check id) shows a's answers and then keeps its own.
	dup := newTab(t, sharing(a))
	dup.open(selfcheckPage)
	dup.run(`sessionStorage.setItem(` + scPrefixJS + ` + 'tab', ` + jsString(eval[string](a, `sessionStorage.getItem(`+scPrefixJS+` + 'tab')`)) + `)`)
	dup.open(selfcheckPage)
	dup.startEngine()
	if !dup.waitFor(`document.querySelector('`+scForm+`').elements['`+scAnswerName("namn")+`'].value === 'Tjänst A'`, 5*time.Second) {
		t.Fatalf("a duplicated tab shows %q, want the answers of the tab it was duplicated from", dup.value("namn"))
	}
	dup.fill([]answer{{id: "namn", value: "Tjänst C"}})
	if !dup.waitKept("Tjänst C", true) {
		t.Fatal("the duplicated tab's answers are not kept")
	}
	a.open(selfcheckPage)
	a.waitFor(`document.querySelector('`+scForm+`').elements['`+scAnswerName("namn")+`'].value !== ''`, 5*time.Second)
	if got := a.value("namn"); got != "Tjänst A" {
		t.Errorf("after its duplicate changed the answers, the first tab shows %q", got)
	}
	a.checkClean()
	b.checkClean()
	dup.checkClean()
}

// TestSelfcheckStorageFails: when the browser keeps nothing (a full quota,
// storage blocked), the page says visibly that a reload loses the answers;
// without Cache Storage it keeps them for this tab and says so. Control:
// with storage working neither message shows.
func TestSelfcheckStorageFails(t *testing.T) {
	failed := norm(uiText(t, "storage_failed"))
	session := norm(uiText(t, "storage_session"))
	shown := func(tb *tab) string {
		return norm(eval[string](tb, `Array.from(document.querySelectorAll('[data-storage-msg]')).filter(el => el.getClientRects().length).map(el => el.textContent).join(' ')`))
	}
	ok := openSelfcheck(t)
	ok.fill([]answer{{id: "namn", value: "Fungerar"}})
	ok.waitKept("Fungerar", true)
	if got := shown(ok); got != "" {
		t.Errorf("control: with storage working the page says %q", got)
	}
	cases := []struct {
		name, script, want string
		typed              bool
	}{
		{"quota full", `Cache.prototype.put = function () { return Promise.reject(new DOMException('full', 'QuotaExceededError')); };`, failed, true},
		{"no Cache Storage", `Object.defineProperty(window, 'caches', {get() { return undefined; }});`, session, false},
		{"nothing allowed", `Object.defineProperty(window, 'caches', {get() { return undefined; }});
Object.defineProperty(window, 'sessionStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});`, failed, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb := openSelfcheck(t, withScript(c.script))
			tb.fill([]answer{{id: "namn", value: "Sparas inte"}})
			if !tb.waitFor(`Array.from(document.querySelectorAll('[data-storage-msg]')).some(el => el.getClientRects().length)`, 5*time.Second) {
				t.Fatal("no message about the storage")
			}
			if got := shown(tb); got != c.want {
				t.Errorf("the page says %q, want %q", got, c.want)
			}
			tb.axe("storage: " + c.name)
			if c.want == session {
				tb.open(selfcheckPage)
				tb.waitFor(`document.querySelector('`+scReady+`')`, 20*time.Second)
				if got := tb.value("namn"); got != "Sparas inte" {
					t.Errorf("kept for this tab, but after a reload the service is %q", got)
				}
			}
			tb.checkClean()
		})
	}
}
