package jsonv

import (
	"unicode/utf8"

	"molnkollen/internal/lean"
)

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string literal, escaped exactly as
// encoding/json does with SetEscapeHTML(false): `"` and `\` are escaped,
// control characters become \b, \f, \n, \r, \t or \u00XX, invalid UTF-8
// bytes become \ufffd, and U+2028 and U+2029 are escaped.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= ' ' && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendCanonical appends v in canonical form: no insignificant whitespace,
// object keys sorted bytewise, strings escaped as by AppendString, numbers
// as written. For values decoded from JSON without numbers this is what
// encoding/json produces when marshalling the same data held in maps.
func AppendCanonical(dst []byte, v *Value) []byte {
	switch v.Kind {
	case Null:
		return append(dst, "null"...)
	case Bool:
		if v.Bool {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case Number:
		return append(dst, v.Str...)
	case String:
		return AppendString(dst, v.Str)
	case Array:
		dst = append(dst, '[')
		for i := range v.Items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendCanonical(dst, &v.Items[i])
		}
		return append(dst, ']')
	}
	// Members in bytewise key order, equal keys in their order in v (an
	// object read from a file of an older rules version may hold
	// thousands of ids).
	keys := make([]string, len(v.Members))
	for i := range v.Members {
		keys[i] = v.Members[i].Key
	}
	dst = append(dst, '{')
	for n, i := range lean.Order(keys) {
		if n > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, v.Members[i].Key)
		dst = append(dst, ':')
		dst = AppendCanonical(dst, &v.Members[i].Value)
	}
	return append(dst, '}')
}

// AppendIndent appends v pretty-printed the way json.MarshalIndent(v, "",
// indent) lays it out, keeping object members in their order in v.
func AppendIndent(dst []byte, v *Value, indent string) []byte {
	return appendIndent(dst, v, indent, 0)
}

func newline(dst []byte, indent string, depth int) []byte {
	dst = append(dst, '\n')
	for range depth {
		dst = append(dst, indent...)
	}
	return dst
}

func appendIndent(dst []byte, v *Value, indent string, depth int) []byte {
	switch v.Kind {
	case Array:
		if len(v.Items) == 0 {
			return append(dst, "[]"...)
		}
		dst = append(dst, '[')
		for i := range v.Items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = newline(dst, indent, depth+1)
			dst = appendIndent(dst, &v.Items[i], indent, depth+1)
		}
		dst = newline(dst, indent, depth)
		return append(dst, ']')
	case Object:
		if len(v.Members) == 0 {
			return append(dst, "{}"...)
		}
		dst = append(dst, '{')
		for i := range v.Members {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = newline(dst, indent, depth+1)
			dst = AppendString(dst, v.Members[i].Key)
			dst = append(dst, ':', ' ')
			dst = appendIndent(dst, &v.Members[i].Value, indent, depth+1)
		}
		dst = newline(dst, indent, depth)
		return append(dst, '}')
	}
	return AppendCanonical(dst, v)
}

// Str returns a String value.
func Str(s string) Value { return Value{Kind: String, Str: s} }

// Num returns a Number value for the literal lit, which must be valid JSON
// number syntax.
func Num(lit string) Value { return Value{Kind: Number, Str: lit} }

// Strs returns an Array of String values.
func Strs(ss []string) Value {
	v := Value{Kind: Array, Items: make([]Value, len(ss))}
	for i, s := range ss {
		v.Items[i] = Str(s)
	}
	return v
}

// Obj returns an Object with the given members, in order.
func Obj(ms ...Member) Value { return Value{Kind: Object, Members: ms} }
