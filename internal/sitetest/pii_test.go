package sitetest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// piiText is the self-check's personal-data warning as content/sjalvskattning.md
// words it (params.ui.pii).
func piiText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.root, "content", "sjalvskattning.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s+pii:\s*"([^"]+)"\s*$`).FindSubmatch(b)
	if m == nil {
		t.Fatal(`content/sjalvskattning.md has no ui.pii: "..." line`)
	}
	return string(m[1])
}

// TestSelfcheckWarnsOfPersonalData: typing a personnummer or an e-mail
// address into a free-text field (an answer and a comment) shows the
// warning in the field's own live region, #w-<name>; clearing the field
// takes it away again, and ordinary text never shows it.
func TestSelfcheckWarnsOfPersonalData(t *testing.T) {
	tb := openSelfcheck(t)
	want := norm(piiText(t))
	// One answer field and one comment field, each on its own step.
	picked := eval[[]string](tb, `['`+scAnswerName("")+`', '`+scNoteName("")+`'].map(p =>
  (Array.from(document.querySelectorAll('`+scFreeText+`')).find(f => f.name.startsWith(p)) || {}).name || '')`)
	if len(picked) != 2 || picked[0] == "" || picked[1] == "" {
		t.Fatalf("no free-text answer field and comment field to type into: %q", picked)
	}
	for _, name := range picked {
		warning := `document.getElementById(` + jsString("w-"+name) + `)`
		if live := eval[string](tb, warning+`?.getAttribute('aria-live') || ''`); live != "polite" && live != "assertive" {
			t.Errorf("#w-%s is not a live region (aria-live=%q): a screen reader would not hear the warning", name, live)
		}
		// Go to the field's step, as the step list does.
		step := eval[string](tb, `document.querySelector('`+scForm+`').elements[`+jsString(name)+`].closest('[data-step]').dataset.step`)
		tb.do(chromedp.Click(chromedp.CSS(`#sc-nav [data-goto=` + jsString(step) + `]`)))
		// A comment field waits behind its "Lägg till kommentar" button.
		if id, ok := strings.CutPrefix(name, scNoteName("")); ok {
			tb.run(`const b = document.querySelector('` + scNoteOpen(id) + `'); if (b && !b.hidden) b.click()`)
		}
		shown := func() string { return norm(eval[string](tb, warning+`?.textContent || ''`)) }
		for _, text := range []string{"19121212-1212", "121212-1212", "anna.andersson@exempel.se"} {
			eval[bool](tb, `(() => { const f = document.querySelector('`+scForm+`').elements[`+jsString(name)+`]; f.focus(); return document.activeElement === f; })()`)
			tb.typeText("Avtal 2024-15, ")
			if got := shown(); got != "" {
				t.Errorf("%s: ordinary text shows a warning: %q", name, got)
			}
			tb.typeText(text)
			if !tb.waitFor(warning+`.textContent.trim() !== ''`, 2*time.Second) || shown() != want {
				t.Errorf("%s: after typing %q, #w-%s says %q, want %q", name, text, name, shown(), want)
			}
			n := eval[int](tb, `document.activeElement.value.length`)
			tb.key(strings.Repeat(kb.Backspace, n))
			if v := eval[string](tb, `document.activeElement.value`); v != "" {
				t.Fatalf("%s: the field still holds %q after Backspace", name, v)
			}
			if !tb.waitFor(warning+`.textContent.trim() === ''`, 2*time.Second) {
				t.Errorf("%s: the warning %q stays after the field was cleared", name, shown())
			}
		}
	}
	tb.checkClean()
}
