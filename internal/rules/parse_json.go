package rules

import (
	"molnkollen/internal/jsonv"
	"molnkollen/internal/lean"
)

// The parser's typed reads. Each takes the JSON path of what it reads, for
// the error; a wrong value is reported and replaced by an empty one, so
// that parsing goes on, and the first mistake is the one Parse returns.

// fail records a mistake at path, unless an earlier one is recorded.
func (p *parser) fail(path, msg string) {
	if p.err == nil {
		p.err = &Error{Path: path, Msg: msg}
	}
}

func (p *parser) obj(v *jsonv.Value, path string) *jsonv.Value {
	if v == nil || v.Kind != jsonv.Object {
		p.fail(path, "want an object")
		return &jsonv.Value{Kind: jsonv.Object}
	}
	return v
}

func (p *parser) arr(v *jsonv.Value, path string) []jsonv.Value {
	if v == nil || v.Kind != jsonv.Array || len(v.Items) == 0 {
		p.fail(path, "want a non-empty array")
		return nil
	}
	return v.Items
}

// str returns the string at key; a missing or empty one is an error.
func (p *parser) str(o *jsonv.Value, key, path string) string {
	s, ok := p.optStr(o, key, path)
	if !ok || s == "" {
		p.fail(path+"."+key, "want a non-empty string")
	}
	return s
}

// optStr returns the string at key and whether it is there. An empty string
// counts as missing text and is an error.
func (p *parser) optStr(o *jsonv.Value, key, path string) (string, bool) {
	v := o.Get(key)
	if v == nil {
		return "", false
	}
	if v.Kind != jsonv.String || v.Str == "" {
		p.fail(path+"."+key, "want a non-empty string")
		return "", false
	}
	return v.Str, true
}

func (p *parser) optBool(o *jsonv.Value, key, path string) bool {
	v := o.Get(key)
	if v == nil {
		return false
	}
	if v.Kind != jsonv.Bool {
		p.fail(path+"."+key, "want true or false")
	}
	return v.Bool
}

// posInt returns the positive integer at key (at most 9 digits); 0 if the
// key is missing and optional.
func (p *parser) posInt(o *jsonv.Value, key, path string, optional bool) int {
	v := o.Get(key)
	if v == nil && optional {
		return 0
	}
	if v != nil && v.Kind == jsonv.Number && len(v.Str) <= 9 && v.Str[0] != '0' {
		if n := lean.Digits(v.Str); n > 0 {
			return n
		}
	}
	p.fail(path+"."+key, "want a positive integer")
	return 0
}

// strMap reads an object of non-empty strings, keeping the key order.
func (p *parser) strMap(v *jsonv.Value, path string) (map[string]string, []string) {
	o := p.obj(v, path)
	m := make(map[string]string, len(o.Members))
	var keys []string
	for _, mb := range o.Members {
		if mb.Value.Kind != jsonv.String || mb.Value.Str == "" {
			p.fail(path+"."+mb.Key, "want a non-empty string")
		}
		m[mb.Key] = mb.Value.Str
		keys = append(keys, mb.Key)
	}
	return m, keys
}

// IsID reports whether s is a plain id: lowercase ASCII letters, digits and
// inner hyphens.
func IsID(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func (p *parser) id(o *jsonv.Value, key, path string, seen map[string]bool) string {
	s := p.str(o, key, path)
	if p.err != nil {
		return s
	}
	if !IsID(s) {
		p.fail(path+"."+key, "not a plain id (a-z, 0-9, -): "+s)
	} else if seen[s] {
		p.fail(path+"."+key, "duplicate id "+s)
	}
	seen[s] = true
	return s
}

// cite reads a guideline anchor, which must be one of the passages.
func (p *parser) cite(r *Rules, o *jsonv.Value, path string, required bool) string {
	s, ok := p.optStr(o, "cite", path)
	if !ok {
		if required {
			p.fail(path+".cite", "want a guideline anchor")
		}
		return ""
	}
	if r.Passage(s) == "" {
		p.fail(path+".cite", "not one of \"passages\": "+s)
	}
	return s
}

// forbid fails for every key of o that this kind of question does not take.
func (p *parser) forbid(o *jsonv.Value, path, kind string, keys ...string) {
	for _, k := range keys {
		if o.Get(k) != nil {
			p.fail(path+"."+k, kind+" questions do not take "+k)
		}
	}
}
