package record

import (
	"molnkollen/internal/engine"
	"molnkollen/internal/jsonv"
	"molnkollen/internal/rules"
)

// File is an imported, validated export file.
type File struct {
	GuidelineTitle string
	ExportedAt     string
	Answers        Answers
	Result         engine.Result // the result stored in the file (not re-evaluated)
	Fingerprint    string        // checked against the answers
}

// Export validates the answers, evaluates them and returns the export file
// (see the package documentation). exportedAt is the time of export as an
// RFC 3339 string, as JavaScript's Date.toISOString gives it.
func Export(r *rules.Rules, a Answers, exportedAt string) ([]byte, error) {
	if err := Validate(r, a); err != nil {
		return nil, err
	}
	if !isRFC3339(exportedAt) {
		return nil, fail(CodeBadValue, "exportedAt: want an RFC 3339 time")
	}
	res := engine.Evaluate(r, a)
	doc := jsonv.Obj(
		jsonv.Member{Key: "format", Value: jsonv.Str(r.Format)},
		jsonv.Member{Key: "formatVersion", Value: jsonv.Num(r.FormatVersion)},
		jsonv.Member{Key: "rulesVersion", Value: jsonv.Str(r.RulesVersion)},
		jsonv.Member{Key: "guideline", Value: jsonv.Obj(
			jsonv.Member{Key: "title", Value: jsonv.Str(r.Guideline.Title)},
			jsonv.Member{Key: "validFrom", Value: jsonv.Str(r.Guideline.ValidFrom)},
		)},
		jsonv.Member{Key: "exportedAt", Value: jsonv.Str(exportedAt)},
		jsonv.Member{Key: "answers", Value: *answersValue(a, r.Questions)},
		jsonv.Member{Key: "result", Value: jsonv.Obj(
			jsonv.Member{Key: "verdict", Value: jsonv.Str(res.Verdict)},
			jsonv.Member{Key: "reasons", Value: jsonv.Strs(res.Reasons)},
			jsonv.Member{Key: "open", Value: jsonv.Strs(res.Open)},
			jsonv.Member{Key: "route", Value: jsonv.Strs(res.Route)},
		)},
		jsonv.Member{Key: "fingerprint", Value: jsonv.Str(Fingerprint(a))},
	)
	out := jsonv.AppendIndent(nil, &doc, "  ")
	return append(out, '\n'), nil
}

// Import reads an export file and returns its answers; see ImportFile.
func Import(r *rules.Rules, data []byte) (Answers, error) {
	f, err := ImportFile(r, data)
	if err != nil {
		return nil, err
	}
	return f.Answers, nil
}

// ImportFile reads and checks an export file. The error, if any, is an
// *Error whose code says why the file was refused: too-large (checked
// before parsing), not-json, wrong-format, wrong-version (formatVersion,
// rulesVersion or the guideline's date differ from the data), unknown-id,
// bad-value (a missing or misplaced key, a wrong JSON type, an answer that
// is not allowed, a malformed time), too-long, bad-fingerprint.
func ImportFile(r *rules.Rules, data []byte) (*File, error) {
	f, e := importFile(r, data)
	if e != nil {
		return nil, e
	}
	return f, nil
}

// fileKeys are the export file's keys, all required.
var fileKeys = []string{"format", "formatVersion", "rulesVersion", "guideline", "exportedAt", "answers", "result", "fingerprint"}

func importFile(r *rules.Rules, data []byte) (*File, *Error) {
	if len(data) > r.Limits.FileBytes {
		return nil, fail(CodeTooLarge, "file exceeds limits.fileBytes")
	}
	doc, err := jsonv.Parse(data)
	if err != nil {
		return nil, fail(CodeNotJSON, err.Error())
	}
	if doc.Kind != jsonv.Object {
		return nil, fail(CodeWrongFormat, "want an object")
	}
	if v := doc.Get("format"); v == nil || v.Kind != jsonv.String || v.Str != r.Format {
		return nil, fail(CodeWrongFormat, "format: want "+quote(r.Format))
	}
	if v := doc.Get("formatVersion"); v == nil || v.Kind != jsonv.Number || v.Str != r.FormatVersion {
		return nil, fail(CodeWrongVersion, "formatVersion: want "+r.FormatVersion)
	}
	if v := doc.Get("rulesVersion"); v == nil || v.Kind != jsonv.String || v.Str != r.RulesVersion {
		return nil, fail(CodeWrongVersion, "rulesVersion: want "+quote(r.RulesVersion))
	}
	g := doc.Get("guideline")
	if g == nil || g.Kind != jsonv.Object {
		return nil, fail(CodeBadValue, "guideline: want an object")
	}
	if v := g.Get("validFrom"); v == nil || v.Kind != jsonv.String || v.Str != r.Guideline.ValidFrom {
		return nil, fail(CodeWrongVersion, "guideline.validFrom: want "+quote(r.Guideline.ValidFrom))
	}
	if v := g.Get("title"); v == nil || v.Kind != jsonv.String {
		return nil, fail(CodeBadValue, "guideline.title: want a string")
	}
	f := &File{}
	for _, m := range g.Members {
		switch {
		case m.Key == "title" && m.Value.Kind == jsonv.String:
			f.GuidelineTitle = m.Value.Str
		case m.Key != "validFrom":
			return nil, fail(CodeBadValue, "guideline."+m.Key+": unknown key or not a string")
		}
	}
	for _, m := range doc.Members {
		if !contains(fileKeys, m.Key) {
			return nil, fail(CodeBadValue, "unknown key "+quote(m.Key))
		}
	}
	for _, k := range fileKeys {
		if doc.Get(k) == nil {
			return nil, fail(CodeBadValue, "missing key "+quote(k))
		}
	}
	if v := doc.Get("exportedAt"); v.Kind != jsonv.String || !isRFC3339(v.Str) {
		return nil, fail(CodeBadValue, "exportedAt: want an RFC 3339 time")
	} else {
		f.ExportedAt = v.Str
	}
	a, e := answersFrom(r, doc.Get("answers"))
	if e != nil {
		return nil, e
	}
	f.Answers = a
	if e := readResult(r, doc.Get("result"), &f.Result); e != nil {
		return nil, e
	}
	fp := doc.Get("fingerprint")
	if fp.Kind != jsonv.String {
		return nil, fail(CodeBadValue, "fingerprint: want a string")
	}
	if want := Fingerprint(a); fp.Str != want {
		return nil, fail(CodeBadFingerprint, "fingerprint: the answers give "+want)
	}
	f.Fingerprint = fp.Str
	return f, nil
}

func readResult(r *rules.Rules, v *jsonv.Value, res *engine.Result) *Error {
	if v.Kind != jsonv.Object {
		return fail(CodeBadValue, "result: want an object")
	}
	lists := map[string]*[]string{"reasons": &res.Reasons, "open": &res.Open, "route": &res.Route}
	for _, m := range v.Members {
		if m.Key == "verdict" {
			if m.Value.Kind != jsonv.String || !contains(r.Verdicts, m.Value.Str) {
				return fail(CodeBadValue, "result.verdict: not a verdict id")
			}
			res.Verdict = m.Value.Str
			continue
		}
		dst := lists[m.Key]
		if dst == nil {
			return fail(CodeBadValue, "result: unknown key "+quote(m.Key))
		}
		if m.Value.Kind != jsonv.Array {
			return fail(CodeBadValue, "result."+m.Key+": want an array of strings")
		}
		*dst = make([]string, 0, len(m.Value.Items))
		for _, it := range m.Value.Items {
			if it.Kind != jsonv.String {
				return fail(CodeBadValue, "result."+m.Key+": want an array of strings")
			}
			*dst = append(*dst, it.Str)
		}
	}
	if res.Verdict == "" || res.Reasons == nil || res.Open == nil || res.Route == nil {
		return fail(CodeBadValue, "result: want verdict, reasons, open and route")
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// isRFC3339 reports whether s is an RFC 3339 date-time, such as
// "2026-11-27T09:30:00.000Z" (the time package is too large for the
// WebAssembly module). It checks the layout and the field ranges.
func isRFC3339(s string) bool {
	if len(s) < 20 || len(s) > 40 {
		return false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	if num(0, 4) < 0 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':' {
		return false
	}
	if m := num(5, 2); m < 1 || m > 12 {
		return false
	}
	if d := num(8, 2); d < 1 || d > 31 {
		return false
	}
	if h, mi, sec := num(11, 2), num(14, 2), num(17, 2); h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 {
		return false
	}
	rest := s[19:]
	if rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return false
		}
		rest = rest[i:]
	}
	switch {
	case rest == "Z" || rest == "z":
		return true
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		off := rest[1:]
		h, m := -1, -1
		if off[0] >= '0' && off[0] <= '9' && off[1] >= '0' && off[1] <= '9' {
			h = int(off[0]-'0')*10 + int(off[1]-'0')
		}
		if off[3] >= '0' && off[3] <= '9' && off[4] >= '0' && off[4] <= '9' {
			m = int(off[3]-'0')*10 + int(off[4]-'0')
		}
		return h >= 0 && h <= 23 && m >= 0 && m <= 59
	}
	return false
}
