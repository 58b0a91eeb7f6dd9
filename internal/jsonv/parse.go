package jsonv

import (
	"unicode/utf16"
	"unicode/utf8"
)

// parser reads one document; the first error stops it.
type parser struct {
	s     []byte
	i     int
	depth int
	err   error
}

// Parse parses data, which must hold exactly one JSON value with optional
// surrounding whitespace.
func Parse(data []byte) (Value, error) {
	p := parser{s: data}
	p.ws()
	v := p.value()
	if p.err == nil {
		p.ws()
		if p.i != len(p.s) {
			p.err = ErrSyntax
		}
	}
	if p.err != nil {
		return Value{}, p.err
	}
	return v, nil
}

func (p *parser) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

func (p *parser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) lit(word string) bool {
	if len(p.s)-p.i >= len(word) && string(p.s[p.i:p.i+len(word)]) == word {
		p.i += len(word)
		return true
	}
	p.fail(ErrSyntax)
	return false
}

func (p *parser) value() Value {
	if p.err != nil {
		return Value{}
	}
	if p.i >= len(p.s) {
		p.fail(ErrSyntax)
		return Value{}
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s := p.str()
		return Value{Kind: String, Str: s}
	case c == 't':
		p.lit("true")
		return Value{Kind: Bool, Bool: true}
	case c == 'f':
		p.lit("false")
		return Value{Kind: Bool}
	case c == 'n':
		p.lit("null")
		return Value{}
	case c == '-' || (c >= '0' && c <= '9'):
		return Value{Kind: Number, Str: p.number()}
	}
	p.fail(ErrSyntax)
	return Value{}
}

func (p *parser) enter() bool {
	p.depth++
	if p.depth > MaxDepth {
		p.fail(ErrDepth)
		return false
	}
	return true
}

// empty moves past the opening byte of an array or object and reports
// whether the closing byte end follows at once (then it moves past it and
// leaves the nesting level).
func (p *parser) empty(end byte) bool {
	p.i++
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == end {
		p.i++
		p.depth--
		return true
	}
	return false
}

func (p *parser) object() Value {
	v := Value{Kind: Object}
	if !p.enter() || p.empty('}') {
		return v
	}
	var seen map[string]struct{}
	for p.err == nil {
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			p.fail(ErrSyntax)
			break
		}
		key := p.str()
		p.ws()
		if p.err != nil || p.i >= len(p.s) || p.s[p.i] != ':' {
			p.fail(ErrSyntax)
			break
		}
		p.i++
		p.ws()
		val := p.value()
		if p.err != nil {
			break
		}
		seen = p.checkKey(v.Members, key, seen)
		v.Members = append(v.Members, Member{Key: key, Value: val})
		if !p.more('}') {
			break
		}
	}
	p.depth--
	return v
}

// checkKey fails if key is already one of the members' keys. It scans
// small objects; once an object is large it keeps a set of the keys, which
// it returns (nil before), so that a hostile file with many keys stays
// linear in its size.
func (p *parser) checkKey(ms []Member, key string, seen map[string]struct{}) map[string]struct{} {
	if seen != nil {
		if _, dup := seen[key]; dup {
			p.fail(ErrDuplicateKey)
		}
		seen[key] = struct{}{}
		return seen
	}
	for _, m := range ms {
		if m.Key == key {
			p.fail(ErrDuplicateKey)
		}
	}
	if len(ms) == 16 {
		seen = make(map[string]struct{}, 32)
		for _, m := range ms {
			seen[m.Key] = struct{}{}
		}
		seen[key] = struct{}{}
	}
	return seen
}

func (p *parser) array() Value {
	v := Value{Kind: Array}
	if !p.enter() || p.empty(']') {
		return v
	}
	for p.err == nil {
		p.ws()
		item := p.value()
		if p.err != nil {
			break
		}
		v.Items = append(v.Items, item)
		if !p.more(']') {
			break
		}
	}
	p.depth--
	return v
}

// more reads what follows a member or an item: true after a comma, false
// after the closing byte end or (having failed) anything else.
func (p *parser) more(end byte) bool {
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ',' {
		p.i++
		return true
	}
	if p.i < len(p.s) && p.s[p.i] == end {
		p.i++
		return false
	}
	p.fail(ErrSyntax)
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *parser) digits() bool {
	start := p.i
	for p.i < len(p.s) && isDigit(p.s[p.i]) {
		p.i++
	}
	return p.i > start
}

// number scans the JSON number grammar and returns the literal.
func (p *parser) number() string {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	if p.i >= len(p.s) || !isDigit(p.s[p.i]) {
		p.fail(ErrSyntax)
		return ""
	}
	if p.s[p.i] == '0' {
		p.i++
	} else {
		p.digits()
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if !p.digits() {
			p.fail(ErrSyntax)
			return ""
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if !p.digits() {
			p.fail(ErrSyntax)
			return ""
		}
	}
	return string(p.s[start:p.i])
}

func hexVal(c byte) rune {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0')
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}

// u4 decodes the four hex digits after "\u" at s[i:], or returns -1.
func u4(s []byte, i int) rune {
	if len(s)-i < 6 || s[i] != '\\' || s[i+1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[i+2 : i+6] {
		h := hexVal(c)
		if h < 0 {
			return -1
		}
		r = r<<4 | h
	}
	return r
}

// str scans a string starting at the opening quote and returns it decoded.
func (p *parser) str() string {
	p.i++ // opening quote
	start := p.i
	// Fast path: plain ASCII/valid UTF-8 without escapes.
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '"' {
			s := string(p.s[start:p.i])
			p.i++
			return s
		}
		if c == '\\' || c < ' ' {
			break
		}
		if c < utf8.RuneSelf {
			p.i++
			continue
		}
		r, size := utf8.DecodeRune(p.s[p.i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		p.i += size
	}
	b := make([]byte, 0, p.i-start+16)
	return p.strSlow(append(b, p.s[start:p.i]...))
}

// strSlow decodes the rest of a string that holds an escape, a control
// character or invalid UTF-8, appending to b, what str decoded before it.
func (p *parser) strSlow(b []byte) string {
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(b)
		case c < ' ':
			p.fail(ErrSyntax)
			return ""
		case c == '\\':
			var ok bool
			if b, ok = p.escape(b); !ok {
				p.fail(ErrSyntax)
				return ""
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			p.i++
		default:
			r, size := utf8.DecodeRune(p.s[p.i:])
			p.i += size
			b = utf8.AppendRune(b, r)
		}
	}
	p.fail(ErrSyntax)
	return ""
}

// The one-letter escapes of JSON strings, and what each stands for.
const (
	escapes   = "\"\\/bfnrt"
	unescaped = "\"\\/\b\f\n\r\t"
)

// escape appends to b what the escape at p.i stands for and moves past it,
// or reports false if it is not a valid escape. A lone surrogate becomes
// U+FFFD, as encoding/json decodes it.
func (p *parser) escape(b []byte) ([]byte, bool) {
	if p.i+1 >= len(p.s) {
		return b, false
	}
	if e := p.s[p.i+1]; e != 'u' {
		for k := 0; k < len(escapes); k++ {
			if escapes[k] == e {
				p.i += 2
				return append(b, unescaped[k]), true
			}
		}
		return b, false
	}
	r := u4(p.s, p.i)
	if r < 0 {
		return b, false
	}
	p.i += 6
	if utf16.IsSurrogate(r) {
		if r2 := u4(p.s, p.i); r2 >= 0 {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				p.i += 6
				return utf8.AppendRune(b, d), true
			}
		}
		r = utf8.RuneError
	}
	return utf8.AppendRune(b, r), true
}
