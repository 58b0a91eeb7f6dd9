package sitetest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"molnkollen/internal/record"
)

// recordAs fills and submits the form of a role on the open case.
func (tb *tab) recordAs(role, option, motivation, conditions string) {
	tb.t.Helper()
	form := `.rc-form[data-role="` + role + `"]`
	if !eval[bool](tb, `!document.querySelector('`+form+`').hidden`) {
		tb.t.Fatalf("no form shown for %s: shown %v", role, eval[[]string](tb, `Array.from(document.querySelectorAll('.rc-form:not([hidden])')).map(f => f.dataset.role)`))
	}
	before := eval[int](tb, `document.querySelectorAll('#rc-decisions li').length`)
	tb.do(chromedp.Click(chromedp.CSS(form + ` input[value="` + option + `"]`)))
	for name, value := range map[string]string{"motivation": motivation, "conditions": conditions} {
		if value != "" {
			tb.do(chromedp.SendKeys(chromedp.CSS(form+` [name="`+name+`"]`), value))
		}
	}
	tb.do(chromedp.Click(chromedp.CSS(form + ` button[type="submit"]`)))
	if !tb.waitFor(`document.querySelectorAll('#rc-decisions li').length === `+jsonNumber(before+1), 5*time.Second) {
		tb.t.Fatalf("%s: the entry is not recorded", role)
	}
}

// uiText is one of the reception page's words (its front matter), as the
// page renders it.
func (tb *tab) uiText(key string) string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector('.rc-strings [data-text="`+key+`"]').textContent`)
}

// checker runs cmd/selfcheck on a file and returns its output and exit status.
func checker(t *testing.T, file string) (string, int) {
	t.Helper()
	exe, err := selfcheckCmd()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(exe, file).CombinedOutput()
	code := 0
	if e, ok := err.(*exec.ExitError); ok {
		code = e.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

// TestReceptionWholeCase is the case: the owner fills in and saves
// the self-check; the reception page lists that file with a refused one and
// one whose stored result differs; IT-centerchef records a position with a
// condition, the business does not accept it, kommundirektören decides; the
// file is saved, read in again, printed as a decision document (each entry
// and a line to sign) and checked by cmd/selfcheck (exit 0); then one answer
// is changed in the file, and the page and the checker say the decisions
// were made on other answers (exit 1). axe-core runs on every state.
func TestReceptionWholeCase(t *testing.T) {
	r := selfcheck(t)
	owner := openSelfcheck(t)
	ownerDownload := owner.downloads()
	owner.fill([]answer{{id: "namn", value: "Bokning av lokaler"}, {id: "leverantor", value: "Lokalbokarna AB"},
		{id: "enhet", value: "Kultur- och fritidsförvaltningen"}, {id: "diarienummer", value: "KFN 2026/45"},
		{id: "central", value: "nej"}, {id: "okanslig", value: "ja"}})
	owner.gotoSummary()
	owner.do(chromedp.Click(chromedp.CSS(scExport)))
	filed := ownerDownload()

	tb := openReception(t)
	next := tb.downloads()
	tb.readIn(3, filed, importFile("tampered.json"), importFile("result-differs.json"))
	status := tb.rowStatus()
	if status[filepath.Base(filed)] != "ok" || status["tampered.json"] != "bad-fingerprint" || status["result-differs.json"] != "result-differs" {
		t.Fatalf("the list says %v", status)
	}
	row := eval[string](tb, `document.querySelector('#rc-rows tr[data-case="1"]').textContent`)
	for _, want := range []string{"Bokning av lokaler", "Lokalbokarna AB", "Kultur- och fritidsförvaltningen", "KFN 2026/45", time.Now().Format("2006-01-02")} {
		if !strings.Contains(row, want) {
			t.Errorf("the owner's row lacks %q: %s", want, row)
		}
	}
	if !strings.Contains(eval[string](tb, `document.querySelector('#rc-rows').textContent`), r.Messages["bad-fingerprint"]) {
		t.Error("the refused file's row does not say why")
	}
	tb.axe("reception: three files listed")

	tb.do(chromedp.Click(chromedp.CSS(`[data-open="1"]`)))
	tb.axe("reception: case open")
	if eval[bool](tb, `!document.querySelector('.rc-form[data-role="kommundirektor"]').hidden`) {
		t.Error("kommundirektören may record before the business has not accepted")
	}
	tb.recordAs("itcenterchef", "tillstyrker-med-villkor", "Uppfyller de fyra grundläggande frågeställningarna.", "Avtalet ska följas upp efter ett år.")
	tb.axe("reception: IT-centerchef recorded")
	tb.recordAs("verksamhet", "accepterar-inte", "Villkoret går inte att uppfylla.", "")
	tb.recordAs("kommundirektor", "foljer-itcenterchef", "Villkoret gäller.", "")
	tb.axe("reception: three decisions")

	tb.do(chromedp.Click(chromedp.CSS(`#rc-export`)))
	saved := next()
	tb.readIn(4, saved)
	if s := tb.rowStatus()[filepath.Base(saved)]; s != "ok" {
		t.Fatalf("the saved file with decisions: %q", s)
	}
	tb.do(chromedp.Click(chromedp.CSS(`[data-open="4"]`)))
	tb.run(`window.print = () => {}`)
	tb.do(chromedp.Click(chromedp.CSS(`#rc-print-doc`)))
	pdf := squash(tb.pdfText())
	d := r.Decisions
	for _, want := range []string{d.DecisionRole("itcenterchef").Title, d.DecisionRole("verksamhet").Title, d.DecisionRole("kommundirektor").Title,
		d.DecisionRole("itcenterchef").Option("tillstyrker-med-villkor").Label, "Avtalet ska följas upp efter ett år.",
		d.DecisionRole("verksamhet").Option("accepterar-inte").Label, d.DecisionRole("kommundirektor").Option("foljer-itcenterchef").Label,
		"Bokning av lokaler", "KFN 2026/45"} {
		if !strings.Contains(pdf, squash(want)) {
			t.Errorf("the printed decision document lacks %q", want)
		}
	}
	if n := strings.Count(pdf, squash(tb.uiText("doc_signature"))); n != 3 {
		t.Errorf("the decision document has %d signature lines, want 3", n)
	}
	if strings.Contains(pdf, squash(tb.uiText("list_caption"))) {
		t.Error("the decision document prints the list too")
	}
	tb.run(`delete document.getElementById('mottagning').dataset.print`)
	if out, code := checker(t, saved); code != 0 || !strings.Contains(out, r.Checker["decisionOK"]) {
		t.Errorf("cmd/selfcheck on the saved file: exit %d\n%s", code, out)
	}

	changed := changeAnswer(t, saved, "namn", "Bokning av lokaler och utrustning")
	tb.readIn(5, changed)
	if s := tb.rowStatus()[filepath.Base(changed)]; s != record.CodeOtherAnswers {
		t.Errorf("a changed answer after the decisions: status %q", s)
	}
	if !strings.Contains(eval[string](tb, `document.querySelector('#rc-rows tr[data-case="5"]').textContent`), r.Messages[record.CodeOtherAnswers]) {
		t.Error("the page does not say the decisions were made on other answers")
	}
	tb.do(chromedp.Click(chromedp.CSS(`#rc-pick-4`)), chromedp.Click(chromedp.CSS(`#rc-pick-5`)), chromedp.Click(chromedp.CSS(`#rc-compare`)))
	if !tb.waitFor(`!document.getElementById('rc-compare-out').hidden`, 5*time.Second) ||
		!strings.Contains(eval[string](tb, `document.getElementById('rc-compare-answers').textContent`), "Bokning av lokaler och utrustning") {
		t.Error("comparing the two versions does not show the changed answer")
	}
	tb.axe("reception: decisions on other answers, two compared")
	if out, code := checker(t, changed); code != 1 || !strings.Contains(out, r.Messages[record.CodeOtherAnswers]) {
		t.Errorf("cmd/selfcheck on the changed file: exit %d\n%s", code, out)
	}
	tb.checkClean()
	owner.checkClean()
}

// changeAnswer writes a copy of file with one answer changed and the
// answers' fingerprint made right again, as someone editing it would.
func changeAnswer(t *testing.T, file, id, value string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	answers := d["answers"].(map[string]any)
	answers[id] = map[string]any{"value": value}
	a := record.Answers{}
	for k, v := range answers {
		m := v.(map[string]any)
		note, _ := m["note"].(string)
		a[k] = record.Answer{Value: m["value"].(string), Note: note}
	}
	d["fingerprint"] = record.Fingerprint(a)
	out, _ := json.MarshalIndent(d, "", "  ")
	p := filepath.Join(t.TempDir(), "changed.json")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
