package sitetest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// run runs JavaScript statements in the page.
func (tb *tab) run(js string) {
	tb.t.Helper()
	eval[bool](tb, "(() => { "+js+"; return true })()")
}

// scDiffers is the notice for a file whose stored result differs.
const scDiffers = "#sc-differs"

// importCase is what internal/record's table (testdata/imports/cases.json)
// says reading a file gives: the message code, the fingerprint of the
// answers then on screen, the ids to answer again, whether the stored
// result differs, what the message names, the printout's date.
type importCase struct {
	Code, Fingerprint, Names, Date string
	Reask                          []string
	Differs                        bool
}

// importShown is what the page shows after reading in a file, in the terms
// of importCase.
func (tb *tab) importShown(path string) importCase {
	tb.t.Helper()
	tb.run(`document.getElementById('sc-announce').textContent = '';
		for (const sel of ['` + scError + `', '` + scReask + `', '` + scDiffers + `']) document.querySelector(sel).hidden = true;
		document.querySelectorAll('` + scError + ` [data-message]').forEach((li) => { li.hidden = true; })`)
	tb.do(chromedp.SetUploadFiles(chromedp.CSS(scImport), []string{path}))
	done := `!document.querySelector('` + scError + `').hidden || !document.querySelector('` + scReask + `').hidden || document.getElementById('sc-announce').textContent !== ''`
	if !tb.waitFor(done, 10*time.Second) {
		tb.t.Fatalf("%s: the page shows nothing after reading the file", filepath.Base(path))
	}
	var got importCase
	if shown := eval[[]string](tb, scVisibleMessage); len(shown) > 0 {
		got.Code = strings.Join(shown, " ")
		got.Names = eval[string](tb, `document.querySelector('`+scError+` [data-message]:not([hidden])').textContent`)
		return got
	}
	if !eval[bool](tb, `document.querySelector('`+scReask+`').hidden`) {
		got.Code = "older-version"
		got.Reask = eval[[]string](tb, `Array.from(document.querySelectorAll('`+scReaskLinks+` [data-change]')).map(a => a.getAttribute('data-change'))`)
	}
	got.Differs = !eval[bool](tb, `document.querySelector('`+scDiffers+`').hidden`)
	got.Fingerprint = eval[string](tb, `document.querySelector('`+scFingerprint+`').textContent`)
	got.Date = eval[string](tb, `document.querySelector('`+scPrintDate+`').textContent`)
	return got
}

// TestSelfcheckImportCases reads in every file of testdata/imports through
// the page. internal/record's TestImportCases reads the same table in Go
// (as the page's module and as cmd/selfcheck do) and cmd/selfcheck's
// TestImportCases through the checker: the page and the checker agree on
// every case (accept, refuse, the same fingerprint, what to answer again,
// a stored result that differs, what a refused file is from).
func TestSelfcheckImportCases(t *testing.T) {
	dir := filepath.Join(env.root, "testdata", "imports")
	b, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases map[string]importCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	tb := openSelfcheck(t)
	tb.do(chromedp.Click(chromedp.CSS(scGotoSummary)))
	n := 0
	for name, want := range cases {
		got := tb.importShown(filepath.Join(dir, name))
		ok := got.Code == want.Code && strings.Contains(got.Names, want.Names)
		if got.Code == "" || got.Code == "older-version" {
			ok = ok && got.Fingerprint == want.Fingerprint && slices.Equal(got.Reask, want.Reask) &&
				got.Differs == want.Differs && got.Date == want.Date
		}
		if !ok {
			t.Errorf("%s: the page shows %+v, want %+v (as in Go)", name, got, want)
		}
		if name == "result-differs.json" {
			tb.axe("a stored result that differs")
		}
		n++
	}
	if n < 40 {
		t.Errorf("only %d cases", n)
	}
	tb.checkClean()
}

// slowFileReads makes every file read in the page take 600 ms, so that a
// test can act while an import is still reading.
const slowFileReads = `(() => {
  const orig = Blob.prototype.arrayBuffer;
  Blob.prototype.arrayBuffer = function () {
    return new Promise((resolve) => setTimeout(resolve, 600)).then(() => orig.call(this));
  };
})()`

// TestSelfcheckLastActionWins: imports and "Rensa alla svar" are served in
// order: what the user did last decides what is on screen and what the page
// says.
func TestSelfcheckLastActionWins(t *testing.T) {
	dir := filepath.Join(env.root, "testdata", "imports")
	first := filepath.Join(dir, "current.json")                                                        // namn starts "Elevhälsans journal"
	second := filepath.Join(env.root, "internal", "record", "testdata", "fristaende-kan-passa.golden") // namn "Bokning av lokaler"
	tb := openSelfcheck(t)
	tb.do(chromedp.Click(chromedp.CSS(scGotoSummary)))
	tb.run(slowFileReads)
	namn := `document.querySelector('` + scForm + `').elements['` + scAnswerName("namn") + `'].value`

	// Two files chosen back to back: the second one's answers stay.
	tb.do(chromedp.SetUploadFiles(chromedp.CSS(scImport), []string{first}))
	tb.do(chromedp.SetUploadFiles(chromedp.CSS(scImport), []string{second}))
	time.Sleep(1500 * time.Millisecond)
	if got := eval[string](tb, namn); got != "Bokning av lokaler" {
		t.Errorf("after two imports the service is %q, want the second file's", got)
	}

	// A clear while a file is still being read: the clear wins, and the
	// page says that the answers are cleared.
	tb.do(chromedp.SetUploadFiles(chromedp.CSS(scImport), []string{first}))
	tb.run(`document.getElementById('sc-clear').click(); document.getElementById('sc-clear-yes').click()`)
	time.Sleep(1500 * time.Millisecond)
	if got := eval[string](tb, namn); got != "" {
		t.Errorf("the import landed after the clear: service %q", got)
	}
	if eval[string](tb, `sessionStorage.length ? Object.keys(sessionStorage).join(' ') : ''`) != "" {
		t.Errorf("storage after the clear: %v", eval[map[string]string](tb, `Object.assign({}, sessionStorage)`))
	}
	tb.checkClean()
}
