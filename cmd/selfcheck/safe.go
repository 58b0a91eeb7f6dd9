package main

import (
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// safeWriter writes text for a terminal: every control or formatting
// character but the line break (C0 and C1 controls such as ESC and CSI,
// DEL, bidirectional overrides, zero-width characters, line and paragraph
// separators), and every byte that is not UTF-8, is written as a visible
// escape \u{XXXX} instead. The checker prints text from files it does not
// trust; this is the one place that makes that safe.
type safeWriter struct{ w io.Writer }

func (s safeWriter) Write(p []byte) (int, error) {
	out := make([]byte, 0, len(p))
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRune(p[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			out = append(out, `\x`...)
			out = strconv.AppendUint(out, uint64(p[i]), 16)
		case r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.In(r, unicode.Zl, unicode.Zp)):
			out = append(out, `\u{`...)
			out = strconv.AppendUint(out, uint64(r), 16)
			out = append(out, '}')
		default:
			out = append(out, p[i:i+n]...)
		}
		i += n
	}
	if _, err := s.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
