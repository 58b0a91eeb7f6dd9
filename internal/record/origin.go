package record

import (
	"unicode/utf8"

	"molnkollen/internal/jsonv"
	"molnkollen/internal/rules"
)

// checkOrigin refuses a file of another organisation or made under another
// guideline, naming what it is from in Error.Args: "organisation" (the
// file's) and "ours" for other-organisation; "guideline" and "validFrom"
// (the file's) for other-guideline. It looks only at what it can name: a
// file without these keys, or with names no message can hold, is left to
// checkHead (files before format 3 name no organisation).
func checkOrigin(r *rules.Rules, doc *jsonv.Value) *Error {
	if o := doc.Get("organisation"); o != nil && o.Kind == jsonv.Object {
		id, name := o.Get("id"), o.Get("name")
		if shown(r, id) && shown(r, name) && id.Str != r.Organisation.ID {
			return &Error{Code: CodeOtherOrg, Detail: "organisation.id " + quote(id.Str) + ", want " + quote(r.Organisation.ID),
				Args: map[string]string{"organisation": name.Str, "ours": r.Organisation.Name}}
		}
	}
	if g := doc.Get("guideline"); g != nil && g.Kind == jsonv.Object {
		title, from := g.Get("title"), g.Get("validFrom")
		if shown(r, title) && shown(r, from) && !ourGuideline(r, title.Str, from.Str) {
			return &Error{Code: CodeOtherGuideline, Detail: "guideline " + quote(title.Str) + " " + quote(from.Str),
				Args: map[string]string{"guideline": title.Str, "validFrom": from.Str}}
		}
	}
	return nil
}

// ourGuideline reports whether a file's guideline is the one of the rules
// r or of an earlier version of them: the same title, and the date from
// which the guideline is valid of one of the versions.
func ourGuideline(r *rules.Rules, title, validFrom string) bool {
	if title != r.Guideline.Title {
		return false
	}
	if validFrom == r.Guideline.ValidFrom {
		return true
	}
	for _, p := range r.Previous {
		if p.ValidFrom == validFrom {
			return true
		}
	}
	return false
}

// shown reports whether v is a string a message may show: normalised, on
// one line and no longer than a one-line answer.
func shown(r *rules.Rules, v *jsonv.Value) bool {
	return v != nil && v.Kind == jsonv.String && v.Str != "" && Normalize(v.Str) == v.Str &&
		!hasLineFeed(v.Str) && utf8.RuneCountInString(v.Str) <= r.Limits.TextChars
}

// checkOrganisation checks the organisation of a file of a format that
// names it: checkOrigin has refused another one.
func checkOrganisation(r *rules.Rules, o *jsonv.Value) *Error {
	if o == nil || o.Kind != jsonv.Object || len(o.Members) != 2 || !shown(r, o.Get("id")) || !shown(r, o.Get("name")) {
		return fail(CodeBadValue, "organisation: want {\"id\": ..., \"name\": ...}, strings of one line")
	}
	if o.Get("id").Str != r.Organisation.ID {
		return fail(CodeOtherOrg, "organisation.id: want "+quote(r.Organisation.ID))
	}
	return nil
}
