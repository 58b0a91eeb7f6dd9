package record

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"molnkollen/internal/rules"
)

// importTable is the shared import cases: every file of issue 15's list
// (files of an earlier version that the page read by their shape only,
// today's files that changed without a word) and of issue 14's (a file of
// another organisation or guideline, a stored result that differs), and
// the cases before them.
func importTable() map[string]importCase {
	table := map[string]importCase{}
	for _, part := range []map[string]importCase{currentCases(), olderCases(), originCases(), decisionCases()} {
		for name, c := range part {
			table[name] = c
		}
	}
	return table
}

// currentCases are files of today's rules, from the golden export
// kanslig-fordjupad.
func currentCases() map[string]importCase {
	src := func(t *testing.T) []byte { return readFile(t, "testdata", "kanslig-fordjupad.golden") }
	edit := func(refp bool, f func(d, a map[string]any)) func(t *testing.T) []byte {
		return func(t *testing.T) []byte { return variant(t, src(t), refp, f) }
	}
	answer := func(a map[string]any, id string) map[string]any { return a[id].(map[string]any) }
	return map[string]importCase{
		"current.json":  {make: src},
		"utf8-bom.json": {make: func(t *testing.T) []byte { return append([]byte("\uFEFF"), src(t)...) }},
		"utf16.json":    {make: func(t *testing.T) []byte { return utf16LE(src(t)) }, code: CodeNotJSON},
		"invalid-utf8.json": {make: func(t *testing.T) []byte {
			return bytes.Replace(src(t), []byte("Elevhälsans"), []byte("Elevh\xe4lsans"), 1)
		}, code: CodeNotJSON},
		"not-json.json": {make: func(*testing.T) []byte { return []byte("Diarienummer: KS 2026/1\n") }, code: CodeNotJSON},
		"too-large.json": {make: func(t *testing.T) []byte {
			return append(append(bytes.TrimRight(src(t), "}\n"), bytes.Repeat([]byte(" "), 262144)...), "}\n"...)
		}, code: CodeTooLarge},
		"trailing-space.json":     {make: edit(true, func(d, a map[string]any) { answer(a, "namn")["value"] = answer(a, "namn")["value"].(string) + " " }), code: CodeBadValue},
		"carriage-return.json":    {make: edit(true, func(d, a map[string]any) { answer(a, "okanslig")["note"] = "rad 1\r\nrad 2" }), code: CodeBadValue},
		"line-break-in-name.json": {make: edit(true, func(d, a map[string]any) { answer(a, "namn")["value"] = "Elevhälsans\njournal" }), code: CodeBadValue},
		"not-asked.json": {make: edit(true, func(d, a map[string]any) {
			a["4c"] = map[string]any{"value": "nej"}
			a["4c-varfor"] = map[string]any{"value": "Det gamla systemet räcker inte."}
		}), code: CodeNotAsked},
		"empty-answer.json":         {make: edit(true, func(d, a map[string]any) { a["belastning"] = map[string]any{"value": ""} })},
		"empty-answer-counted.json": {make: edit(false, func(d, a map[string]any) { countEmpty(d, a, "belastning") }), code: CodeBadFingerprint},
		"no-such-date.json":         {make: edit(true, func(d, a map[string]any) { d["exportedAt"] = "2026-02-31T09:30:00.000Z" }), code: CodeBadValue},
		"leap-second.json":          {make: edit(true, func(d, a map[string]any) { d["exportedAt"] = "2026-11-27T23:59:60Z" }), code: CodeBadValue},
		"offset-time.json":          {make: edit(true, func(d, a map[string]any) { d["exportedAt"] = "2026-11-27T00:30:00.000+14:00" })},
		"result-id-unknown.json":    {make: edit(true, func(d, a map[string]any) { d["result"].(map[string]any)["route"] = []any{"\x1b[2J"} }), code: CodeBadValue},
		"result-differs.json":       {make: edit(false, func(d, a map[string]any) { d["result"].(map[string]any)["fit"] = "kan-passa" }), differs: true},
		"tampered.json":             {make: edit(false, func(d, a map[string]any) { answer(a, "okanslig")["value"] = "ja" }), code: CodeBadFingerprint},
		"unknown-version.json":      {make: edit(true, func(d, a map[string]any) { d["rulesVersion"] = "2099-01-01.1" }), code: CodeWrongVersion},
		"html-in-text.json": {make: edit(true, func(d, a map[string]any) {
			a["4d"] = map[string]any{"value": "<img src=x onerror=alert(1)><script>alert(1)</script>"}
			// The stored result must be what the rules give for these answers.
			d["result"].(map[string]any)["open"] = slices.DeleteFunc(d["result"].(map[string]any)["open"].([]any),
				func(x any) bool { return x == "4d:describe" })
		})},
		"line-separators.json": {make: func(t *testing.T) []byte {
			sep := strings.Repeat("\u2028", 200)
			return export(t, load(t), Answers{"namn": {Value: "Tjänst" + strings.Repeat("\u2028", 13) + "namn"}, "3c": {Value: "Rad" + sep + "rad"},
				"central": {Value: "nej", Note: "a" + sep + "b\u2029c"}})
		}},
	}
}

// olderCases are files of the earlier rules versions: real exports (or
// made with those rules), and crafted ones whose fingerprint is right but
// whose answers those rules never allowed.
func olderCases() map[string]importCase {
	v1 := func(t *testing.T) []byte {
		return readFile(t, "..", "..", "testdata", "versions", "2022-06-27.1", "fristaende-kan-passa.json")
	}
	v1central := func(t *testing.T) []byte {
		return readFile(t, "..", "..", "testdata", "versions", "2022-06-27.1", "central-lokal-drift.json")
	}
	edit := func(f func(d, a map[string]any)) func(t *testing.T) []byte {
		return func(t *testing.T) []byte { return variant(t, v1(t), true, f) }
	}
	set := func(id, value, note string) func(t *testing.T) []byte {
		return edit(func(d, a map[string]any) {
			a[id] = map[string]any{"value": value}
			if note != "" {
				a[id].(map[string]any)["note"] = note
			}
		})
	}
	return map[string]importCase{
		"older-version.json":          {make: v1, code: CodeOlderVersion, reask: []string{"3c", "4a", "4d"}},
		"v1-driftmodell-vetej.json":   {make: set("driftmodell", "vetej", ""), code: CodeBadValue},
		"v1-typ-vetej.json":           {make: set("typ", "vetej", ""), code: CodeBadValue},
		"v1-accepterar-inteannu.json": {make: set("accepterar", "inteannu", ""), code: CodeBadValue},
		"v1-enhet.json":               {make: set("enhet", "Kultur- och fritidsförvaltningen", ""), code: CodeUnknownID},
		"v1-4b-hur.json":              {make: set("4b-hur", "Via filöverföring.", ""), code: CodeUnknownID},
		"v1-5a.json":                  {make: set("5a", "ja", ""), code: CodeUnknownID},
		"v1-summary.json":             {make: set("summary", "ja", ""), code: CodeUnknownID},
		"v1-many-unknown-ids.json":    {make: manyUnknown(v1), code: CodeUnknownID},
		"v1-long-note.json":           {make: set("central", "nej", strings.Repeat("x", 2001)), code: CodeTooLong},
		"v1-long-name.json":           {make: set("namn", strings.Repeat("x", 201), ""), code: CodeTooLong},
		"v1-note-on-text.json":        {make: set("namn", "Bokning av lokaler", "En anteckning."), code: CodeBadValue},
		"v1-text-in-3c.json":          {make: set("3c", "Leverantörens support.", ""), code: CodeBadValue},
		"v1-empty-answer.json": {make: func(t *testing.T) []byte {
			return variant(t, v1central(t), true, func(d, a map[string]any) { a["resurser"] = map[string]any{"value": ""} })
		}, code: CodeOlderVersion},
		"v1-empty-answer-counted.json": {make: func(t *testing.T) []byte {
			return variant(t, v1central(t), false, func(d, a map[string]any) { countEmpty(d, a, "resurser") })
		}, code: CodeBadFingerprint},
		"v1-itchef-nej.json": {make: v1ItchefNej, code: CodeOlderVersion, reask: []string{"accepterar"}},
		"v2-current.json": {make: func(t *testing.T) []byte {
			return readFile(t, "..", "..", "testdata", "versions", "2022-06-27.2", "kanslig-fordjupad.json")
		}, code: CodeOlderVersion},
	}
}

// originCases are files that name another organisation or guideline, or
// none.
func originCases() map[string]importCase {
	src := func(t *testing.T) []byte { return readFile(t, "testdata", "kanslig-fordjupad.golden") }
	return map[string]importCase{
		"other-organisation.json": {make: exampleExport, code: CodeOtherOrg, names: "Exempelby kommun"},
		"other-guideline.json": {make: func(t *testing.T) []byte {
			return variant(t, src(t), true, func(d, a map[string]any) {
				d["guideline"] = map[string]any{"title": "Riktlinje för e-post", "validFrom": "2024-01-15"}
			})
		}, code: CodeOtherGuideline, names: "Riktlinje för e-post"},
		"no-organisation.json": {make: func(t *testing.T) []byte {
			return variant(t, src(t), true, func(d, a map[string]any) { delete(d, "organisation") })
		}, code: CodeBadValue},
	}
}

func readFile(t testing.TB, path ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(path...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// variant edits a copy of the file src (d the file, a its answers) and
// writes it as the page would; with refp its fingerprint is recomputed
// from the answers as Go reads them.
func variant(t *testing.T, src []byte, refp bool, edit func(d, a map[string]any)) []byte {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(src, &d); err != nil {
		t.Fatal(err)
	}
	a := d["answers"].(map[string]any)
	edit(d, a)
	if refp {
		d["fingerprint"] = Fingerprint(answersOfJSON(a, false))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// answersOfJSON reads decoded answers; an answer with an empty value and
// no note is left out, as Go reads a file, unless keepEmpty.
func answersOfJSON(a map[string]any, keepEmpty bool) Answers {
	ans := Answers{}
	for id, v := range a {
		m, _ := v.(map[string]any)
		value, _ := m["value"].(string)
		note, _ := m["note"].(string)
		if keepEmpty || value != "" || note != "" {
			ans[id] = Answer{Value: value, Note: note}
		}
	}
	return ans
}

// countEmpty adds an empty answer to id and a fingerprint that counts it
// (as a hand-made canonical form might): Go leaves it out of the answers.
func countEmpty(d, a map[string]any, id string) {
	a[id] = map[string]any{"value": ""}
	d["fingerprint"] = Fingerprint(answersOfJSON(a, true))
}

// manyUnknown adds 8,000 ids that no version knows, written compactly so
// that the file stays within the size limit.
func manyUnknown(v1 func(t *testing.T) []byte) func(t *testing.T) []byte {
	return func(t *testing.T) []byte {
		var d map[string]any
		if err := json.Unmarshal(v1(t), &d); err != nil {
			t.Fatal(err)
		}
		a := d["answers"].(map[string]any)
		for i := range 8000 {
			a[fmt.Sprintf("x%04d", i)] = map[string]any{"value": "ja"}
		}
		d["fingerprint"] = Fingerprint(answersOfJSON(a, false))
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}

// export writes answers as the page does under the rules r.
func export(t *testing.T, r *rules.Rules, a Answers) []byte {
	t.Helper()
	b, _, err := Export(r, a, exportedAt)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// v1ItchefNej is a file made with the first rules version by a service
// owner whose IT-centerchef said no (itchef = nej) and who did not accept
// (accepterar = nej): today accepterar is asked only after itchef = ja, so
// it is listed to answer again instead of being dropped.
func v1ItchefNej(t *testing.T) []byte {
	old, err := archived("2022-06-27.1")
	if err != nil {
		t.Fatal(err)
	}
	var d struct{ Answers map[string]any }
	if err := json.Unmarshal(readFile(t, "..", "..", "testdata", "versions", "2022-06-27.1", "kanslig-fordjupad.json"), &d); err != nil {
		t.Fatal(err)
	}
	a := answersOfJSON(d.Answers, false)
	a["itchef"] = Answer{Value: "nej"}
	a["accepterar"] = Answer{Value: "nej"}
	return export(t, old, a)
}

// exampleExport is a file saved in the example organisation's
// self-check (testdata/exampleorg), made with its rules.
func exampleExport(t *testing.T) []byte {
	r, err := rules.Parse(readFile(t, "..", "..", "testdata", "exampleorg", "data", "selfcheck.json"))
	if err != nil {
		t.Fatal(err)
	}
	return export(t, r, Answers{"namn": {Value: "Schemaläggning"}, "central": {Value: "nej"}, "okanslig": {Value: "ja"}})
}
