package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"molnkollen"
	"molnkollen/internal/record"
	"molnkollen/internal/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The exported files are the golden files of internal/record, and the files
// of the earlier rules versions kept in testdata/versions.
var goldenCases = []string{"central-lokal-drift", "fristaende-kan-passa", "kanslig-fordjupad",
	"v1/central-lokal-drift", "v1/fristaende-kan-passa", "v1/kanslig-fordjupad",
	"v2/central-lokal-drift", "v2/fristaende-kan-passa", "v2/kanslig-fordjupad",
	"imports/decisions", "imports/format3"}

// earlier are the folders of testdata/versions that goldenCases name.
var earlier = map[string]string{"v1/": "2022-06-27.1", "v2/": "2022-06-27.2"}

func exportPath(name string) string {
	if shared, ok := strings.CutPrefix(name, "imports/"); ok {
		return imports(shared + ".json")
	}
	for prefix, version := range earlier {
		if old, ok := strings.CutPrefix(name, prefix); ok {
			return filepath.Join("..", "..", "testdata", "versions", version, old+".json")
		}
	}
	return filepath.Join("..", "..", "internal", "record", "testdata", name+".golden")
}

func runCmd(args ...string) (stdout, stderr string, err error) {
	var o, e bytes.Buffer
	err = run(args, safeWriter{&o}, safeWriter{&e})
	return o.String(), e.String(), err
}

// shipped returns today's rules, whose texts the checker prints.
func shipped(t *testing.T) *rules.Rules {
	t.Helper()
	r, err := rules.Parse(molnkollen.SelfcheckJSON)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkGolden compares out with the golden file (written anew with -update).
func checkGolden(t *testing.T, golden, out string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", golden, out)
	}
}

func TestGoldenReports(t *testing.T) {
	for _, name := range goldenCases {
		out, errOut, err := runCmd(exportPath(name))
		if err != nil || errOut != "" {
			t.Fatalf("%s: %v\n%s", name, err, errOut)
		}
		checkGolden(t, filepath.Join("testdata", strings.ReplaceAll(name, "/", "-")+".txt"), out)
		// ui shows a missing checker text as "[key]"; no answer holds "[".
		if strings.Contains(out, "[") {
			t.Errorf("%s: a checker text is missing from the data:\n%s", name, out)
		}
	}
}

func TestReportContents(t *testing.T) {
	r := shipped(t)
	out, _, err := runCmd(exportPath("central-lokal-drift"))
	if err != nil {
		t.Fatal(err)
	}
	_, local := r.Outcome("lokal-drift")
	for _, want := range []string{
		r.Parts[0].Title, local.Title, // the first part and its outcome
		"Inloggningstjänst för e-legitimation", // service name
		"Exempelbolaget AB",                    // supplier
		"2026-11-27T09:30:00.000Z",             // exported at
		"sha256:",
		r.Question("central").Todo,        // open item (todo) text
		"  Kräver SAML och OIDC.",         // a description's second line, whole
		r.RouteEntry("itcenterchef").Text, // route text
		strings.ReplaceAll(r.Checker["cite"], "{passage}", r.Passage("nar-passar-en-molntjanst")), // a citation in words
		"KS 2026/123", // a reference
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "[") {
		t.Errorf("report shows a missing text key:\n%s", out)
	}
	// A file of the first rules version says so, and checks out.
	out, _, err = runCmd(exportPath("v1/kanslig-fordjupad"))
	if err != nil || !strings.Contains(out, strings.ReplaceAll(r.Checker["olderRules"], "{version}", "2022-06-27.1")) {
		t.Errorf("older file: %v\n%s", err, out)
	}
}

func TestCanonical(t *testing.T) {
	for _, name := range goldenCases[:3] {
		out, _, err := runCmd("-canonical", exportPath(name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "..", "internal", "record", "testdata", name+".canonical"))
		if err != nil {
			t.Fatal(err)
		}
		if out != string(want) {
			t.Errorf("%s: -canonical = %s, want %s", name, out, want)
		}
		fp, _, err := runCmd("-fingerprint", exportPath(name))
		sum := sha256.Sum256(want)
		if err != nil || fp != "sha256:"+hex.EncodeToString(sum[:])+"\n" {
			t.Errorf("%s: -fingerprint = %q (%v)", name, fp, err)
		}
	}
	// A refused file prints nothing on stdout and exits 1 with either.
	bad := write(t, func(d map[string]any) { d["fingerprint"] = "sha256:00" })
	for _, flag := range []string{"-canonical", "-fingerprint"} {
		if out, _, err := runCmd(flag, bad); out != "" || exitCode(err) != 1 {
			t.Errorf("%s on a refused file: %q, exit %d", flag, out, exitCode(err))
		}
	}
}

func exitCode(err error) int {
	var e exitError
	if errors.As(err, &e) {
		return int(e)
	}
	if err != nil {
		return -1
	}
	return 0
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"a.json", "b.json"}, {"-nosuchflag", "a.json"}, {"-canonical"}, {"-canonical", "-fingerprint", "a.json"},
		{"-diff", "a.json"}, {"-diff", "-fingerprint", "a.json", "b.json"}} {
		_, errOut, err := runCmd(args...)
		if exitCode(err) != 2 || !strings.Contains(errOut, "Användning") {
			t.Errorf("run(%q): exit %d, stderr %q; want 2 and the usage", args, exitCode(err), errOut)
		}
	}
	_, errOut, err := runCmd(filepath.Join(t.TempDir(), "missing.json"))
	if exitCode(err) != 1 || !strings.Contains(errOut, "går inte att öppna") {
		t.Errorf("missing file: exit %d, stderr %q", exitCode(err), errOut)
	}
}

// write writes a variant of the kanslig-fordjupad export.
func write(t *testing.T, f func(d map[string]any)) string {
	t.Helper()
	b, err := os.ReadFile(exportPath("kanslig-fordjupad"))
	if err != nil {
		t.Fatal(err)
	}
	if f != nil {
		var d map[string]any
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatal(err)
		}
		f(d)
		if b, err = json.Marshal(d); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "file.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// imports is the path of a file of the shared import cases.
func imports(name string) string { return filepath.Join("..", "..", "testdata", "imports", name) }

func writeRaw(t *testing.T, b []byte) string {
	p := filepath.Join(t.TempDir(), "file.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadFiles(t *testing.T) {
	r := shipped(t)
	answers := func(d map[string]any) map[string]any { return d["answers"].(map[string]any) }
	tests := map[string]string{
		record.CodeTooLarge:     writeRaw(t, bytes.Repeat([]byte(" "), 300000)),
		record.CodeNotJSON:      writeRaw(t, []byte("{\"format\":")),
		record.CodeWrongFormat:  write(t, func(d map[string]any) { d["format"] = "annat" }),
		record.CodeWrongVersion: write(t, func(d map[string]any) { d["rulesVersion"] = "1999-01-01.1" }),
		record.CodeOtherOrg: write(t, func(d map[string]any) {
			d["organisation"] = map[string]any{"id": "exempelby-kommun", "name": "Exempelby kommun"}
		}),
		record.CodeOtherGuideline:     write(t, func(d map[string]any) { d["guideline"].(map[string]any)["validFrom"] = "2024-01-15" }),
		record.CodeUnknownID:          write(t, func(d map[string]any) { answers(d)["9z"] = map[string]any{"value": "ja"} }),
		record.CodeBadValue:           write(t, func(d map[string]any) { answers(d)["central"] = map[string]any{"value": "kanske"} }),
		record.CodeTooLong:            write(t, func(d map[string]any) { answers(d)["namn"] = map[string]any{"value": strings.Repeat("x", 500)} }),
		record.CodeNotAsked:           write(t, func(d map[string]any) { answers(d)["4b-hur"] = map[string]any{"value": "Via filöverföring."} }),
		record.CodeBadFingerprint:     write(t, func(d map[string]any) { answers(d)["central"] = map[string]any{"value": "ja"} }),
		record.CodeBadDecisions:       imports("decisions-entry-changed.json"),
		record.CodeDecisionNotAllowed: imports("decisions-out-of-turn.json"),
	}
	for _, code := range record.Codes {
		path, ok := tests[code]
		if !ok {
			t.Errorf("no test for %s", code)
			continue
		}
		out, errOut, err := runCmd(path)
		if exitCode(err) != 1 {
			t.Errorf("%s: exit %d, want 1", code, exitCode(err))
		}
		if out != "" {
			t.Errorf("%s: printed a report for a refused file:\n%s", code, out)
		}
		msg := strings.NewReplacer("{organisation}", "Exempelby kommun", "{ours}", r.Organisation.Name,
			"{guideline}", r.Guideline.Title, "{validFrom}", "2024-01-15").Replace(r.Messages[code])
		if msg == "" || !strings.Contains(errOut, msg) || !strings.Contains(errOut, "["+code+"]") {
			t.Errorf("%s: stderr %q lacks the message %q and the code", code, errOut, msg)
		}
	}
}

func TestResultMismatch(t *testing.T) {
	p := write(t, func(d map[string]any) {
		d["result"].(map[string]any)["fit"] = "kan-passa"
		d["result"].(map[string]any)["route"] = []any{"itcenterchef"}
	})
	out, _, err := runCmd(p)
	if exitCode(err) != 1 {
		t.Errorf("exit %d, want 1", exitCode(err))
	}
	r := shipped(t)
	for _, want := range []string{r.Checker["resultMismatch"], "outcomes: kan-passa inte-klart -> passar-samre inte-klart", "route: itcenterchef -> informationsagare"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, r.Checker["resultOK"]) {
		t.Error("a mismatch is reported as a match")
	}
	// The same differences in words, as the page shows them.
	_, stored := r.Outcome("kan-passa")
	_, fresh := r.Outcome("passar-samre")
	for _, want := range []string{
		r.Parts[0].Title,
		r.Checker["resultStored"] + " " + stored.Title,
		r.Checker["resultFresh"] + " " + fresh.Title,
		r.Checker["route"] + ":",
		r.Checker["resultFresh"] + " " + r.RouteEntry("informationsagare").Text,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "[") {
		t.Errorf("a checker text is missing:\n%s", out)
	}
}

// TestNoControlCharactersReachTheTerminal: a crafted file with escape codes
// in every string the checker can print (answers, notes, descriptions,
// unknown keys, the stored result) never gets a control character to
// stdout or stderr.
func TestNoControlCharactersReachTheTerminal(t *testing.T) {
	evil := "\x1b[2J\x1b[H\u009b31m\r\u202eRESULT\u2028\u200b\x07\x00"
	answers := func(d map[string]any) map[string]any { return d["answers"].(map[string]any) }
	// Free text keeps no carriage return (record.Normalize), so a file with
	// one is refused before its text is printed: leave it out there.
	text := strings.ReplaceAll(evil, "\r", "")
	var files []string
	for _, f := range []func(d map[string]any){
		func(d map[string]any) { answers(d)["namn"] = map[string]any{"value": "x" + text + "y"} },
		func(d map[string]any) {
			answers(d)["okanslig"] = map[string]any{"value": "nej", "note": "n" + text + "n"}
		},
		func(d map[string]any) { answers(d)["3c"] = map[string]any{"value": "rad 1\n" + text + "\nrad 3"} },
		func(d map[string]any) { answers(d)[evil] = map[string]any{"value": "ja"} },
		func(d map[string]any) { answers(d)["central"] = map[string]any{"value": "nej", evil: "x"} },
		func(d map[string]any) { d["guideline"].(map[string]any)[evil] = evil },
		func(d map[string]any) { d[evil] = 1 },
		func(d map[string]any) { d["result"].(map[string]any)["route"] = []any{evil} },
		func(d map[string]any) { d["result"].(map[string]any)[evil] = "x" },
		func(d map[string]any) { d["rulesVersion"] = evil },
		func(d map[string]any) { d["format"] = evil },
	} {
		files = append(files, write(t, func(d map[string]any) {
			f(d)
			// Keep the fingerprint right, so that the file gets as far as it can.
			a := record.Answers{}
			for id, v := range answers(d) {
				m := v.(map[string]any)
				note, _ := m["note"].(string)
				value, _ := m["value"].(string)
				a[id] = record.Answer{Value: value, Note: note}
			}
			d["fingerprint"] = record.Fingerprint(a)
		}))
	}
	files = append(files, writeRaw(t, []byte(evil)))
	printed := 0
	for i, p := range files {
		for _, args := range [][]string{{p}, {"-fingerprint", p}} {
			out, errOut, _ := runCmd(args...)
			printed += len(out)
			for _, s := range []string{out, errOut} {
				for _, r := range s {
					if r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028') {
						t.Errorf("file %d %v: %U reached the output:\n%q", i, args, r, s)
						break
					}
				}
			}
		}
	}
	if printed == 0 {
		t.Error("no crafted file got a report: the check proves nothing")
	}
	// The filter itself, on every kind of character it must escape.
	var b bytes.Buffer
	safeWriter{&b}.Write([]byte("a\nb" + evil + "\xff"))
	if got := b.String(); !strings.HasPrefix(got, "a\nb\\u{1b}[2J") || strings.ContainsAny(got, "\x1b\r\u202e\u2028\u200b\x07\x00\u009b") || !strings.HasSuffix(got, `\xff`) {
		t.Errorf("safeWriter wrote %q", got)
	}
}

// TestImportCases runs the checker on every file of the shared import
// cases (testdata/imports, which the page reads in the browser tests and
// internal/record in Go): it refuses what the page refuses, with the same
// message and what the file is from, accepts what the page reads in (exit
// 0, and the fingerprint the page shows for a file of today's rules), and
// exits 1 with its words for a stored result that differs, which the page
// shows as differing.
func TestImportCases(t *testing.T) {
	r := shipped(t)
	dir := filepath.Join("..", "..", "testdata", "imports")
	b, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases map[string]struct {
		Code, Fingerprint, Names string
		Differs, OtherAnswers    bool
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for name, c := range cases {
		file := filepath.Join(dir, name)
		out, errOut, err := runCmd(file)
		switch {
		case c.Code != "" && c.Code != record.CodeOlderVersion:
			if exitCode(err) != 1 || out != "" || !strings.Contains(errOut, "["+c.Code+"]") || !strings.Contains(errOut, c.Names) {
				t.Errorf("%s: exit %d, stderr %q; want 1 and [%s] naming %q", name, exitCode(err), errOut, c.Code, c.Names)
			}
		case c.Differs:
			if exitCode(err) != 1 || !strings.Contains(out, r.Checker["resultMismatch"]) {
				t.Errorf("%s: exit %d; want 1 and the mismatch:\n%s", name, exitCode(err), out)
			}
		case c.OtherAnswers:
			if exitCode(err) != 1 || !strings.Contains(out, r.Messages[record.CodeOtherAnswers]) || !strings.Contains(out, r.Checker["decisionOther"]) {
				t.Errorf("%s: exit %d; want 1 and that the decisions were made on other answers:\n%s", name, exitCode(err), out)
			}
		default:
			if exitCode(err) != 0 || !strings.Contains(out, r.Checker["resultOK"]) {
				t.Errorf("%s: exit %d, stderr %q; want 0", name, exitCode(err), errOut)
			}
		}
		if c.Code == "" {
			if fp, _, _ := runCmd("-fingerprint", file); fp != c.Fingerprint+"\n" {
				t.Errorf("%s: -fingerprint %q, the page shows %s", name, fp, c.Fingerprint)
			}
		}
	}
	if len(cases) < 40 {
		t.Errorf("only %d shared cases", len(cases))
	}
}
