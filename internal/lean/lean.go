// Package lean holds small stand-ins for standard-library functions that
// the WebAssembly module cannot afford: strconv, time, strings, unicode,
// sort, crypto/sha256 and encoding/hex each add kilobytes to it (or drag in
// fmt, os and time; see wasm/size_test.go). Each function here is tested
// against its twin in the standard library, with a fuzz or table test that
// they agree; where one deliberately differs, it is the stricter one, and
// its comment and its test say exactly how.
//
// The package imports nothing but unicode/utf8 and math/bits.
package lean

// Itoa returns n in decimal (twin: strconv.Itoa).
func Itoa(n int) string {
	var b [20]byte // len("-9223372036854775808")
	i := len(b)
	u := uint(n)
	if n < 0 {
		u = -u
	}
	for {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if n < 0 {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// Digits returns the number that s writes in ASCII decimal digits, or -1
// if s is empty, holds anything but the digits 0-9 (no sign, no space) or
// has more than 18 of them, so that it never overflows (twin: strconv.Atoi,
// on what it accepts of that form).
func Digits(s string) int {
	if s == "" || len(s) > 18 {
		return -1
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}
