package sitetest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"molnkollen/internal/rules"
	"molnkollen/internal/sitebuild"
)

// exampleData reads the example organisation's own self-check data.
func exampleData(t *testing.T) *rules.Rules {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.root, "testdata", "exampleorg", "data", "selfcheck.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := rules.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// exampleModuleOnce builds the example organisation's module from its data
// into testdata/exampleorg/assets/wasm/ (ignored by git), once.
var exampleModuleOnce = sync.OnceValues(func() (string, error) {
	var out bytes.Buffer
	err := sitebuild.Wasm(context.Background(), sitebuild.Options{Root: env.root,
		Site: filepath.Join(env.root, "testdata", "exampleorg"), Stdout: &out, Stderr: &out})
	return out.String(), err
})

func exampleModule(t *testing.T) {
	t.Helper()
	if log, err := exampleModuleOnce(); err != nil {
		t.Fatalf("building the example organisation's module: %v\n%s", err, log)
	}
}

// exampleSelfcheck checks the example organisation's built self-check
// (dest): it speaks of its own guideline's date, rules version, roles and
// questions, its module holds its own rules and none of the project's, and
// nothing of the project's own self-check data shows (the route's roles,
// the guideline's date, what only its questions say).
func exampleSelfcheck(t *testing.T, dest string) {
	t.Helper()
	ex, ours := exampleData(t), selfcheck(t)
	text := allText(parseFile(t, filepath.Join(dest, "sjalvskattning", "index.html")))
	for _, want := range []string{ex.Guideline.ValidFrom, ex.RulesVersion, ex.Route[1].Text, ex.Question("itchef").Label} {
		if !strings.Contains(text, norm(want)) {
			t.Errorf("the example's self-check page lacks its own %q", want)
		}
	}
	for _, e := range ours.Route {
		if strings.Contains(text, norm(e.Text)) {
			t.Errorf("the example's self-check page shows the project's route entry %q", e.Text)
		}
	}
	for _, not := range []string{ours.Guideline.ValidFrom, ours.RulesVersion, ours.Question("itchef").Label} {
		if strings.Contains(text, norm(not)) {
			t.Errorf("the example's self-check page shows the project's %q", not)
		}
	}
	wasm, err := filepath.Glob(filepath.Join(dest, "wasm", "molnkollen.*.wasm"))
	if err != nil || len(wasm) != 1 {
		t.Fatalf("the example's module: %v %v", wasm, err)
	}
	mod, err := os.ReadFile(wasm[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(mod, []byte(ex.Route[2].Text)) || bytes.Contains(mod, []byte(ours.Route[2].Text)) {
		t.Errorf("the example's module does not hold its own rules (route %q), or holds the project's (%q)", ex.Route[2].Text, ours.Route[2].Text)
	}
}

// allText is every text of the page, hidden or not (the result's sentences
// wait hidden for the module), and the values of its data attributes.
func allText(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "data-") {
				b.WriteString(a.Val + " ")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return norm(b.String())
}

// TestOrganisationMustMatch: a site whose hugo.toml names another
// organisation than its self-check data fails to build, so a file can never
// name another organisation than the site it was saved on. The same site
// builds cleanly in TestExampleOrganisation.
func TestOrganisationMustMatch(t *testing.T) {
	exampleBuildFails(t, "otherorg.toml", "names the organisation")
}
