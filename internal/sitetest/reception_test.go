package sitetest

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// receptionPage is the IT-center's page (content/mottagning.md).
const receptionPage = "mottagning/"

// openReception opens the reception page with its module ready.
func openReception(t *testing.T) *tab {
	t.Helper()
	needWasm(t)
	needPage(t, receptionPage)
	tb := newTab(t)
	tb.open(receptionPage)
	if !tb.waitFor(`document.getElementById('mottagning').dataset.reception === 'ready'`, 20*time.Second) {
		t.Fatalf("the reception page is not ready: %s", eval[string](tb, `document.getElementById('mottagning').dataset.reception`))
	}
	return tb
}

// importFile is a file of the shared import cases.
func importFile(name string) string { return filepath.Join(env.root, "testdata", "imports", name) }

// readIn reads files in through the file input and waits for rows rows.
func (tb *tab) readIn(rows int, paths ...string) {
	tb.t.Helper()
	tb.do(chromedp.SetUploadFiles(chromedp.CSS("#rc-files"), paths))
	if !tb.waitFor(`document.querySelectorAll('#rc-rows tr').length === `+jsonNumber(rows), 10*time.Second) {
		tb.t.Fatalf("%d rows, want %d", eval[int](tb, `document.querySelectorAll('#rc-rows tr').length`), rows)
	}
}

// rowStatus returns, by file name, each row's status (data-status).
func (tb *tab) rowStatus() map[string]string {
	return eval[map[string]string](tb, `Object.fromEntries(Array.from(document.querySelectorAll('#rc-rows tr')).map(tr =>
		[tr.cells[0].textContent, tr.querySelector('[data-status]').dataset.status]))`)
}

// TestReceptionList: files read in are listed with what the checker says
// of each, sorted by any column, and the page works under its strict CSP.
func TestReceptionList(t *testing.T) {
	tb := openReception(t)
	tb.axe("reception: empty")
	tb.readIn(3, importFile("decisions.json"), importFile("tampered.json"), importFile("result-differs.json"))
	got := tb.rowStatus()
	want := map[string]string{"decisions.json": "ok", "tampered.json": "bad-fingerprint", "result-differs.json": "result-differs"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: status %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	tb.axe("reception: three files")
	// At 320 CSS px the list scrolls inside its own box, not the page.
	if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 320, Height: 640, DeviceScaleFactor: 1,
	}); err != nil {
		t.Fatal(err)
	}
	if over := tb.overflow(); len(over) > 0 {
		t.Errorf("with three files the page scrolls sideways at 320 CSS px: %s", strings.Join(over, "; "))
	}
	small := eval[[]string](tb, `Array.from(document.querySelectorAll('#mottagning button, #mottagning input')).filter(e => {
		const b = e.getBoundingClientRect(); return b.width > 0 && (b.height < 24 || b.width < 24); }).map(e => e.outerHTML.slice(0, 80))`)
	if len(small) > 0 {
		t.Errorf("controls smaller than 24 px: %v", small)
	}
	// Sort by file name, descending then ascending.
	tb.do(chromedp.Click(chromedp.CSS(`[data-sort="file"]`)))
	tb.do(chromedp.Click(chromedp.CSS(`[data-sort="file"]`)))
	first := eval[string](tb, `document.querySelector('#rc-rows tr').cells[0].textContent`)
	sort := eval[string](tb, `document.querySelector('th[data-col="file"]').getAttribute('aria-sort')`)
	if first != "tampered.json" || sort != "descending" {
		t.Errorf("sorted by file, descending: first %q, aria-sort %q", first, sort)
	}
	if text := eval[string](tb, `document.getElementById('rc-rows').textContent`); !strings.Contains(text, "Elevhälsans journal") {
		t.Errorf("the list lacks the service's name: %s", text)
	}
	// Printed, the list holds every row and none of the controls.
	pdf := squash(tb.pdfText())
	for _, want := range []string{"decisions.json", "tampered.json", "result-differs.json", tb.uiText("list_caption")} {
		if !strings.Contains(pdf, squash(want)) {
			t.Errorf("the printed list lacks %q", want)
		}
	}
	for _, not := range []string{tb.uiText("open_label"), tb.uiText("compare")} {
		if strings.Contains(pdf, squash(not)) {
			t.Errorf("the printed list shows the control %q", not)
		}
	}
	// Dropping a file on the drop zone reads it as the file input does.
	tb.run(`const dt = new DataTransfer();
		dt.items.add(new File(['{"format": "annat"}'], 'dropped.json', {type: 'application/json'}));
		document.getElementById('rc-drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}))`)
	if !tb.waitFor(`document.querySelectorAll('#rc-rows tr').length === 4`, 5*time.Second) || tb.rowStatus()["dropped.json"] != "wrong-format" {
		t.Errorf("a dropped file: %v", tb.rowStatus())
	}
	tb.checkClean()
}

// TestReceptionWithoutJS: without JavaScript the page says truthfully that
// it needs JavaScript and WebAssembly and points to cmd/selfcheck; nothing
// that cannot work shows.
func TestReceptionWithoutJS(t *testing.T) {
	needPage(t, receptionPage)
	tb := newTab(t, withoutJS())
	tb.open(receptionPage)
	msg := eval[string](tb, `document.querySelector('[data-state-msg="nojs"]').textContent`)
	if !strings.Contains(msg, "JavaScript och WebAssembly") || !strings.Contains(msg, "cmd/selfcheck") {
		t.Errorf("without JS the page says %q", msg)
	}
	if n := eval[int](tb, `Array.from(document.querySelectorAll('[data-when-ready], #rc-case')).filter(s => s.getClientRects().length > 0).length`); n != 0 {
		t.Errorf("%d sections that need the module show without JS", n)
	}
	// Control: with JS the message goes once the module is ready.
	tb2 := openReception(t)
	if eval[bool](tb2, `document.querySelector('[data-state-msg="nojs"]').getClientRects().length > 0`) {
		t.Error("with the module ready the page still says it needs JavaScript")
	}
}

// TestReceptionWasmBlocked: when the module cannot load, the page says so
// and points to cmd/selfcheck.
func TestReceptionWasmBlocked(t *testing.T) {
	needWasm(t)
	needPage(t, receptionPage)
	tb := newTab(t, blocking("*://*:*/*.wasm"))
	tb.open(receptionPage)
	if !tb.waitFor(`document.getElementById('mottagning').dataset.reception === 'failed'`, 20*time.Second) {
		t.Fatal("with the module blocked the page does not reach failed")
	}
	msg := eval[string](tb, `document.querySelector('[data-state-msg="failed"]:not([hidden])').textContent`)
	if !strings.Contains(msg, "cmd/selfcheck") {
		t.Errorf("failed state says %q", msg)
	}
	tb.axe("reception: module blocked")
}

// TestSelfcheckShowsDecisions: the self-check reads a file with a decision
// record, says how many decisions it holds and that saving there does not
// keep them, and, for a file whose answers changed after the decisions,
// that they were made on other answers.
func TestSelfcheckShowsDecisions(t *testing.T) {
	r := selfcheck(t)
	tb := openSelfcheck(t)
	for _, c := range []struct {
		file  string
		other bool
	}{{"decisions.json", false}, {"decisions-answer-changed.json", true}, {"current.json", false}} {
		tb.do(chromedp.SetUploadFiles(chromedp.CSS(scImport), []string{importFile(c.file)}))
		if !tb.waitFor(`document.getElementById('sc-announce').textContent !== ''`, 10*time.Second) {
			t.Fatalf("%s: not read in", c.file)
		}
		shown := eval[bool](tb, `!document.getElementById('sc-decisions').hidden`)
		if want := c.file != "current.json"; shown != want {
			t.Errorf("%s: the decisions notice shown %v, want %v", c.file, shown, want)
			continue
		}
		if !shown {
			continue
		}
		if n := eval[string](tb, `document.querySelector('#sc-decisions [data-decisions-n]').textContent`); n != "3" {
			t.Errorf("%s: says %q decisions, want 3", c.file, n)
		}
		other := eval[string](tb, `(() => { const p = document.querySelector('#sc-decisions [data-decisions-other]'); return p.hidden ? '' : p.textContent })()`)
		if (other != "") != c.other || c.other && norm(other) != norm(r.Messages["decided-on-other-answers"]) {
			t.Errorf("%s: on other answers says %q", c.file, other)
		}
		tb.axe("self-check: a file with decisions read in")
		tb.run(`document.getElementById('sc-announce').textContent = ''`)
	}
	tb.checkClean()
}
