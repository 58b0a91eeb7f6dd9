package sitetest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"molnkollen/internal/rules"
	"molnkollen/internal/terms"
)

// The printouts of issue 16: the paper checklist that identifies the case
// on every page, states the rule of every outcome and holds the decision
// document for every role; the case file's decision document, one block
// per role of the route as computed; the first-assessment figure marked as
// the site's own drawing on paper.

// paperPagesBefore is the number of pages the paper checklist printed
// before issue 16 (A4, Debian's Chromium and fonts-liberation).
const paperPagesBefore = 13

// everyPage lists what each printed page lacks of what want gives for its
// number (1-based) and the number of pages.
func everyPage(pages []string, want func(n, of int) []string) []string {
	var missing []string
	for i, p := range pages {
		for _, w := range want(i+1, len(pages)) {
			if !strings.Contains(squash(p), squash(w)) {
				missing = append(missing, fmt.Sprintf("page %d lacks %q", i+1, w))
			}
		}
	}
	return missing
}

// TestEveryPageCanFail: the per-page check finds a page without the
// identification or with a wrong page number.
func TestEveryPageCanFail(t *testing.T) {
	want := func(n, of int) []string { return []string{"Diarienummer:", fmt.Sprintf("Sida %d av %d", n, of)} }
	good := []string{"Diarienummer: ___ Sida 1 av 2", "Diarienummer: ___ Sida 2 av 2"}
	if m := everyPage(good, want); len(m) != 0 {
		t.Errorf("good pages: %v", m)
	}
	for _, bad := range [][]string{
		{"Diarienummer: ___ Sida 1 av 2", "Sida 2 av 2"},
		{"Diarienummer: ___ Sida 1 av 2", "Diarienummer: ___ Sida 1 av 2"},
	} {
		if m := everyPage(bad, want); len(m) != 1 {
			t.Errorf("%q: the check finds %v, want one page lacking", bad, m)
		}
	}
}

// paperRunning is the labels of the questions the paper checklist's running
// header asks for (content/sjalvskattning.md params.ui.paper_running), read
// from the page's first sheet, which lists every identifying question.
func paperRunning(r *rules.Rules) []string {
	return []string{r.Question("namn").Label + ":", r.Question("diarienummer").Label + ":"}
}

// TestSelfcheckPaperChecklist prints the self-check without JavaScript: every
// sheet identifies the case (lines for the service and the diarienummer in
// the running header) and says "Sida x av y"; the result to fill in states
// the rule of every outcome (the questions of its conditions) and the
// decision route: the decision document has a block for every role, each
// with what it decides, its condition and its fields, and the route's other
// entries (what the decision basis must hold); fewer sheets than before.
func TestSelfcheckPaperChecklist(t *testing.T) {
	needPage(t, selfcheckPage)
	r := selfcheck(t)
	tb := newTab(t, withoutJS())
	tb.open(selfcheckPage)
	pages := tb.pdfPages()
	for _, m := range everyPage(pages, func(n, of int) []string {
		return append(paperRunning(r), fmt.Sprintf("Sida %d av %d", n, of))
	}) {
		t.Error("paper checklist: " + m)
	}
	heading := norm(eval[string](tb, `document.querySelector('#sc-paper-h').textContent`))
	all := strings.Join(pages, "\n")
	i := strings.Index(all, heading)
	if heading == "" || i < 0 {
		t.Fatalf("the paper checklist lacks its result section %q", heading)
	}
	paper := squash(all[i:])
	var wants []string
	for _, p := range r.Parts {
		for _, o := range p.Outcomes {
			wants = append(wants, o.Title, o.Asks)
			if o.When != nil {
				for _, c := range o.When.Answers {
					wants = append(wants, r.Question(c.Question).Short)
				}
				for _, id := range o.When.Unknown {
					wants = append(wants, r.Question(id).Short)
				}
			}
		}
	}
	for _, e := range r.Route {
		if e.Role != "" {
			wants = append(wants, e.Role, e.Decides)
		} else {
			wants = append(wants, e.Text)
		}
		if e.When.Question != "" {
			wants = append(wants, r.Question(e.When.Question).Short)
		}
	}
	controlMissing := 0
	for _, w := range wants {
		if w != "" && !strings.Contains(paper, squash(norm(w))) {
			t.Errorf("the paper checklist's result section lacks %q", w)
		}
		if w != "" && !strings.Contains(squash(all[:i]), squash(norm(w))) {
			controlMissing++
		}
	}
	if controlMissing == 0 {
		t.Error("control: the questions before the result section hold every rule too: the check proves nothing")
	}
	roles, signs := 0, 0
	for _, e := range r.Route {
		if e.Role != "" {
			roles++
		}
		if e.Signs {
			signs++
		}
	}
	if n := strings.Count(paper, squash("Underskrift")); n < signs {
		t.Errorf("the paper checklist has %d signature fields, want one for each of the %d roles that sign", n, signs)
	}
	t.Logf("the paper checklist prints on %d pages (before: %d), with %d role blocks", len(pages), paperPagesBefore, roles)
	if len(pages) >= paperPagesBefore {
		t.Errorf("the paper checklist prints on %d pages, want fewer than %d", len(pages), paperPagesBefore)
	}
}

// checkDecisionDocument reads the printed case file's decision document:
// after the route, a block for each role of the route as computed (its
// title and what it decides), none for a role outside it, each with a
// signature field; page 1 has the line "Upprättad av".
func (tb *tab) checkDecisionDocument(r *rules.Rules, pages []string, route []string) {
	t := tb.t
	t.Helper()
	drafted := norm(eval[string](tb, `document.querySelector('.sc-print-fill dt').textContent`))
	if drafted == "" || !strings.Contains(squash(pages[0]), squash(drafted)) {
		t.Errorf("page 1 lacks the line %q", drafted)
	}
	intro := norm(eval[string](tb, `document.querySelector('#sc-case-h + p').textContent`))
	answers := norm(eval[string](tb, `document.querySelector('#sc-answers-h').textContent`))
	all := squash(strings.Join(pages, "\n"))
	i := strings.Index(all, squash(intro))
	j := strings.Index(all[max(i, 0):], squash(answers))
	if intro == "" || i < 0 || j < 0 {
		t.Fatalf("the printout has no decision document (%q) before the answers (%q)", intro, answers)
	}
	doc := all[i : i+j]
	signs := 0
	for _, e := range r.Route {
		if e.Role == "" {
			continue
		}
		in := strings.Contains(doc, squash(norm(e.Decides)))
		switch want := slices.Contains(route, e.ID); {
		case want && !in:
			t.Errorf("the decision document lacks the block of %s (route %v)", e.Role, route)
		case !want && in:
			t.Errorf("the decision document has a block for %s, who is not in the route %v", e.Role, route)
		}
		if slices.Contains(route, e.ID) && e.Signs {
			signs++
		}
	}
	if n := strings.Count(doc, squash("Underskrift")); n != signs {
		t.Errorf("the decision document has %d signature fields, want %d (one per role of the route that signs)", n, signs)
	}
}

// TestFigureMarkedInPrint: on the guideline and the process page the
// first-assessment figure says, on paper, that the site drew it; the
// sentence is not the guideline's. The control hides the marking and sees
// the check fail.
func TestFigureMarkedInPrint(t *testing.T) {
	src := squash(norm(sourceText(t)))
	for _, page := range []string{guidelinePage, "process/"} {
		needPage(t, page)
		tb := newTab(t)
		tb.open(page)
		marking := norm(eval[string](tb, `(document.querySelector('figure .flow-marking') || {}).textContent || ''`))
		if marking == "" {
			t.Errorf("%s: the figure has no marking", page)
			continue
		}
		if strings.Contains(src, squash(marking)) {
			t.Errorf("%s: the marking %q is the guideline's own text", page, marking)
		}
		if !strings.Contains(squash(tb.pdfText()), squash(marking)) {
			t.Errorf("%s: the printed page lacks the figure's marking %q", page, marking)
		}
		eval[bool](tb, `(() => { document.querySelector('figure .flow-marking').style.display = 'none'; return true; })()`)
		if strings.Contains(squash(tb.pdfText()), squash(marking)) {
			t.Errorf("%s: control: with the marking hidden the printout still has it: the check proves nothing", page)
		}
	}
}

// TestSelfcheckAssumption: "bara okänslig information = Ja" while the step
// Informationsklassning is not Klar shows as an assumption beside "kan
// passa", on screen and in print; once the step is Klar it is gone. The
// second state is the control.
func TestSelfcheckAssumption(t *testing.T) {
	r := selfcheck(t)
	tb := openSelfcheck(t)
	tb.fill([]answer{{id: "central", value: "nej"}, {id: "okanslig", value: "ja"}, {id: "sjalvstandig", value: "ja"},
		{id: "avtal", value: "ja"}, {id: "informationsklassning", value: "pagar"}})
	tb.gotoSummary()
	got := tb.result()
	if got.Outcomes[0] != "kan-passa" || !slices.Equal(got.Assumptions, []string{"okanslig-oklassad"}) {
		t.Fatalf("outcome %v, assumptions %v; want kan-passa with the assumption okanslig-oklassad", got.Outcomes, got.Assumptions)
	}
	text := r.Assumption("okanslig-oklassad").Text
	if !strings.Contains(squash(tb.pdfText()), squash(norm(text))) {
		t.Errorf("the printout lacks the assumption %q", text)
	}
	tb.fill([]answer{{id: "informationsklassning", value: "klar"}})
	if !tb.waitFor(`document.querySelector('[data-assumption="okanslig-oklassad"]').hidden`, 5*time.Second) {
		t.Errorf("with Informationsklassning Klar the assumption is still shown: %v", tb.result().Assumptions)
	}
	tb.checkClean()
}

// figureText is the text of the first-assessment figure on a built page:
// its caption, boxes and outcomes, without the marking and the sources
// (which name the site and the guideline's chapters).
func figureText(t *testing.T, page string) string {
	t.Helper()
	var b strings.Builder
	var collect func(n *html.Node)
	collect = func(n *html.Node) {
		if c, _ := attr(n, "class"); n.Type == html.ElementNode && (strings.Contains(c, "flow-marking") || strings.Contains(c, "flow-cite")) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			collect(c)
		}
	}
	walk(parseFile(t, filepath.Join(env.dir, page, "index.html")), func(n *html.Node) {
		if c, _ := attr(n, "class"); n.DataAtom == atom.Figure && strings.Contains(c, "flow") {
			collect(n)
		}
	})
	return b.String()
}

// TestFigureSpeaksTheGuideline: every word of the first-assessment figure
// is the guideline's, or one of the site's own words (testdata/terms:
// site-words.txt, the result's, and figure-words.txt, the figure's): no
// term that no passage holds, as in the result (internal/engine,
// TestResultSpeaksTheGuideline). The control is the figure's sentence of
// issue 16, which spoke of risks to "utredas närmare".
func TestFigureSpeaksTheGuideline(t *testing.T) {
	needSite(t)
	v := terms.NewVocabulary(sourceText(t))
	site := map[string]bool{}
	figureOnly := readWords(t, "figure-words.txt")
	for w := range readWords(t, "site-words.txt") {
		site[w] = true
	}
	for w := range figureOnly {
		site[w] = true
	}
	text := figureText(t, "process")
	if text == "" {
		t.Fatal("the process page has no first-assessment figure")
	}
	if u := terms.Unknown(text, v, site); len(u) > 0 {
		t.Errorf("the figure uses %q, neither the guideline's words nor the site's (testdata/terms)", u)
	}
	used := map[string]bool{}
	for _, w := range terms.Words(text) {
		used[w] = true
	}
	for w := range figureOnly {
		if !used[w] || v.Has(w) {
			t.Errorf("figure-words.txt: %q is not in the figure or is the guideline's own word", w)
		}
	}
	if u := terms.Unknown(figureControl, v, site); len(u) == 0 {
		t.Error("control: the figure's old sentence passes: the check proves nothing")
	}
}

// figureControl is the figure's outcome before issue 16 (content/process.md).
const figureControl = "En molntjänst passar sämre. Risker och frågor måste utredas närmare innan någon kan besluta."

// readWords reads a word list of testdata/terms (one or more words a line,
// "#" starts a comment).
func readWords(t *testing.T, name string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.root, "testdata", "terms", name))
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		line, _, _ = strings.Cut(line, "#")
		for _, w := range strings.Fields(line) {
			words[w] = true
		}
	}
	return words
}
