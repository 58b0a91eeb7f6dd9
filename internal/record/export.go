package record

import (
	"molnkollen/internal/engine"
	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
	"molnkollen/internal/rules"
)

// Export evaluates the answers and returns the export file (see the package
// documentation) and the fingerprint it holds. exportedAt is the time of
// export as an RFC 3339 string: the page writes its local time with its
// offset, so that the date a printout shows is the string's own.
//
// The answers must be valid for r, as ParseAnswers and Import (Carried) return
// them: Export does not check them again. It refuses (too-large) to write a
// file larger than Import reads.
func Export(r *rules.Rules, a Answers, exportedAt string) (file []byte, fingerprint string, err error) {
	return exportRecord(r, a, exportedAt, nil)
}

// exportRecord is Export with the decision record ds (rules with a decision
// record only).
func exportRecord(r *rules.Rules, a Answers, exportedAt string, ds []Decision) (file []byte, fingerprint string, err error) {
	if !lean.IsRFC3339(exportedAt) {
		return nil, "", fail(CodeBadClock, "exportedAt: want an RFC 3339 time (years 0000-9999)")
	}
	res := engine.Evaluate(r, a)
	result := jsonv.Obj()
	for i, p := range r.Parts {
		result.Members = append(result.Members, jsonv.Member{Key: p.ID, Value: jsonv.Str(res.Outcomes[i])})
	}
	for _, k := range r.ResultLists() {
		result.Members = append(result.Members, jsonv.Member{Key: k, Value: jsonv.Strs(*resultList(&res, k))})
	}
	fingerprint = Fingerprint(a)
	doc := jsonv.Obj(
		jsonv.Member{Key: "format", Value: jsonv.Str(r.Format)},
		jsonv.Member{Key: "formatVersion", Value: jsonv.Num(r.FormatVersion)},
		jsonv.Member{Key: "rulesVersion", Value: jsonv.Str(r.RulesVersion)})
	if r.Organisation.ID != "" {
		doc.Members = append(doc.Members, jsonv.Member{Key: "organisation", Value: jsonv.Obj(
			jsonv.Member{Key: "id", Value: jsonv.Str(r.Organisation.ID)},
			jsonv.Member{Key: "name", Value: jsonv.Str(r.Organisation.Name)},
		)})
	}
	doc.Members = append(doc.Members,
		jsonv.Member{Key: "guideline", Value: jsonv.Obj(
			jsonv.Member{Key: "title", Value: jsonv.Str(r.Guideline.Title)},
			jsonv.Member{Key: "validFrom", Value: jsonv.Str(r.Guideline.ValidFrom)},
		)},
		jsonv.Member{Key: "exportedAt", Value: jsonv.Str(exportedAt)},
		jsonv.Member{Key: "answers", Value: *answersValue(a, r.Questions)},
		jsonv.Member{Key: "result", Value: result},
		jsonv.Member{Key: "fingerprint", Value: jsonv.Str(fingerprint)})
	if r.Decisions != nil {
		doc.Members = append(doc.Members,
			jsonv.Member{Key: "decisions", Value: decisionsValue(ds)},
			jsonv.Member{Key: "decisionsFingerprint", Value: jsonv.Str(head(ds))})
	}
	file = append(jsonv.AppendIndent(nil, &doc, "  "), '\n')
	if len(file) > r.Limits.FileBytes {
		// The file escapes what the page's JSON need not (U+2028, ...): a
		// file the page saves must be one it can read back.
		return nil, "", fail(CodeTooLarge, "the file would exceed limits.fileBytes")
	}
	return file, fingerprint, nil
}
