package lean

import "unicode/utf8"

// IsSpace reports whether r is white space: the Unicode White_Space
// property, without the unicode package's tables (twin: unicode.IsSpace;
// they agree on every rune).
func IsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// TrimSpace returns s without white space (IsSpace) at either end (twin:
// strings.TrimSpace). A byte that is not valid UTF-8 is not white space.
func TrimSpace(s string) string {
	start, end := 0, len(s)
	for start < end {
		r, n := utf8.DecodeRuneInString(s[start:])
		if !IsSpace(r) {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(s[start:end])
		if !IsSpace(r) {
			break
		}
		end -= n
	}
	return s[start:end]
}

// LineFeeds returns s with every line break as "\n": "\r\n" and a lone
// "\r" become "\n" (twin: strings.ReplaceAll of "\r\n", then of "\r", by
// "\n").
func LineFeeds(s string) string {
	cr := false
	for i := 0; i < len(s) && !cr; i++ {
		cr = s[i] == '\r'
	}
	if !cr {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] != '\r':
			b = append(b, s[i])
		case i+1 < len(s) && s[i+1] == '\n':
		default:
			b = append(b, '\n')
		}
	}
	return string(b)
}

// Replace returns s with every non-overlapping old, from the left, replaced
// by new (twin: strings.ReplaceAll, for a non-empty old; with an empty old,
// which fills placeholders never are, s comes back as it is).
func Replace(s, old, new string) string {
	if old == "" {
		return s
	}
	var b []byte
	found, last := false, 0
	for i := 0; i+len(old) <= len(s); {
		if s[i:i+len(old)] != old {
			i++
			continue
		}
		b = append(append(b, s[last:i]...), new...)
		found, i = true, i+len(old)
		last = i
	}
	if !found {
		return s
	}
	return string(append(b, s[last:]...))
}
