package record

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"molnkollen"
	"molnkollen/internal/engine"
	"molnkollen/internal/rules"
	"molnkollen/internal/shipped"
)

// fixtures returns the files saved with an earlier rules version, kept in
// testdata/versions/<rulesVersion>/ at the project root.
func fixtures(t *testing.T, version string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "versions", version, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no files of rules version %s in testdata/versions (%v)", version, err)
	}
	return files
}

// TestArchivedVersionsCheckOut: every file saved with an earlier rules
// version still checks out against that version as archived in
// data/versions: the fingerprint, and the stored result against a fresh
// evaluation. This is what keeps filed results verifiable.
func TestArchivedVersionsCheckOut(t *testing.T) {
	for _, v := range molnkollen.ArchivedVersions() {
		b, err := molnkollen.ArchivedRules(v)
		if err != nil {
			t.Fatal(err)
		}
		old, err := rules.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range fixtures(t, v) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			im, err := Import(load(t), data, archived)
			if err != nil {
				t.Errorf("%s: %v", file, err)
				continue
			}
			with, f := im.With, im.File
			if with.RulesVersion != old.RulesVersion {
				t.Errorf("%s: checked against rules version %s, want %s", file, with.RulesVersion, v)
			}
			if res := engine.Evaluate(old, f.Answers); !res.Equal(f.Result) {
				t.Errorf("%s: stored result %+v, fresh evaluation under %s %+v", file, f.Result, v, res)
			}
			// Today's rules, without the earlier version in "previous",
			// refuse it as a file of their own.
			own := *load(t)
			own.Previous = nil
			if page, checker := importCodes(&own, data); page != CodeWrongVersion || checker != CodeWrongVersion {
				t.Errorf("%s: with today's rules alone, page = %q, checker = %q, want wrong-version", file, page, checker)
			}
		}
	}
}

// TestImportOlderVersion: the page reads a file of the first rules version;
// every answer either carries over unchanged (or renamed as the data says)
// or is listed to be given again, with its value and note.
func TestImportOlderVersion(t *testing.T) {
	r := load(t)
	prev := r.PreviousVersion("2022-06-27.1")
	for _, file := range fixtures(t, "2022-06-27.1") {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Answers map[string]struct{ Value, Note string }
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		im, err := Import(r, data, shipped.Archived)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if im.From != prev || im.Fingerprint != Fingerprint(im.Carried) || im.File.ExportedAt == "" {
			t.Errorf("%s: from %v, fingerprint %s, exportedAt %q", file, im.From, im.Fingerprint, im.File.ExportedAt)
		}
		if a, err := ParseAnswers(r, Canonical(im.Carried)); err != nil || !reflect.DeepEqual(a, im.Carried) {
			t.Errorf("%s: carried answers not valid under today's rules: %v", file, err)
		}
		for id, old := range doc.Answers {
			got, kept := im.Carried[id]
			i := slices.IndexFunc(im.Reask, func(x Reask) bool { return x.ID == id })
			switch {
			case kept == (i >= 0):
				t.Errorf("%s: %s kept %v, reasked %v: want exactly one", file, id, kept, i >= 0)
			case i >= 0 && (im.Reask[i].Value != old.Value || im.Reask[i].Note != old.Note):
				t.Errorf("%s: %s reasked as %+v, want the old answer %+v", file, id, im.Reask[i], old)
			case id == "3c" || id == "4a" || id == "4d":
				if kept {
					t.Errorf("%s: %s changed meaning (yes/no -> description) but was carried over", file, id)
				}
			case id == "driftmodell" && old.Value == "vetinte":
				if got.Value != "vetej" {
					t.Errorf("%s: driftmodell vetinte carried as %q, want vetej", file, got.Value)
				}
			case id == "typ" && old.Value == "annan":
				if kept {
					t.Errorf("%s: typ annan (then 'Annat eller vet inte') carried over", file)
				}
			case kept && (got.Value != old.Value || got.Note != old.Note):
				t.Errorf("%s: %s carried as %+v, want %+v", file, id, got, old)
			}
		}
	}
	// A changed answer in an older file is refused, as in a current one.
	data, _ := os.ReadFile(fixtures(t, "2022-06-27.1")[0])
	var d map[string]any
	json.Unmarshal(data, &d)
	d["answers"].(map[string]any)["central"] = map[string]any{"value": "nej"}
	b, _ := json.Marshal(d)
	if _, err := Import(r, b, shipped.Archived); code(err) != CodeBadFingerprint {
		t.Errorf("tampered older file: %v", err)
	}
	d["rulesVersion"] = "2021-01-01.1"
	b, _ = json.Marshal(d)
	if _, err := Import(r, b, shipped.Archived); code(err) != CodeWrongVersion {
		t.Errorf("unknown rules version: %v", err)
	}
}

// FuzzImportAnswers fuzzes the answers of a file whose fingerprint is
// recomputed, so that the fuzzer gets past the fingerprint check: what
// Import accepts exports and imports again to the same answers.
func FuzzImportAnswers(f *testing.F) {
	r := load(f)
	for _, c := range cases {
		f.Add(string(Canonical(c.answers)))
	}
	f.Add(`{"3c":{"value":"a\nb"},"4b":{"value":"nej"},"4b-hur":{"value":"x"}}`)
	f.Add(`{"namn":{"value":" x"}}`)
	f.Fuzz(func(t *testing.T, answers string) {
		var raw map[string]map[string]string
		if json.Unmarshal([]byte(answers), &raw) != nil {
			return
		}
		a := Answers{}
		for id, m := range raw {
			a[id] = Answer{Value: m["value"], Note: m["note"]}
		}
		doc := map[string]any{
			"format": r.Format, "formatVersion": json.Number(r.FormatVersion), "rulesVersion": r.RulesVersion,
			"organisation": map[string]string{"id": r.Organisation.ID, "name": r.Organisation.Name},
			"guideline":    map[string]string{"title": r.Guideline.Title, "validFrom": r.Guideline.ValidFrom},
			"exportedAt":   exportedAt, "answers": raw,
			"result":      map[string]any{"fit": "ej-bedomd", "ready": "inte-klart", "reasons": []string{}, "open": []string{}, "route": []string{}},
			"fingerprint": Fingerprint(a),
		}
		file, err := json.Marshal(doc)
		if err != nil {
			return
		}
		im, err := Import(r, file, shipped.Archived)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !slices.Contains(Codes, e.Code) || e.Code == CodeBadFingerprint && !hasEmpty(raw) {
				t.Fatalf("Import: %v", err)
			}
			return
		}
		roundTrip(t, r, im.Carried)
	})
}

// hasEmpty reports whether an answer has an empty value and no note: the
// importer drops those, so their fingerprint differs.
func hasEmpty(raw map[string]map[string]string) bool {
	for _, m := range raw {
		if m["value"] == "" && m["note"] == "" {
			return true
		}
	}
	return false
}
