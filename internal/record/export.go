package record

import (
	"molnkollen/internal/engine"
	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
	"molnkollen/internal/rules"
)

// Export evaluates the answers and returns the export file (see the package
// documentation) and the fingerprint it holds. exportedAt is the time of
// export as an RFC 3339 string, as JavaScript's Date.toISOString gives it.
//
// The answers must be valid for r, as ParseAnswers and ImportAny return
// them: Export does not check them again.
func Export(r *rules.Rules, a Answers, exportedAt string) (file []byte, fingerprint string, err error) {
	if !lean.IsRFC3339(exportedAt) {
		return nil, "", fail(CodeBadValue, "exportedAt: want an RFC 3339 time")
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
		jsonv.Member{Key: "rulesVersion", Value: jsonv.Str(r.RulesVersion)},
		jsonv.Member{Key: "guideline", Value: jsonv.Obj(
			jsonv.Member{Key: "title", Value: jsonv.Str(r.Guideline.Title)},
			jsonv.Member{Key: "validFrom", Value: jsonv.Str(r.Guideline.ValidFrom)},
		)},
		jsonv.Member{Key: "exportedAt", Value: jsonv.Str(exportedAt)},
		jsonv.Member{Key: "answers", Value: *answersValue(a, r.Questions)},
		jsonv.Member{Key: "result", Value: result},
		jsonv.Member{Key: "fingerprint", Value: jsonv.Str(fingerprint)},
	)
	file = jsonv.AppendIndent(nil, &doc, "  ")
	return append(file, '\n'), fingerprint, nil
}
