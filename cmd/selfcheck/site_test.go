package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"molnkollen/internal/record"
	"molnkollen/internal/rules"
)

// exampleSite is the made-up second organisation's site folder.
var exampleSite = filepath.Join("..", "..", "testdata", "exampleorg")

// exampleFile writes a file saved in the example organisation's self-check,
// made with its rules (as its module's exportFile makes it).
func exampleFile(t *testing.T) (string, *rules.Rules) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(exampleSite, "data", "selfcheck.json"))
	if err != nil {
		t.Fatal(err)
	}
	ex, err := rules.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	a := record.Answers{"namn": {Value: "Schemaläggning"}, "central": {Value: "nej"}, "okanslig": {Value: "ja"}}
	file, _, err := record.Export(ex, a, "2026-12-03T09:00:00.000+01:00")
	if err != nil {
		t.Fatal(err)
	}
	return writeRaw(t, file), ex
}

// missingText is how a text the checker lacks shows ("[grounds]").
var missingText = regexp.MustCompile(`\[[a-zA-Z]+\]`)

// TestSiteFolder: with -site, the checker reads another organisation's file
// with that site's data, as its page does: exit 0, its name in the report,
// and the checker's own words where the site's data leaves them out. The
// control: without -site the same file is refused as another
// organisation's.
func TestSiteFolder(t *testing.T) {
	file, ex := exampleFile(t)
	out, errOut, err := runCmd("-site", exampleSite, file)
	if exitCode(err) != 0 || !strings.Contains(out, "Exempelby kommun") || !strings.Contains(out, shipped(t).Checker["resultOK"]) {
		t.Fatalf("-site %s: exit %d, stderr %q\n%s", exampleSite, exitCode(err), errOut, out)
	}
	if m := missingText.FindString(out); m != "" {
		t.Errorf("-site: the report shows the missing text %s:\n%s", m, out)
	}
	if _, ok := ex.Checker["grounds"]; ok {
		t.Errorf("control: the example's data now has the checker's word for grounds: pick another it leaves out")
	}
	if fp, _, _ := runCmd("-site", exampleSite, "-fingerprint", file); !strings.HasPrefix(fp, "sha256:") {
		t.Errorf("-site -fingerprint: %q", fp)
	}
	_, errOut, err = runCmd(file)
	if exitCode(err) != 1 || !strings.Contains(errOut, "["+record.CodeOtherOrg+"]") {
		t.Errorf("control: without -site: exit %d, stderr %q; want 1, %s", exitCode(err), errOut, record.CodeOtherOrg)
	}
}

// TestSiteFolderVersions: with -site, a file of an earlier rules version is
// checked with the rules that site's data archives, not with the ones built
// in: a copy of this project's data reads a 2022-06-27.1 file; the same copy
// without that version in "previous" refuses it.
func TestSiteFolderVersions(t *testing.T) {
	old := filepath.Join("..", "..", "testdata", "versions", "2022-06-27.1", "kanslig-fordjupad.json")
	site := copySite(t, nil)
	out, errOut, err := runCmd("-site", site, old)
	if exitCode(err) != 0 || !strings.Contains(out, "2022-06-27.1") {
		t.Errorf("-site (a copy of the data): exit %d, stderr %q\n%s", exitCode(err), errOut, out)
	}
	site = copySite(t, func(d map[string]any) {
		var keep []any
		for _, p := range d["previous"].([]any) {
			if p.(map[string]any)["rulesVersion"] != "2022-06-27.1" {
				keep = append(keep, p)
			}
		}
		d["previous"] = keep
	})
	_, errOut, err = runCmd("-site", site, old)
	if exitCode(err) != 1 || !strings.Contains(errOut, "godkändes inte") {
		t.Errorf("control: -site without 2022-06-27.1 in previous: exit %d, stderr %q; want 1, refused", exitCode(err), errOut)
	}
}

// TestSiteFolderUnreadable: a folder without readable self-check data is a
// usage error, said in Swedish with the folder's name; no file is read.
func TestSiteFolderUnreadable(t *testing.T) {
	empty := t.TempDir()
	broken := copySite(t, func(d map[string]any) { d["sections"] = "inga" })
	for _, dir := range []string{empty, broken} {
		out, errOut, err := runCmd("-site", dir, exportPath("kanslig-fordjupad"))
		if exitCode(err) != 2 || out != "" || !strings.Contains(errOut, dir+": "+shipped(t).Checker["siteUnreadable"]) {
			t.Errorf("-site %s: exit %d, stdout %q, stderr %q; want 2 and the message", dir, exitCode(err), out, errOut)
		}
	}
}

// copySite writes this project's self-check data, changed by edit, and its
// archived versions into a new site folder.
func copySite(t *testing.T, edit func(d map[string]any)) string {
	t.Helper()
	root := filepath.Join("..", "..")
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data", "versions"), 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "data", "selfcheck.json"))
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		var d map[string]any
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatal(err)
		}
		edit(d)
		if b, err = json.Marshal(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "selfcheck.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	versions, _ := filepath.Glob(filepath.Join(root, "data", "versions", "*.json"))
	for _, v := range versions {
		b, err := os.ReadFile(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "data", "versions", filepath.Base(v)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
