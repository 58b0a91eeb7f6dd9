package shipped

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"molnkollen"
	"molnkollen/internal/rules"
	"molnkollen/internal/rulesgen"
)

// TestGeneratedRulesAreCurrent: the rules compiled into the wasm module are
// exactly what rules.Parse reads from data/selfcheck.json.
func TestGeneratedRulesAreCurrent(t *testing.T) {
	want, err := rules.Parse(molnkollen.SelfcheckJSON)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(Rules(), want) {
		t.Fatal("internal/shipped/rules_gen.go is out of date with data/selfcheck.json: run go generate ./internal/shipped (every site build does it)")
	}
	if Rules().Question("4b-hur") == nil || Rules().Question("4b-hur").ShowIf.Question != "4b" {
		t.Error("the generated rules are not indexed")
	}
}

// TestArchivedRulesAreCurrent: every earlier version "previous" lists is
// in the module, exactly as rules.Parse reads it from data/versions/ (what
// cmd/selfcheck checks old files with), and indexed.
func TestArchivedRulesAreCurrent(t *testing.T) {
	if len(archived) != len(Rules().Previous) {
		t.Fatalf("%d archived versions in the module, %d in previous", len(archived), len(Rules().Previous))
	}
	for _, p := range Rules().Previous {
		b, err := molnkollen.ArchivedRules(p.RulesVersion)
		if err != nil {
			t.Fatal(err)
		}
		want, err := rules.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Archived(p.RulesVersion)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("the archived rules %s in the module differ from data/versions/ (%v): run go generate ./internal/shipped", p.RulesVersion, err)
		}
		if len(got.Questions) > 0 && got.Question(got.Questions[0].ID) == nil {
			t.Errorf("the archived rules %s are not indexed", p.RulesVersion)
		}
	}
	if _, err := Archived(Rules().RulesVersion); err == nil {
		t.Error("today's rules version is reported as archived")
	}
}

// sites are the site folders whose generated files are committed: the
// project's and the example organisation's.
var sites = []string{filepath.Join("..", ".."), filepath.Join("..", "..", "testdata", "exampleorg")}

// TestGeneratedFilesAreCurrent: every committed generated file is what the
// generator writes from its site's data now: rules_gen.go and each site's
// data/selfcheck_open.json, which Hugo reads. The control changes the data
// and expects a difference, so the check can fail.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	for _, dir := range sites {
		s, err := rulesgen.Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		open, err := s.OpenItems()
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rulesgen.OpenItemsFile)))
		if err != nil || !bytes.Equal(open, committed) {
			t.Errorf("%s/%s is stale (%v): run go generate ./internal/shipped", dir, rulesgen.OpenItemsFile, err)
		}
		// The control: a changed open-item text must show.
		changed := *s.Rules
		changed.OpenItems = map[string]string{}
		for k, v := range s.Rules.OpenItems {
			changed.OpenItems[k] = v + " (ändrad)"
		}
		if other, _ := (&rulesgen.Site{Rules: &changed}).OpenItems(); bytes.Equal(other, committed) {
			t.Errorf("%s: control: changed data gives the same open items", dir)
		}
	}
	s, err := rulesgen.Read(sites[0])
	if err != nil {
		t.Fatal(err)
	}
	src, err := s.GoSource()
	if err != nil {
		t.Fatal(err)
	}
	if committed, err := os.ReadFile("rules_gen.go"); err != nil || !bytes.Equal(src, committed) {
		t.Errorf("rules_gen.go is stale (%v): run go generate ./internal/shipped", err)
	}
}
