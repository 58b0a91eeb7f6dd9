package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"molnkollen"
	"molnkollen/internal/engine"
	"molnkollen/internal/rules"
	"molnkollen/internal/shipped"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func load(t testing.TB) *rules.Rules {
	t.Helper()
	r, err := rules.Parse(molnkollen.SelfcheckJSON)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const exportedAt = "2026-11-27T09:30:00.000Z"

func TestCanonical(t *testing.T) {
	a := Answers{
		"namn":    {Value: "<img src=x onerror=alert(1)> & \u2028"},
		"1a":      {Value: "vetej", Note: "Fråga \"IT\"\n"},
		"central": {Value: "nej", Note: ""},
	}
	want := `{"1a":{"note":"Fråga \"IT\"\n","value":"vetej"},"central":{"value":"nej"},"namn":{"value":"<img src=x onerror=alert(1)> & \u2028"}}`
	if got := string(Canonical(a)); got != want {
		t.Errorf("Canonical =\n%s\nwant\n%s", got, want)
	}
	sum := sha256.Sum256([]byte(want))
	if got := Fingerprint(a); got != fmt.Sprintf("sha256:%x", sum) {
		t.Errorf("Fingerprint = %s", got)
	}
	if got := string(Canonical(Answers{})); got != "{}" {
		t.Errorf("Canonical of no answers = %s", got)
	}
}

// TestCanonicalMatchesEncodingJSON: the canonical form is what encoding/json
// writes for the same answers held in maps, with HTML escaping off.
func TestCanonicalMatchesEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	alphabet := []string{"a", "ö", "<", "&", "\"", "\\", "\n", "\x00", "\x1f", "\u2028", "😀", "\xff", " ", "\x7f"}
	str := func() string {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for range 500 {
		a := Answers{}
		m := map[string]map[string]string{}
		for range rng.IntN(5) {
			id, ans := str(), Answer{Value: str(), Note: str()}
			a[id] = ans
			m[id] = map[string]string{"value": ans.Value}
			if ans.Note != "" {
				m[id]["note"] = ans.Note
			}
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
		if got, want := Canonical(a), bytes.TrimSuffix(buf.Bytes(), []byte("\n")); !bytes.Equal(got, want) {
			t.Fatalf("Canonical =\n%s\nencoding/json:\n%s", got, want)
		}
	}
}

// archived reads an earlier rules version from data/versions, as
// cmd/selfcheck does.
func archived(v string) (*rules.Rules, error) {
	b, err := molnkollen.ArchivedRules(v)
	if err != nil {
		return nil, err
	}
	return rules.Parse(b)
}

// importCodes reads data as the page does (Import with the archived rules
// compiled into the module, package shipped) and as cmd/selfcheck does
// (Import with data/versions/ parsed), and returns the code each gives: ""
// for a file of the rules r, CodeOlderVersion for one of an earlier
// version, else the error's code.
func importCodes(r *rules.Rules, data []byte) (page, checker string) {
	im, err := Import(r, data, shipped.Archived)
	if page = code(err); err == nil && im.From != nil {
		page = CodeOlderVersion
	}
	im, err = Import(r, data, archived)
	if checker = code(err); err == nil && im.From != nil {
		checker = CodeOlderVersion
	}
	return page, checker
}

// roundTrip exports a and reads the file back as the page does: it must be
// a file of today's rules with the same answers and their fingerprint.
func roundTrip(t *testing.T, r *rules.Rules, a Answers) {
	t.Helper()
	b, _, err := Export(r, a, exportedAt)
	if code(err) == CodeTooLarge {
		return // the file would be larger than Import reads: Export says so
	}
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	im, err := Import(r, b, shipped.Archived)
	if err != nil || im.From != nil || !reflect.DeepEqual(im.Carried, a) || im.Fingerprint != Fingerprint(a) || im.Differs() {
		t.Fatalf("round trip: %v\n%v\n%+v", err, a, im)
	}
}

func code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err != nil {
		return "not an *Error: " + err.Error()
	}
	return ""
}

func TestParseAnswers(t *testing.T) {
	r := load(t)
	long := func(n int) string { return strings.Repeat("å", n) }
	tests := []struct {
		in   string
		want string
	}{
		{`{}`, ""},
		{`{"central":{"value":"ja"},"namn":{"value":"X"},"1a":{"value":"vetej","note":"n"},"behovsanalys":{"value":"klar","note":"Dnr 1"}}`, ""},
		{`{"1a":{"value":"","note":"a comment without an answer"}}`, ""},
		{`{"1a":{"note":"a comment without an answer"}}`, CodeBadValue},
		{`{"namn":{"value":"` + long(200) + `"}}`, ""},
		{`{"1a":{"value":"ja","note":"` + long(2000) + `"}}`, ""},
		{`{"namn":{"value":"<img src=x onerror=alert(1)>"}}`, ""},
		{``, CodeNotJSON},
		{`{"central":{"value":"ja"}`, CodeNotJSON},
		{`{"central":{"value":"ja"},"central":{"value":"nej"}}`, CodeNotJSON},
		{`[]`, CodeBadValue},
		{`"x"`, CodeBadValue},
		{`{"nosuch":{"value":"ja"}}`, CodeUnknownID},
		{`{"__proto__":{"value":"ja"}}`, CodeUnknownID},
		{`{"central":"ja"}`, CodeBadValue},
		{`{"central":{"value":true}}`, CodeBadValue},
		{`{"central":{"value":"ja","note":1}}`, CodeBadValue},
		{`{"central":{"value":"JA"}}`, CodeBadValue},
		{`{"central":{"value":"klar"}}`, CodeBadValue},
		{`{"typ":{"value":"ja"}}`, CodeBadValue},
		{`{"behovsanalys":{"value":"ja"}}`, CodeBadValue},
		{`{"central":{"value":"ja","extra":"x"}}`, CodeBadValue},
		{`{"namn":{"value":"x","note":"notes only on yes/no and status"}}`, CodeBadValue},
		{`{"namn":{"value":"` + long(201) + `"}}`, CodeTooLong},
		{`{"1a":{"value":"ja","note":"` + long(2001) + `"}}`, CodeTooLong},
		{`"` + strings.Repeat("x", 262144) + `"`, CodeTooLarge},
		{`{"3c":{"value":"` + long(2000) + `"}}`, ""},
		{`{"3c":{"value":"` + long(2001) + `"}}`, CodeTooLong},
		{`{"3c":{"value":"text","note":"descriptions take no note"}}`, CodeBadValue},
		{`{"accepterar":{"value":"inteannu"}}`, ""},
		{`{"accepterar":{"value":"vetej"}}`, CodeBadValue},
		{`{"namn":{"value":"rad 1\nrad 2"}}`, CodeBadValue},
		{`{"namn":{"value":"rad 1\rrad 2"}}`, CodeBadValue},
		{`{"namn":{"value":"\u2028rad\u2028rad\u2029"}}`, ""},
	}
	for _, tt := range tests {
		_, err := ParseAnswers(r, []byte(tt.in))
		if got := code(err); got != tt.want {
			in := tt.in
			if len(in) > 80 {
				in = in[:80] + "..."
			}
			t.Errorf("ParseAnswers(%s) = %q (%v), want %q", in, got, err, tt.want)
		}
	}
	a, err := ParseAnswers(r, []byte(`{"1a":{"value":"vetej","note":"n"},"namn":{"value":""},"2a":{"value":"","note":""},"4d":{"value":"  \n "}}`))
	if err != nil || !reflect.DeepEqual(a, Answers{"1a": {Value: "vetej", Note: "n"}}) {
		t.Errorf("ParseAnswers dropped or kept the wrong answers: %v %v", a, err)
	}
	// The page sends what its form holds; answers to questions not asked
	// are dropped here, in Go (engine.Asked), not in the page.
	a, err = ParseAnswers(r, []byte(`{"4b":{"value":"nej"},"4b-hur":{"value":"x"},"4c":{"value":"ja"},"4c-varfor":{"value":"y"},"accepterar":{"value":"ja"}}`))
	if err != nil || !reflect.DeepEqual(a, Answers{"4b": {Value: "nej"}, "4c": {Value: "ja"}, "4c-varfor": {Value: "y"}}) {
		t.Errorf("ParseAnswers kept answers to questions not asked, or dropped asked ones: %v %v", a, err)
	}
	// Free text from the page is normalised: one rule, in Go.
	a, err = ParseAnswers(r, []byte(`{"3c":{"value":" Rad 1\r\nRad 2\rRad 3\n"},"1a":{"value":"ja","note":"\t x "}}`))
	if err != nil || !reflect.DeepEqual(a, Answers{"3c": {Value: "Rad 1\nRad 2\nRad 3"}, "1a": {Value: "ja", Note: "x"}}) {
		t.Errorf("ParseAnswers did not normalise: %q %v", a, err)
	}
}

// cases are realistic self-checks, one per outcome the site's end-to-end
// tests use; their exports are golden files in testdata.
var cases = []struct {
	name     string
	answers  Answers
	outcomes []string
}{
	{"central-lokal-drift", Answers{
		"namn":         {Value: "Inloggningstjänst för e-legitimation"},
		"leverantor":   {Value: "Exempelbolaget AB"},
		"typ":          {Value: "saas"},
		"driftmodell":  {Value: "publikt"},
		"central":      {Value: "ja", Note: "Tjänsten ska ersätta kommunens ID-åtkomst."},
		"okanslig":     {Value: "nej"},
		"sjalvstandig": {Value: "nej"},
		"avtal":        {Value: "vetej"},
		"1a":           {Value: "vetej"},
		"4b":           {Value: "ja"},
		"4b-hur":       {Value: "Alla system som loggar in användare.\nKräver SAML och OIDC."},
		"behovsanalys": {Value: "pagar", Note: "KS 2026/123"},
		"itchef":       {Value: "ja"},
	}, []string{"lokal-drift", "inte-klart"}},
	{"fristaende-kan-passa", Answers{
		"namn":                     {Value: "Bokning av lokaler"},
		"leverantor":               {Value: "Lokalbokarna AB"},
		"enhet":                    {Value: "Kultur- och fritidsförvaltningen"},
		"diarienummer":             {Value: "KFN 2026/45"},
		"typ":                      {Value: "saas"},
		"driftmodell":              {Value: "publikt"},
		"central":                  {Value: "nej"},
		"okanslig":                 {Value: "ja", Note: "Bara lokalnamn och tider."},
		"sjalvstandig":             {Value: "ja"},
		"avtal":                    {Value: "ja", Note: "Avtalet följer SKR:s mall."},
		"belastning":               {Value: "ja"},
		"resurser":                 {Value: "nej"},
		"1a":                       {Value: "ja"},
		"2a":                       {Value: "ja"},
		"2b":                       {Value: "ja"},
		"3a":                       {Value: "ja"},
		"3b":                       {Value: "ja"},
		"3c":                       {Value: "Leverantörens support, första linjen via IT-center."},
		"4a":                       {Value: "Bokarna arbetar i webbläsaren. Inga andra applikationer behövs samtidigt."},
		"4b":                       {Value: "ja"},
		"4b-hur":                   {Value: "En integration: lokalerna läses från fastighetssystemet varje natt."},
		"4c":                       {Value: "nej"},
		"4d":                       {Value: "Export till CSV ingår i avtalet."},
		"behovsanalys":             {Value: "klar", Note: "Dnr 2026/45"},
		"informationskartlaggning": {Value: "klar"},
		"informationsklassning":    {Value: "klar"},
		"riskanalys":               {Value: "klar"},
		"kravstallning":            {Value: "klar"},
		"livscykel":                {Value: "ejtillamplig", Note: "Bokningarna gallras av tjänsten efter ett år."},
		"upprattaavtal":            {Value: "klar"},
		"skyddsniva":               {Value: "ja"},
		"itchef":                   {Value: "ja"},
		"accepterar":               {Value: "ja"},
		"riskbedomning":            {Value: "ja"},
		"juridik":                  {Value: "ja"},
	}, []string{"kan-passa", "klart"}},
	{"kanslig-fordjupad", Answers{
		"namn":          {Value: "Elevhälsans journal <img src=x onerror=alert(1)>"},
		"typ":           {Value: "saas"},
		"driftmodell":   {Value: "vetej"},
		"central":       {Value: "nej"},
		"okanslig":      {Value: "nej", Note: "Hälsouppgifter om elever."},
		"sjalvstandig":  {Value: "ja"},
		"avtal":         {Value: "vetej"},
		"1a":            {Value: "ja"},
		"2a":            {Value: "vetej", Note: "<script>alert(\"x\")</script>"},
		"2b":            {Value: "vetej"},
		"3a":            {Value: "nej"},
		"4c":            {Value: "ja"},
		"behovsanalys":  {Value: "klar"},
		"riskanalys":    {Value: "ejpaborjad"},
		"itchef":        {Value: "ja", Note: "Rektor vill ändå gå vidare."},
		"accepterar":    {Value: "nej"},
		"riskbedomning": {Value: "nej"},
	}, []string{"passar-samre", "inte-klart"}},
}

func TestGolden(t *testing.T) {
	r := load(t)
	for _, c := range cases {
		got, fp, err := Export(r, c.answers, exportedAt)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if fp != Fingerprint(c.answers) {
			t.Errorf("%s: Export returned the fingerprint %s, the answers give %s", c.name, fp, Fingerprint(c.answers))
		}
		golden := filepath.Join("testdata", c.name+".golden")
		canonical := filepath.Join("testdata", c.name+".canonical")
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(canonical, Canonical(c.answers), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: export differs from %s (run go test -update and review the diff):\n%s", c.name, golden, got)
		}
		if want, err := os.ReadFile(canonical); err != nil || !bytes.Equal(Canonical(c.answers), want) {
			t.Errorf("%s: canonical form differs from %s (%v)", c.name, canonical, err)
		}

		// The file imports back to the same answers, with the stored result
		// equal to a fresh evaluation, in cmd/selfcheck and in the page.
		checked, err := Import(r, got, func(v string) (*rules.Rules, error) {
			t.Fatalf("%s: a file of today's rules made Import ask for rules version %s", c.name, v)
			return nil, nil
		})
		if err != nil {
			t.Fatalf("%s: importing the export: %v", c.name, err)
		}
		f := checked.File
		if checked.With != r || checked.From != nil || checked.Differs() {
			t.Errorf("%s: checked against other rules than today's, or the result differs", c.name)
		}
		if im, err := Import(r, got, shipped.Archived); err != nil || im.From != nil || len(im.Reask) != 0 || !reflect.DeepEqual(im.File, f) || !reflect.DeepEqual(im.Carried, f.Answers) {
			t.Errorf("%s: the page's Import read the export as %+v (%v), the checker's as %+v", c.name, im, err, f)
		}
		if !reflect.DeepEqual(f.Answers, c.answers) {
			t.Errorf("%s: imported answers differ:\n got %v\nwant %v", c.name, f.Answers, c.answers)
		}
		if res := engine.Evaluate(r, f.Answers); !res.Equal(f.Result) || !slices.Equal(res.Outcomes, c.outcomes) {
			t.Errorf("%s: stored result %+v, evaluated %+v, want outcomes %q", c.name, f.Result, res, c.outcomes)
		}
		if f.ExportedAt != exportedAt || f.Fingerprint != Fingerprint(c.answers) || f.GuidelineTitle != r.Guideline.Title {
			t.Errorf("%s: imported %+v", c.name, f)
		}

		// encoding/json reads the same file, and its canonical answers hash
		// to the fingerprint (the documented recipe).
		var doc struct {
			Answers     map[string]map[string]string
			Fingerprint string
		}
		if err := json.Unmarshal(got, &doc); err != nil {
			t.Fatalf("%s: encoding/json cannot read the export: %v", c.name, err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.Encode(doc.Answers)
		sum := sha256.Sum256(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		if doc.Fingerprint != fmt.Sprintf("sha256:%x", sum) {
			t.Errorf("%s: the recipe gives sha256:%x, the file says %s", c.name, sum, doc.Fingerprint)
		}
	}
}

// edit decodes a golden export, lets f change it and re-encodes it.
func edit(t *testing.T, f func(d map[string]any)) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "kanslig-fordjupad.golden"))
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	f(d)
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func answersOf(d map[string]any) map[string]any { return d["answers"].(map[string]any) }

func TestImportErrors(t *testing.T) {
	r := load(t)
	good, err := os.ReadFile(filepath.Join("testdata", "kanslig-fordjupad.golden"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"golden", good, ""},
		{"re-encoded by encoding/json", edit(t, func(d map[string]any) {}), ""},
		{"too large, even if valid", append(good[:len(good):len(good)], bytes.Repeat([]byte(" "), 262144)...), CodeTooLarge},
		{"too large garbage", bytes.Repeat([]byte("x"), 262145), CodeTooLarge},
		{"empty", nil, CodeNotJSON},
		{"truncated", good[:len(good)/2], CodeNotJSON},
		{"not JSON", []byte("diarienummer: 123"), CodeNotJSON},
		{"deep nesting", []byte(strings.Repeat("[", 100) + strings.Repeat("]", 100)), CodeNotJSON},
		{"trailing garbage", append(good[:len(good):len(good)], 'x'), CodeNotJSON},
		{"duplicate key", bytes.Replace(good, []byte(`"format"`), []byte(`"format": "x", "format"`), 1), CodeNotJSON},
		{"array", []byte(`[]`), CodeWrongFormat},
		{"other format", edit(t, func(d map[string]any) { d["format"] = "annat" }), CodeWrongFormat},
		{"no format", edit(t, func(d map[string]any) { delete(d, "format") }), CodeWrongFormat},
		{"a later format version", edit(t, func(d map[string]any) { d["formatVersion"] = 5 }), CodeWrongVersion},
		{"format version string", edit(t, func(d map[string]any) { d["formatVersion"] = "3" }), CodeWrongVersion},
		{"format version of an older rules version", edit(t, func(d map[string]any) { d["formatVersion"] = 1 }), CodeWrongVersion},
		{"other rules", edit(t, func(d map[string]any) { d["rulesVersion"] = "2020-01-01.1" }), CodeWrongVersion},
		// A file names what it is from; one of another guideline or
		// organisation is refused with a message that names it.
		{"other guideline", edit(t, func(d map[string]any) { d["guideline"].(map[string]any)["validFrom"] = "2020-01-01" }), CodeOtherGuideline},
		{"other guideline title", edit(t, func(d map[string]any) { d["guideline"].(map[string]any)["title"] = "Riktlinje för e-post" }), CodeOtherGuideline},
		{"other organisation", edit(t, func(d map[string]any) {
			d["organisation"] = map[string]any{"id": "exempelby-kommun", "name": "Exempelby kommun"}
		}), CodeOtherOrg},
		{"other organisation of a later format", edit(t, func(d map[string]any) {
			d["organisation"] = map[string]any{"id": "exempelby-kommun", "name": "Exempelby kommun"}
			d["formatVersion"] = 9
		}), CodeOtherOrg},
		{"no organisation", edit(t, func(d map[string]any) { delete(d, "organisation") }), CodeBadValue},
		{"organisation without a name", edit(t, func(d map[string]any) { d["organisation"] = map[string]any{"id": "varnamo-kommun"} }), CodeBadValue},
		{"organisation renamed", edit(t, func(d map[string]any) {
			d["organisation"] = map[string]any{"id": "varnamo-kommun", "name": "Värnamo kommun (ny)"}
		}), ""},
		{"other organisation, name on two lines", edit(t, func(d map[string]any) {
			d["organisation"] = map[string]any{"id": "exempelby-kommun", "name": "Exempelby\nkommun"}
		}), CodeBadValue},
		{"organisation in a file of format 2", func() []byte {
			b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "versions", "2022-06-27.2", "kanslig-fordjupad.json"))
			if err != nil {
				t.Fatal(err)
			}
			return bytes.Replace(b, []byte(`"guideline"`), []byte(`"organisation": {"id": "varnamo-kommun", "name": "Värnamo kommun"}, "guideline"`), 1)
		}(), CodeBadValue},
		{"unknown id", edit(t, func(d map[string]any) { answersOf(d)["5a"] = map[string]any{"value": "ja"} }), CodeUnknownID},
		{"bad value", edit(t, func(d map[string]any) { answersOf(d)["central"] = map[string]any{"value": "kanske"} }), CodeBadValue},
		{"value not a string", edit(t, func(d map[string]any) { answersOf(d)["central"] = map[string]any{"value": 1} }), CodeBadValue},
		{"answer not an object", edit(t, func(d map[string]any) { answersOf(d)["central"] = "ja" }), CodeBadValue},
		{"answers not an object", edit(t, func(d map[string]any) { d["answers"] = []any{} }), CodeBadValue},
		{"exportedAt number", edit(t, func(d map[string]any) { d["exportedAt"] = 1764235800 }), CodeBadValue},
		{"exportedAt not a time", edit(t, func(d map[string]any) { d["exportedAt"] = "igår" }), CodeBadValue},
		{"no exportedAt", edit(t, func(d map[string]any) { delete(d, "exportedAt") }), CodeBadValue},
		{"no result", edit(t, func(d map[string]any) { delete(d, "result") }), CodeBadValue},
		{"unknown outcome", edit(t, func(d map[string]any) { d["result"].(map[string]any)["fit"] = "ok" }), CodeBadValue},
		{"outcome of the other part", edit(t, func(d map[string]any) { d["result"].(map[string]any)["fit"] = "klart" }), CodeBadValue},
		{"old verdict key", edit(t, func(d map[string]any) { d["result"].(map[string]any)["verdict"] = "kan-passa" }), CodeBadValue},
		{"no ready part", edit(t, func(d map[string]any) { delete(d["result"].(map[string]any), "ready") }), CodeBadValue},
		{"reason id the rules cannot give", edit(t, func(d map[string]any) { d["result"].(map[string]any)["reasons"] = []any{"3a:nej"} }), CodeBadValue},
		{"open id the rules cannot give", edit(t, func(d map[string]any) { d["result"].(map[string]any)["open"] = []any{"namn:unanswered"} }), CodeBadValue},
		{"route id the rules cannot give", edit(t, func(d map[string]any) { d["result"].(map[string]any)["route"] = []any{"\x1b[2J"} }), CodeBadValue},
		{"value with a trailing space", edit(t, func(d map[string]any) { answersOf(d)["namn"] = map[string]any{"value": "x "} }), CodeBadValue},
		{"note with CRLF", edit(t, func(d map[string]any) { answersOf(d)["okanslig"] = map[string]any{"value": "nej", "note": "a\r\nb"} }), CodeBadValue},
		{"line break in a one-line text", edit(t, func(d map[string]any) { answersOf(d)["namn"] = map[string]any{"value": "Elevhälsans\njournal"} }), CodeBadValue},
		{"answer to a question not asked", edit(t, func(d map[string]any) { answersOf(d)["4b-hur"] = map[string]any{"value": "Via filöverföring."} }), CodeNotAsked},
		{"not a calendar date", edit(t, func(d map[string]any) { d["exportedAt"] = "2026-02-31T09:30:00Z" }), CodeBadValue},
		{"UTF-8 byte order mark", append([]byte("\uFEFF"), good...), ""},
		{"UTF-16", utf16LE(good), CodeNotJSON},
		{"invalid UTF-8", bytes.Replace(good, []byte("Elevhälsans"), []byte("Elevh\xe4lsans"), 1), CodeNotJSON},
		{"open not strings", edit(t, func(d map[string]any) { d["result"].(map[string]any)["open"] = []any{1} }), CodeBadValue},
		{"ground the rules cannot give", edit(t, func(d map[string]any) { d["result"].(map[string]any)["grounds"] = []any{"okanslig:ja"} }), CodeBadValue},
		{"ground of no question", edit(t, func(d map[string]any) { d["result"].(map[string]any)["grounds"] = []any{"nosuch:unknown"} }), CodeBadValue},
		{"assumption the rules do not have", edit(t, func(d map[string]any) { d["result"].(map[string]any)["assumptions"] = []any{"x"} }), CodeBadValue},
		{"no grounds", edit(t, func(d map[string]any) { delete(d["result"].(map[string]any), "grounds") }), CodeBadValue},
		{"no assumptions", edit(t, func(d map[string]any) { delete(d["result"].(map[string]any), "assumptions") }), CodeBadValue},
		{"grounds changed", edit(t, func(d map[string]any) { d["result"].(map[string]any)["grounds"] = []any{"central:unknown"} }), ""},
		{"extra key", edit(t, func(d map[string]any) { d["comment"] = "x" }), CodeBadValue},
		{"guideline without title", edit(t, func(d map[string]any) { delete(d["guideline"].(map[string]any), "title") }), CodeBadValue},
		{"answer without value", edit(t, func(d map[string]any) { answersOf(d)["2a"] = map[string]any{"note": "x"} }), CodeBadValue},
		{"guideline not an object", edit(t, func(d map[string]any) { d["guideline"] = "Riktlinje" }), CodeBadValue},
		{"fingerprint number", edit(t, func(d map[string]any) { d["fingerprint"] = 0 }), CodeBadValue},
		{"text too long", edit(t, func(d map[string]any) { answersOf(d)["namn"] = map[string]any{"value": strings.Repeat("x", 201)} }), CodeTooLong},
		{"note too long", edit(t, func(d map[string]any) {
			answersOf(d)["2a"] = map[string]any{"value": "ja", "note": strings.Repeat("x", 2001)}
		}), CodeTooLong},
		{"answer changed", edit(t, func(d map[string]any) { answersOf(d)["okanslig"] = map[string]any{"value": "ja"} }), CodeBadFingerprint},
		{"note changed", edit(t, func(d map[string]any) {
			answersOf(d)["okanslig"] = map[string]any{"value": "nej", "note": "Hälsouppgifter om elever"}
		}), CodeBadFingerprint},
		{"fingerprint changed", edit(t, func(d map[string]any) { d["fingerprint"] = "sha256:00" }), CodeBadFingerprint},
		// The stored result is not trusted and not checked here (cmd/selfcheck
		// compares it with a fresh evaluation); the page re-evaluates.
		{"result changed", edit(t, func(d map[string]any) { d["result"].(map[string]any)["fit"] = "kan-passa" }), ""},
	}
	for _, tt := range tests {
		page, checker := importCodes(r, tt.in)
		if page != tt.want || checker != tt.want {
			t.Errorf("%s: page = %q, checker = %q, want %q", tt.name, page, checker, tt.want)
		}
	}
}

// utf16LE encodes b (UTF-8) as UTF-16LE with a byte order mark, as some
// Windows editors save files.
func utf16LE(b []byte) []byte {
	out := []byte{0xff, 0xfe}
	for _, r := range string(b) {
		for _, u := range utf16.Encode([]rune{r}) {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func TestExportRefuses(t *testing.T) {
	r := load(t)
	// A time that is no RFC 3339 time is the clock's fault: the page says
	// so in words (data formMessages), not "something went wrong".
	for _, at := range []string{"2026-11-27", "+010000-01-01T00:00:00.000Z", "-000001-12-31T23:00:00.000Z", "10000-01-01T00:00:00.000+01:00", "2026-06-30T23:59:60.000Z", ""} {
		if _, _, err := Export(r, Answers{"central": {Value: "ja"}}, at); code(err) != CodeBadClock {
			t.Errorf("Export at %q: %v, want %s", at, err, CodeBadClock)
		}
	}
	for _, at := range []string{"0000-01-01T00:00:00.000+01:00", "9999-12-31T23:59:59.999-05:00"} {
		if _, _, err := Export(r, Answers{"central": {Value: "ja"}}, at); err != nil {
			t.Errorf("Export at %q: %v", at, err)
		}
	}
	// Export takes answers already checked: ParseAnswers refuses an
	// unknown id before the page exports (TestParseAnswers here, TestErrors
	// in package wasm).
}

// TestExportWritesWhatImportReads: text full of line separators (U+2028,
// which the file escapes as \u2028 while the page's JSON holds it as
// three bytes) exports and reads back; answers whose file would be larger
// than Import reads are refused by Export with too-large, not saved as a
// file no one can read.
func TestExportWritesWhatImportReads(t *testing.T) {
	r := load(t)
	sep := strings.Repeat("\u2028", 20)
	a := Answers{"namn": {Value: "Tjänst" + sep + "namn"}, "3c": {Value: "Rad" + sep + "rad"}, "1a": {Value: "ja", Note: "x" + sep + "y"}}
	roundTrip(t, r, a)
	if _, _, err := Export(r, a, exportedAt); err != nil {
		t.Fatalf("Export: %v", err)
	}
	big := Answers{}
	for _, q := range r.Questions {
		if q.TakesNote() {
			big[q.ID] = Answer{Note: "x" + strings.Repeat("\u2028", r.Limits.NoteChars-2) + "y"}
		}
	}
	in := Canonical(big)
	if _, err := ParseAnswers(r, []byte(strings.ReplaceAll(string(in), `\u2028`, "\u2028"))); err != nil {
		t.Fatalf("the page's answers are within its limits, but ParseAnswers says %v", err)
	}
	if _, _, err := Export(r, big, exportedAt); code(err) != CodeTooLarge {
		t.Errorf("Export of answers whose file is too large for Import: %v, want too-large", err)
	}
}

// TestFormMessagesAreInData: the codes the page's own answers and clock
// can give when it exports or evaluates (data "formMessages", which Hugo
// renders; no Go code reads them) have their Swedish message, and "other"
// is there for the rest.
func TestFormMessagesAreInData(t *testing.T) {
	var d struct{ FormMessages map[string]string }
	if err := json.Unmarshal(molnkollen.SelfcheckJSON, &d); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{CodeTooLarge, CodeBadClock, "other"} {
		if d.FormMessages[c] == "" {
			t.Errorf("data formMessages lacks %q", c)
		}
	}
}

// TestCodesAreInData: every error code has a Swedish message in the data,
// and the data has no message the code cannot produce.
func TestCodesAreInData(t *testing.T) {
	r := load(t)
	got, want := slices.Clone(r.MessageCodes), append(slices.Clone(Codes), CodeOlderVersion, CodeOtherAnswers)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("data messages %q, record codes %q", got, want)
	}
}

// FuzzImport: no input makes Import (as the page runs it) panic, and
// anything it accepts exports and imports again to the same answers.
func FuzzImport(f *testing.F) {
	r := load(f)
	for _, c := range cases {
		b, _, err := Export(r, c.answers, exportedAt)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := Import(r, data, shipped.Archived)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !slices.Contains(Codes, e.Code) {
				t.Fatalf("Import error %v is not a known *Error", err)
			}
			return
		}
		roundTrip(t, r, im.Carried)
	})
}

// FuzzParseAnswers: the answers JSON from the page never makes
// ParseAnswers panic, and accepted answers survive export and import.
func FuzzParseAnswers(f *testing.F) {
	r := load(f)
	for _, c := range cases {
		f.Add(Canonical(c.answers))
	}
	f.Add([]byte(`{"namn":{"value":"<img src=x onerror=alert(1)>"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseAnswers(r, data)
		if err != nil {
			return
		}
		roundTrip(t, r, a)
	})
}

// TestHTMLRoundTrips: markup in free text is data. It is written unescaped
// (as encoding/json does with HTML escaping off) and comes back unchanged.
func TestHTMLRoundTrips(t *testing.T) {
	r := load(t)
	payload := `<img src=x onerror=alert(1)><script>alert('x')</script>&amp;`
	a := Answers{"namn": {Value: payload[:28]}, "1a": {Value: "ja", Note: payload}, "behovsanalys": {Value: "klar", Note: payload}}
	b, _, err := Export(r, a, exportedAt)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(payload)) {
		t.Errorf("export does not hold the note as plain text:\n%s", b)
	}
	roundTrip(t, r, a)
	seed, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzImport", "html-payload"))
	if err != nil {
		t.Fatal(err)
	}
	// The seed file holds a Go-quoted []byte literal; it must be a valid file.
	lit := strings.TrimSuffix(strings.TrimPrefix(strings.SplitN(string(seed), "\n", 2)[1], "[]byte("), ")\n")
	file, err := strconv.Unquote(lit)
	if err != nil {
		t.Fatal(err)
	}
	// It is a file of the first rules version, whose "accepterar" took a
	// note: the note comes back with the answers to give again.
	im, err := Import(r, []byte(file), shipped.Archived)
	if err != nil || !slices.ContainsFunc(im.Reask, func(x Reask) bool {
		return x.ID == "accepterar" && strings.Contains(x.Note, "<img src=x onerror=alert(1)>")
	}) {
		t.Errorf("html-payload seed: %+v %v", im, err)
	}
}

// FuzzNormalize holds the one rule for free text to the standard library:
// white space as strings.TrimSpace trims it, then every CRLF and lone CR
// as LF.
func FuzzNormalize(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n"), "\r", "\n")
		if got := Normalize(s); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", s, got, want)
		}
	})
}
