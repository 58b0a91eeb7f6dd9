package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"molnkollen/internal/rules"
	"molnkollen/internal/shipped"
)

// importsDir holds the shared import cases: files, and in cases.json what
// reading each must give (Expect), the same in the page and in
// cmd/selfcheck. The browser tests read every file through the page
// (internal/sitetest), cmd/selfcheck's tests through the checker. go test
// -update rewrites the files from the golden exports and testdata/versions,
// and cases.json from the table below and what Import gives.
var importsDir = filepath.Join("..", "..", "testdata", "imports")

// Expect is what reading a file of the shared cases gives. Code is the
// message code the page shows ("" for a file read in, "older-version" for
// a file of an earlier version, which is read in and carried over);
// Fingerprint is that of the answers then on screen; Reask the ids listed
// to answer again; Differs whether the file's stored result differs from a
// fresh evaluation; Names a text the message must show (what the file is
// from); Date the date the printout carries.
type Expect struct {
	Code        string   `json:"code"`
	Fingerprint string   `json:"fingerprint,omitempty"`
	Reask       []string `json:"reask,omitempty"`
	Differs     bool     `json:"differs,omitempty"`
	Names       string   `json:"names,omitempty"`
	Date        string   `json:"date,omitempty"`
	// Decisions is the number of entries of the decision record;
	// OtherAnswers whether a role's latest entry was made on other answers
	// than the file's (the file checks out otherwise).
	Decisions    int  `json:"decisions,omitempty"`
	OtherAnswers bool `json:"otherAnswers,omitempty"`
}

// importCase is a file of the shared cases: how it is made and the code it
// must give (the rest of Expect is what Import gives, reviewed in the
// diff of cases.json), with a few expectations written out.
type importCase struct {
	make         func(t *testing.T) []byte
	code         string
	reask        []string // ids that must be among those to answer again
	names        string
	differs      bool
	otherAnswers bool
}

// readExpect reads cases.json.
func readExpect(t *testing.T) map[string]Expect {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(importsDir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases map[string]Expect
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// expectOf reads data as the page does and as cmd/selfcheck does; both
// must give the same.
func expectOf(t *testing.T, r *rules.Rules, name string, data []byte) Expect {
	t.Helper()
	var got [2]Expect
	for i, archive := range []func(string) (*rules.Rules, error){shipped.Archived, archived} {
		im, err := Import(r, data, archive)
		e := Expect{Code: code(err)}
		var re *Error
		switch {
		case err == nil:
			if im.From != nil {
				e.Code = CodeOlderVersion
			}
			e.Fingerprint, e.Differs, e.Date = im.Fingerprint, im.Differs(), im.File.ExportedAt[:10]
			e.Decisions, e.OtherAnswers = len(im.File.Decisions), im.OtherAnswers()
			for _, x := range im.Reask {
				e.Reask = append(e.Reask, x.ID)
			}
		case errors.As(err, &re) && re.Args != nil:
			e.Names = re.Args["organisation"] + re.Args["guideline"]
		}
		got[i] = e
	}
	if !equalExpect(got[0], got[1]) {
		t.Errorf("%s: the page's reading %+v, the checker's %+v", name, got[0], got[1])
	}
	return got[0]
}

func equalExpect(a, b Expect) bool {
	return a.Code == b.Code && a.Fingerprint == b.Fingerprint && slices.Equal(a.Reask, b.Reask) &&
		a.Differs == b.Differs && a.Names == b.Names && a.Date == b.Date && a.Decisions == b.Decisions && a.OtherAnswers == b.OtherAnswers
}

// TestImportCases reads every file of the shared cases as the page does and
// as cmd/selfcheck does: both give what cases.json says, and the cases
// give the codes, names and ids written out in the table.
func TestImportCases(t *testing.T) {
	r := load(t)
	table := importTable()
	if *update {
		writeImportCases(t, r, table)
	}
	want := readExpect(t)
	if len(want) != len(table) {
		t.Fatalf("cases.json has %d cases, the test %d (go test -update)", len(want), len(table))
	}
	for name, c := range table {
		data, err := os.ReadFile(filepath.Join(importsDir, name))
		if err != nil {
			t.Fatal(err)
		}
		got := expectOf(t, r, name, data)
		if !equalExpect(got, want[name]) {
			t.Errorf("%s: read as %+v, cases.json says %+v", name, got, want[name])
		}
		if got.OtherAnswers != c.otherAnswers {
			t.Errorf("%s: decisions on other answers %v, want %v", name, got.OtherAnswers, c.otherAnswers)
		}
		if got.Code != c.code || got.Differs != c.differs || c.names != "" && !strings.Contains(got.Names, c.names) {
			t.Errorf("%s: code %q, differs %v, names %q; want %q, %v, %q", name, got.Code, got.Differs, got.Names, c.code, c.differs, c.names)
		}
		for _, id := range c.reask {
			if !slices.Contains(got.Reask, id) {
				t.Errorf("%s: %s is not listed to answer again: %v", name, id, got.Reask)
			}
		}
	}
	if data, _ := os.ReadFile(filepath.Join(importsDir, "utf16.json")); utf8.Valid(data) {
		t.Error("utf16.json is valid UTF-8: the case proves nothing")
	}
	if data, _ := os.ReadFile(filepath.Join(importsDir, "html-in-text.json")); !bytes.Contains(data, []byte("<script>")) {
		t.Error("html-in-text.json lost its markup")
	}
}

// writeImportCases writes the files of the table and cases.json.
func writeImportCases(t *testing.T, r *rules.Rules, table map[string]importCase) {
	t.Helper()
	os.RemoveAll(importsDir)
	os.MkdirAll(importsDir, 0o755)
	cases := map[string]Expect{}
	for name, c := range table {
		data := c.make(t)
		if err := os.WriteFile(filepath.Join(importsDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		cases[name] = expectOf(t, r, name, data)
	}
	b, _ := json.MarshalIndent(cases, "", "  ")
	if err := os.WriteFile(filepath.Join(importsDir, "cases.json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
