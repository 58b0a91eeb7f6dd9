package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// diffCases are pairs of files and the golden file of -diff between them.
var diffCases = []struct{ golden, old, new string }{
	{"diff-answer-changed.txt", imports("decisions.json"), imports("decisions-answer-changed.json")},
	{"diff-result-changed.txt", exportPath("fristaende-kan-passa"), exportPath("kanslig-fordjupad")},
	{"diff-same.txt", imports("current.json"), imports("decisions.json")},
	{"diff-older-version.txt", imports("older-version.json"), imports("v2-current.json")},
}

// TestDiff: -diff says in words which answers changed and how the result
// changed, as the golden files hold it; both files must be readable.
func TestDiff(t *testing.T) {
	r := shipped(t)
	for _, c := range diffCases {
		out, errOut, err := runCmd("-diff", c.old, c.new)
		if err != nil || errOut != "" {
			t.Fatalf("%s: %v\n%s", c.golden, err, errOut)
		}
		checkGolden(t, filepath.Join("testdata", c.golden), out)
		if strings.Contains(out, "[") {
			t.Errorf("%s: a checker text is missing:\n%s", c.golden, out)
		}
	}
	// The answer that changed, by its short text, old and new.
	out, _, _ := runCmd("-diff", diffCases[0].old, diffCases[0].new)
	for _, want := range []string{r.Question("namn").Short, "Elevhälsans journal, ny version", r.Checker["diffAnswers"]} {
		if !strings.Contains(out, want) {
			t.Errorf("-diff lacks %q:\n%s", want, out)
		}
	}
	// Control: the same file twice has no differences.
	if out, _, _ := runCmd("-diff", diffCases[0].old, diffCases[0].old); !strings.Contains(out, r.Checker["diffNone"]) {
		t.Errorf("-diff of a file with itself:\n%s", out)
	}
	// A refused file: exit 1, its message.
	if _, errOut, err := runCmd("-diff", imports("tampered.json"), diffCases[0].new); exitCode(err) != 1 || !strings.Contains(errOut, "[bad-fingerprint]") {
		t.Errorf("-diff with a refused file: exit %d, %q", exitCode(err), errOut)
	}
}
