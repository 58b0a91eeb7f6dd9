package sitetest

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// paperJS describes how the page shows: the question pages displayed, the
// summary displayed, the questions asked on a condition displayed, and the
// state message shown.
const paperJS = `(() => {
  const shown = (el) => el.getClientRects().length > 0;
  const steps = Array.from(document.querySelectorAll('[data-step]'));
  return {
    pages: steps.filter(s => s.dataset.step !== 'summary' && shown(s)).length,
    of: steps.length - 1,
    summary: shown(document.querySelector('[data-step="summary"]')),
    conditional: Array.from(document.querySelectorAll('[data-show-if]')).filter(shown).length,
    conditionals: document.querySelectorAll('[data-show-if]').length,
    jsOnly: Array.from(document.querySelectorAll('[data-js-only], [data-js-ready], #sc-live')).filter(shown).length,
    message: Array.from(document.querySelectorAll('.sc-state-msg')).filter(shown).map(el => el.textContent.trim()).join(' '),
  };
})()`

type paperView struct {
	Pages, Of, Conditional, Conditionals, JSOnly int
	Summary                                      bool
	Message                                      string
}

// checkPaper fails the test unless tb shows the whole paper checklist and
// only the message want.
func checkPaper(t *testing.T, tb *tab, what, want string) {
	t.Helper()
	v := eval[paperView](tb, paperJS)
	if v.Pages != v.Of || v.Summary || v.Conditional != v.Conditionals || v.JSOnly != 0 {
		t.Errorf("%s: not the paper checklist: %d of %d question pages shown, summary %v, %d of %d conditional questions, %d script-only parts shown",
			what, v.Pages, v.Of, v.Summary, v.Conditional, v.Conditionals, v.JSOnly)
	}
	if norm(v.Message) != norm(want) {
		t.Errorf("%s: the page says %q, want %q", what, v.Message, want)
	}
}

// answeredOnStep3 opens the self-check, answers and goes to step 3: a state
// in which pages, questions and notes are hidden by the script.
func answeredOnStep3(t *testing.T) *tab {
	tb := openSelfcheck(t)
	tb.fill([]answer{{id: "namn", value: "Kopierad tjänst"}, {id: "typ", value: "saas"}})
	tb.do(chromedp.Click(chromedp.CSS(scNext("tjanst"))))
	tb.do(chromedp.Click(chromedp.CSS(`[data-step]:not([data-off]) [data-go="next"]`)))
	// Control: the live page is not the paper checklist, so checkPaper can fail.
	if v := eval[paperView](tb, paperJS); v.Pages != 1 || v.Conditional == v.Conditionals {
		t.Fatalf("control: the live page shows %d question pages and %d of %d conditional questions", v.Pages, v.Conditional, v.Conditionals)
	}
	return tb
}

// TestSelfcheckSavedCopy: a copy of the page falls back to the paper
// checklist with a true message (content ui.copy or, where no script runs,
// ui.nojs): the DOM as the script left it, served again ("Webpage,
// complete": the script finds a state other than nojs); the same opened from
// a file with its scripts reachable (file:); an MHTML snapshot (no script
// runs: CSS alone); and the built page opened from a file (its scripts'
// paths lead nowhere there).
func TestSelfcheckSavedCopy(t *testing.T) {
	live := answeredOnStep3(t)
	html := "<!DOCTYPE html>\n" + eval[string](live, `document.documentElement.outerHTML`)
	mhtml, err := chromedp.Call(live.ctx, page.CaptureSnapshot, page.CaptureSnapshotParams{Format: page.CaptureSnapshotFormatMhtml})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()

	t.Run("saved DOM served", func(t *testing.T) {
		file := filepath.Join(env.dir, "sjalvskattning", "sparad-kopia.html")
		if err := os.WriteFile(file, []byte(html), 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(file)
		tb := newTab(t)
		tb.open(selfcheckPage + "sparad-kopia.html")
		if !tb.waitFor(`document.querySelector('`+scRoot+`').getAttribute('data-selfcheck') === 'copy'`, 10*time.Second) {
			t.Fatalf("the saved copy's state is %q", eval[string](tb, `document.querySelector('`+scRoot+`').getAttribute('data-selfcheck')`))
		}
		checkPaper(t, tb, "saved DOM served", uiText(t, "copy"))
		tb.axe("a saved copy")
	})

	t.Run("saved DOM from a file", func(t *testing.T) {
		// Its scripts and stylesheet beside the file, as a browser's
		// "Webpage, complete" keeps them, without integrity (which a file:
		// page cannot check).
		copyHTML := regexpAsset.ReplaceAllStringFunc(html, func(m string) string {
			sub := regexpAsset.FindStringSubmatch(m)
			b, err := os.ReadFile(filepath.Join(env.dir, strings.TrimPrefix(sub[2], sitePrefix)))
			if err != nil {
				t.Fatalf("the copy's %s: %v", sub[2], err)
			}
			if err := os.WriteFile(filepath.Join(dir, filepath.Base(sub[2])), b, 0o644); err != nil {
				t.Fatal(err)
			}
			return sub[1] + `="` + filepath.Base(sub[2]) + `"`
		})
		copyHTML = regexpIntegrity.ReplaceAllString(copyHTML, "")
		file := filepath.Join(dir, "kopia.html")
		if err := os.WriteFile(file, []byte(copyHTML), 0o644); err != nil {
			t.Fatal(err)
		}
		tb := newTab(t)
		tb.do(chromedp.Navigate("file://" + file))
		if !tb.waitFor(`document.querySelector('`+scRoot+`').getAttribute('data-selfcheck') === 'copy'`, 10*time.Second) {
			t.Fatalf("the copy from a file: state %q", eval[string](tb, `document.querySelector('`+scRoot+`').getAttribute('data-selfcheck')`))
		}
		checkPaper(t, tb, "saved DOM from a file", uiText(t, "copy"))
		tb.axe("a copy opened from a file")
	})

	t.Run("MHTML", func(t *testing.T) {
		file := filepath.Join(dir, "kopia.mhtml")
		if err := os.WriteFile(file, []byte(mhtml.Data), 0o644); err != nil {
			t.Fatal(err)
		}
		tb := newTab(t)
		tb.do(chromedp.Navigate("file://" + file))
		checkPaper(t, tb, "MHTML", uiText(t, "nojs"))
		// No axe here: an MHTML document runs no script, axe-core's included
		// (its run never settles); the same DOM served is checked above.
	})

	t.Run("built page from a file", func(t *testing.T) {
		tb := newTab(t)
		tb.do(chromedp.Navigate("file://" + filepath.Join(env.dir, "sjalvskattning", "index.html")))
		checkPaper(t, tb, "built page from a file", uiText(t, "nojs"))
	})
}

// TestSelfcheckProfileKeepsNothing: in a real Chromium profile, a
// description typed into a textarea is, after "Rensa alla svar" and closing
// the browser, in none of the profile's files (UTF-8 or UTF-16). Controls:
// without "Rensa alla svar" the text is found (in Cache Storage only), so
// the search can see it; with autocomplete="off" taken off the fields, it is
// found in session restore's files too.
func TestSelfcheckProfileKeepsNothing(t *testing.T) {
	needWasm(t)
	needPage(t, selfcheckPage)
	browser(t) // skips or fails as the other browser tests do without Chromium
	// Without the clear, the text is kept on purpose (Cache Storage), and
	// only there: autocomplete="off" keeps it out of session restore.
	outside := func(found []string) (out []string) {
		for _, f := range found {
			if !strings.Contains(filepath.ToSlash(f), "/CacheStorage/") {
				out = append(out, f)
			}
		}
		return out
	}
	typed := func(clear, autocomplete bool) []string {
		token := "Profiltest" + time.Now().Format("150405.000000")
		return typeInProfile(t, t.TempDir(), token, clear, autocomplete)
	}
	kept := typed(false, true)
	if len(kept) == 0 {
		t.Error("control: without the clear the typed text is in no file of the profile: the search sees nothing")
	} else if o := outside(kept); len(o) > 0 {
		t.Errorf("without the clear the typed text is, besides Cache Storage, in %v", o)
	}
	if o := outside(typed(false, false)); len(o) == 0 {
		t.Error("control: with autocomplete=\"off\" taken off, the text is in no session file either: the check of autocomplete proves nothing")
	} else {
		t.Logf("control: without autocomplete=\"off\" the text is in %v", o)
	}
	if found := typed(true, true); len(found) > 0 {
		t.Errorf("after \"Rensa alla svar\" and closing the browser, the typed text is in %v", found)
	}
}

// typeInProfile starts Chromium on the profile folder, types token into the
// first description field (with autocomplete="off" taken off every field
// unless autocomplete), clears all answers if clear, closes the browser and
// returns the profile's files that hold token.
func typeInProfile(t *testing.T, profile, token string, clear, autocomplete bool) []string {
	t.Helper()
	bctx, cancel, err := NewBrowserIn(context.Background(), env.cert, profile)
	if err != nil {
		skipOrFail(t, "no Chromium: %v", err)
	}
	ctx, cancelTab := chromedp.NewContext(bctx)
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	tb := &tab{t: t, ctx: ctx, close: func() { cancelT(); cancelTab() }}
	tb.open(selfcheckPage)
	tb.startEngine()
	if !tb.waitFor(`document.querySelector('`+scReady+`')`, 20*time.Second) {
		t.Fatal("not ready")
	}
	if !autocomplete {
		tb.run(`document.querySelectorAll('[autocomplete]').forEach(el => el.removeAttribute('autocomplete'))`)
	}
	field := eval[string](tb, `document.querySelector('`+scForm+` textarea[name^="q-"]').name`)
	step := eval[string](tb, `document.querySelector('`+scForm+`').elements[`+jsString(field)+`].closest('[data-step]').dataset.step`)
	tb.do(chromedp.Click(chromedp.CSS(`#sc-nav [data-goto=` + jsString(step) + `]`)))
	tb.do(chromedp.Click(chromedp.CSS(`[name=` + jsString(field) + `]`)))
	tb.typeText(token)
	if !tb.waitKept(token, true) {
		t.Fatal("the typed text is not kept")
	}
	if clear {
		tb.clearAll()
		if !tb.waitKept(token, false) {
			t.Fatal("the clear left the text in the browser's storage")
		}
	}
	// Leave the page, so that its history entry keeps its form state (what
	// session restore writes), then close the browser, which writes what
	// it keeps.
	tb.open("riktlinje/")
	time.Sleep(time.Second) // session restore writes on a timer; not a timing check
	tb.close()
	cancel()
	var found []string
	utf16le := func(s string) []byte {
		var b []byte
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	filepath.WalkDir(profile, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err == nil && (bytes.Contains(b, []byte(token)) || bytes.Contains(b, utf16le(token))) {
			rel, _ := filepath.Rel(profile, path)
			found = append(found, rel)
		}
		return nil
	})
	return found
}

// regexpAsset matches a script's or stylesheet's address on the site.
var regexpAsset = regexp.MustCompile(`(src|href)="(/[^"]*\.(?:js|css))"`)

// regexpIntegrity matches an integrity attribute.
var regexpIntegrity = regexp.MustCompile(`\s+integrity="[^"]*"`)
