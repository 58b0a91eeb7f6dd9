package engine

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"molnkollen"
	"molnkollen/internal/rules"
	"molnkollen/internal/terms"
)

// resultText is one text of the result and where it is in the data.
type resultText struct{ where, text string }

// resultTexts lists every text the result can show: the parts' titles, the
// outcomes' titles, texts and asks, the assumptions, the reasons (which are
// also the grounds' texts), the questions' short texts (in open items and
// unknown grounds), their to-do and cover texts, the open-item templates,
// the route's texts, roles and what each decides, and what each role
// records in the decision record (its title, its texts' labels, its
// options).
func resultTexts(r *rules.Rules) []resultText {
	var out []resultText
	add := func(where, s string) {
		if s != "" {
			out = append(out, resultText{where, s})
		}
	}
	for _, p := range r.Parts {
		add("part "+p.ID, p.Title)
		for _, o := range p.Outcomes {
			add("outcome "+o.ID, o.Title+" "+o.Text+" "+o.Asks)
		}
		for _, a := range p.Assumptions {
			add("assumption "+a.ID, a.Text)
		}
	}
	for _, q := range r.Questions {
		for _, x := range q.Reasons {
			add("reason "+q.ID+":"+x.Answer, x.Text)
		}
		if engineLists(r, q) {
			add("short "+q.ID, q.Short)
		}
		add("todo "+q.ID, q.Todo)
		if q.Cover != nil {
			add("cover "+q.ID, q.Cover.Todo)
		}
	}
	for k, s := range r.OpenItems {
		add("openItems "+k, strings.ReplaceAll(s, "{short}", ""))
	}
	for _, e := range r.Route {
		add("route "+e.ID, e.Text+" "+e.Role+" "+e.Decides)
	}
	if d := r.Decisions; d != nil {
		for _, x := range d.Roles {
			add("decisions "+x.Role, x.Title+" "+x.Motivation+" "+x.Conditions)
			for _, o := range x.Options {
				add("decisions "+x.Role+" "+o.ID, o.Label)
			}
		}
	}
	return out
}

// engineLists reports whether the result can name question q by its short
// text: in an open item or an unknown ground.
func engineLists(r *rules.Rules, q *rules.Question) bool {
	_, unknown := r.GroundAnswers(q.ID)
	return unknown || len(OpenKinds(r, q)) > 0
}

// siteWords reads testdata/terms/site-words.txt: the words of the result
// that the guideline does not hold, declared the site's own (one per line,
// "#" starts a comment).
func siteWords(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "terms", "site-words.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	words := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		for _, w := range strings.Fields(line) {
			if w != strings.ToLower(w) || words[w] {
				t.Errorf("site-words.txt: %q is not lower case or is listed twice", w)
			}
			words[w] = true
		}
	}
	return words
}

func guideline(t *testing.T) *terms.Vocabulary {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "source", "riktlinje-for-molntjanster.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return terms.NewVocabulary(string(b))
}

// TestResultSpeaksTheGuideline lists the key terms of every text the result
// can show and finds each in the guideline's text, or in the site's own
// words (testdata/terms/site-words.txt): no term that no passage holds. A
// word of that list that no text uses any more, or that the guideline
// holds, is an error too, so the list stays the site's own words and
// nothing else. The control reads the first rules version, whose result
// spoke of a "fördjupad" assessment to be "bedömas närmare": the check
// finds words there that are neither the guideline's nor the site's.
func TestResultSpeaksTheGuideline(t *testing.T) {
	r, v, site := load(t), guideline(t), siteWords(t)
	used := map[string]bool{}
	for _, x := range resultTexts(r) {
		for _, w := range terms.Words(x.text) {
			used[w] = true
		}
		if u := terms.Unknown(x.text, v, site); len(u) > 0 {
			t.Errorf("%s: %q are neither the guideline's words nor the site's (testdata/terms/site-words.txt): %s", x.where, u, x.text)
		}
	}
	for w := range site {
		switch {
		case !used[w]:
			t.Errorf("site-words.txt: %q is in no text of the result any more", w)
		case v.Has(w):
			t.Errorf("site-words.txt: %q is the guideline's own word", w)
		}
	}
	b, err := molnkollen.ArchivedRules("2022-06-27.1")
	if err != nil {
		t.Fatal(err)
	}
	old, err := rules.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, x := range resultTexts(old) {
		found = append(found, terms.Unknown(x.text, v, site)...)
	}
	if len(found) == 0 {
		t.Error("control: the first rules version's result gives no unknown word: the check proves nothing")
	}
	t.Logf("control: the first rules version's result has words no passage holds: %q", found)
}
