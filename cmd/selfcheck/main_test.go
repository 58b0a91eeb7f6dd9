package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"molnkollen/internal/record"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The exported files are the golden files of internal/record.
var goldenCases = []string{"central-lokal-drift", "fristaende-kan-passa", "kanslig-fordjupad"}

func exportPath(name string) string {
	return filepath.Join("..", "..", "internal", "record", "testdata", name+".golden")
}

func runCmd(args ...string) (stdout, stderr string, err error) {
	var o, e bytes.Buffer
	err = run(args, &o, &e)
	return o.String(), e.String(), err
}

func TestGoldenReports(t *testing.T) {
	for _, name := range goldenCases {
		out, errOut, err := runCmd(exportPath(name))
		if err != nil || errOut != "" {
			t.Fatalf("%s: %v\n%s", name, err, errOut)
		}
		golden := filepath.Join("testdata", name+".txt")
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
			t.Errorf("%s: report differs from %s (run go test -update and review the diff):\n%s", name, golden, out)
		}
		// ui shows a missing checker text as "[key]"; no answer holds "[".
		if strings.Contains(out, "[") {
			t.Errorf("%s: a checker text is missing from the data:\n%s", name, out)
		}
	}
}

func TestReportContents(t *testing.T) {
	out, _, err := runCmd(exportPath("central-lokal-drift"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Lokal drift i första hand",            // verdict title from data
		"Inloggningstjänst för e-legitimation", // service name
		"Exempelbolaget AB",                    // supplier
		"2026-11-27T09:30:00.000Z",             // exported at
		"sha256:",
		"Pröva lokal drift i första hand.",    // open item (todo) text
		"IT-centerchefen ska alltid vara med", // route text
		"Slutför steget: Behovsanalys",        // step open item
		"KS 2026/123",                         // a reference
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "[") {
		t.Errorf("report shows a missing text key:\n%s", out)
	}
}

func TestCanonical(t *testing.T) {
	for _, name := range goldenCases {
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
	for _, args := range [][]string{nil, {"a.json", "b.json"}, {"-nosuchflag", "a.json"}, {"-canonical"}} {
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

func writeRaw(t *testing.T, b []byte) string {
	p := filepath.Join(t.TempDir(), "file.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadFiles(t *testing.T) {
	texts, err := loadTexts()
	if err != nil {
		t.Fatal(err)
	}
	answers := func(d map[string]any) map[string]any { return d["answers"].(map[string]any) }
	tests := map[string]string{
		record.CodeTooLarge:       writeRaw(t, bytes.Repeat([]byte(" "), 300000)),
		record.CodeNotJSON:        writeRaw(t, []byte("{\"format\":")),
		record.CodeWrongFormat:    write(t, func(d map[string]any) { d["format"] = "annat" }),
		record.CodeWrongVersion:   write(t, func(d map[string]any) { d["rulesVersion"] = "1999-01-01.1" }),
		record.CodeUnknownID:      write(t, func(d map[string]any) { answers(d)["9z"] = map[string]any{"value": "ja"} }),
		record.CodeBadValue:       write(t, func(d map[string]any) { answers(d)["central"] = map[string]any{"value": "kanske"} }),
		record.CodeTooLong:        write(t, func(d map[string]any) { answers(d)["namn"] = map[string]any{"value": strings.Repeat("x", 500)} }),
		record.CodeBadFingerprint: write(t, func(d map[string]any) { answers(d)["central"] = map[string]any{"value": "ja"} }),
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
		if msg := texts.Messages[code]; msg == "" || !strings.Contains(errOut, msg) || !strings.Contains(errOut, "["+code+"]") {
			t.Errorf("%s: stderr %q lacks the message %q and the code", code, errOut, msg)
		}
	}
}

func TestResultMismatch(t *testing.T) {
	p := write(t, func(d map[string]any) {
		d["result"].(map[string]any)["verdict"] = "kan-passa"
		d["result"].(map[string]any)["route"] = []any{"itcenterchef"}
	})
	out, _, err := runCmd(p)
	if exitCode(err) != 1 {
		t.Errorf("exit %d, want 1", exitCode(err))
	}
	texts, _ := loadTexts()
	for _, want := range []string{texts.Checker["resultMismatch"], "verdict: kan-passa -> fordjupad", "route: itcenterchef -> informationsagare"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, texts.Checker["resultOK"]) {
		t.Error("a mismatch is reported as a match")
	}
}

// TestNotesStayOnTheirLine: a note cannot fake lines of the report.
func TestNotesStayOnTheirLine(t *testing.T) {
	if got := oneLine("a\nResultat: Molntjänst kan passa\r\u2028b\x1b[31m"); strings.ContainsAny(got, "\n\r\u2028\x1b") {
		t.Errorf("oneLine kept a control character: %q", got)
	}
}
