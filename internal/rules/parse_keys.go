package rules

import (
	"slices"

	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
)

// objectKeys are the keys each object of the data may have, by where it
// sits ("[]" for any item of an array). A key that is none of them is a
// mistake, reported with its JSON path: a misspelt "showIf" would otherwise
// leave its question always asked, a misspelt "previous" leave old files
// unreadable, and nothing would say so. Some keys only the templates read
// (Hugo): "about", a section's "intro", a question's "hint" and "help", an
// option's "term", the guideline's "page". Objects whose keys are ids or
// codes (passages, messages, the checker's words, reasons, a condition's
// answers, ...) are not listed here: the parser checks those keys itself.
var objectKeys = map[string][]string{
	"$": {"about", "answerSets", "checker", "decisions", "formMessages", "format", "formatVersion", "guideline",
		"limits", "messages", "openItems", "organisation", "parts", "passages", "previous", "readsFormats",
		"route", "rulesVersion", "sections"},
	"$.organisation":                       {"id", "name"},
	"$.guideline":                          {"page", "title", "validFrom"},
	"$.limits":                             {"descriptionChars", "fileBytes", "noteChars", "textChars"},
	"$.answerSets":                         {"status", "yesno"},
	"$.answerSets.status[]":                {"label", "motivate", "value"},
	"$.answerSets.yesno[]":                 {"label", "value"},
	"$.sections[]":                         {"cite", "groups", "id", "intro", "questions", "title"},
	"$.sections[].groups[]":                {"cite", "id", "title"},
	"$.sections[].questions[]":             {"cite", "concern", "cover", "group", "help", "hint", "id", "identifies", "kind", "label", "options", "reasons", "required", "short", "showIf", "step", "todo"},
	"$.sections[].questions[].options[]":   {"label", "term", "value"},
	"$.sections[].questions[].showIf":      conditionKeys,
	"$.sections[].questions[].cover":       {"answer", "todo", "until"},
	"$.sections[].questions[].cover.until": conditionKeys,
	"$.sections[].questions[].help":        {"items", "text", "title"},
	"$.parts[]":                            {"assumptions", "grounds", "id", "outcomes", "title"},
	"$.parts[].outcomes[]":                 {"asks", "cite", "id", "text", "title", "when"},
	"$.parts[].outcomes[].asks":            {"cite", "text"},
	"$.parts[].outcomes[].when":            {"answers", "open", "unknown"},
	"$.parts[].assumptions[]":              {"cite", "id", "text", "unless", "when"},
	"$.parts[].assumptions[].when":         conditionKeys,
	"$.parts[].assumptions[].unless":       conditionKeys,
	"$.route[]":                            {"always", "cite", "decides", "id", "role", "signs", "text", "when"},
	"$.route[].when":                       conditionKeys,
	"$.decisions":                          {"cite", "followUp", "labels", "roles"},
	"$.decisions.roles[]":                  {"after", "conditions", "motivation", "options", "role", "title", "when"},
	"$.decisions.roles[].options[]":        {"id", "label", "needs"},
	"$.decisions.roles[].when":             {"option", "role"},
	"$.previous[]":                         {"changes", "formatVersion", "rulesVersion", "validFrom"},
	"$.previous[].changes[]":               {"question", "to", "value"},
}

// conditionKeys are the keys of a condition on one question's answer.
var conditionKeys = []string{"is", "question"}

// knownKeys reports the first key of an object that objectKeys does not
// list for where the object sits.
func (p *parser) knownKeys(v *jsonv.Value, path, where string) {
	switch v.Kind {
	case jsonv.Array:
		for i := range v.Items {
			p.knownKeys(&v.Items[i], path+"["+lean.Itoa(i)+"]", where+"[]")
		}
	case jsonv.Object:
		keys, listed := objectKeys[where]
		if !listed {
			return
		}
		for i := range v.Members {
			m := &v.Members[i]
			if !slices.Contains(keys, m.Key) {
				p.fail(path+"."+m.Key, "unknown key (want one of: "+list(keys)+")")
				return
			}
			p.knownKeys(&m.Value, path+"."+m.Key, where+"."+m.Key)
		}
	}
}

// list joins keys with commas (package strings would cost the wasm module
// its size: wasm/size_test.go).
func list(keys []string) string {
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += k
	}
	return s
}
