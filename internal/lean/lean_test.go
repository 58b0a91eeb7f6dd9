package lean

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

// Each test here holds a stand-in to its standard-library twin. The fuzz
// targets run their seeds (testdata/fuzz) with go test; go test
// -fuzz=FuzzX ./internal/lean searches for more.

func TestItoa(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ns := []int{0, 1, -1, 9, 10, -10, 99, 100, math.MaxInt, math.MinInt, math.MaxInt - 1, math.MinInt + 1}
	for range 1000 {
		ns = append(ns, int(rng.Int64()>>rng.UintN(64)))
	}
	for _, n := range ns {
		if got, want := Itoa(n), strconv.Itoa(n); got != want {
			t.Errorf("Itoa(%d) = %q, want %q", n, got, want)
		}
	}
}

func FuzzItoa(f *testing.F) {
	f.Fuzz(func(t *testing.T, n int) {
		if got, want := Itoa(n), strconv.Itoa(n); got != want {
			t.Errorf("Itoa(%d) = %q, want %q", n, got, want)
		}
	})
}

// digitsOnly is the form Digits reads: 1 to 18 ASCII digits.
var digitsOnly = regexp.MustCompile(`^[0-9]{1,18}$`)

func FuzzDigits(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		want := -1
		if digitsOnly.MatchString(s) {
			n, err := strconv.Atoi(s)
			if err != nil {
				t.Fatalf("strconv.Atoi(%q): %v", s, err)
			}
			want = n
		}
		if got := Digits(s); got != want {
			t.Errorf("Digits(%q) = %d, want %d", s, got, want)
		}
	})
}

func TestSum256(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 300; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		if got, want := Sum256(b), sha256.Sum256(b); got != want {
			t.Fatalf("Sum256 of %d bytes = %x, want %x", n, got, want)
		}
		if got, want := Hex(b), hex.EncodeToString(b); got != want {
			t.Fatalf("Hex of %d bytes = %s, want %s", n, got, want)
		}
	}
	// The FIPS 180-4 example.
	got := Sum256([]byte("abc"))
	if h := Hex(got[:]); h != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Sum256(abc) = %s", h)
	}
}

func FuzzSum256(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := Sum256(b), sha256.Sum256(b); got != want {
			t.Errorf("Sum256(%q) = %x, want %x", b, got, want)
		}
		if got, want := Hex(b), hex.EncodeToString(b); got != want {
			t.Errorf("Hex(%q) = %s, want %s", b, got, want)
		}
	})
}

// isDate is IsDate's twin.
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// TestIsDateEveryDay: every month 00-13 and day 00-32 of years that are
// and are not leap years, as the time package reads them.
func TestIsDateEveryDay(t *testing.T) {
	n := 0
	for _, y := range []int{0, 1, 4, 100, 400, 1900, 1999, 2000, 2022, 2024, 2026, 2100, 9999} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				s := strings.Join([]string{pad(y, 4), pad(m, 2), pad(d, 2)}, "-")
				if got, want := IsDate(s), isDate(s); got != want {
					t.Errorf("IsDate(%q) = %v, time.Parse says %v", s, got, want)
				}
				if IsDate(s) {
					n++
				}
			}
		}
	}
	if n != 13*365+5 { // 0, 4, 400, 2000 and 2024 are leap years
		t.Errorf("%d real dates, want %d", n, 13*365+5)
	}
}

func pad(n, w int) string {
	s := strconv.Itoa(n)
	return strings.Repeat("0", w-len(s)) + s
}

func FuzzIsDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsDate(s), isDate(s); got != want {
			t.Errorf("IsDate(%q) = %v, time.Parse says %v", s, got, want)
		}
	})
}

// rfc3339Form is where IsRFC3339 is stricter than its twin: the form RFC
// 3339 section 5.6 writes, two digits a field, "." before a fraction,
// offsets up to 23:59. time.Parse also takes a one-digit hour, "," before
// a fraction and offsets of 24 hours or 60 minutes.
var rfc3339Form = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`)

// isRFC3339 is IsRFC3339's twin, restricted as its comment says.
func isRFC3339(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil && rfc3339Form.MatchString(s) && len(s) <= 40
}

func TestRFC3339(t *testing.T) {
	for s, want := range map[string]bool{
		"2026-11-27T09:30:00.000Z":                  true,
		"2026-11-27T09:30:00Z":                      true,
		"2026-11-27T09:30:00+01:00":                 true,
		"2026-11-27T09:30:00.123456789-05:30":       true,
		"2026-11-27T09:30:00-00:00":                 true,
		"2026-11-27T09:30:00+23:59":                 true,
		"2028-02-29T09:30:00Z":                      true,
		"0000-01-01T00:00:00Z":                      true,
		"2026-11-27T09:30:00.1234567890123456789Z":  true,  // 40 bytes
		"2026-11-27T09:30:00.12345678901234567890Z": false, // 41 bytes
		// Refused, as time.Parse refuses them: a leap second (JavaScript's
		// Date cannot read it), a lowercase t or z.
		"2026-11-27T23:59:60Z": false,
		"2026-11-27t09:30:00z": false,
		"2026-11-27T09:30:00z": false,
		// Stricter than time.Parse: a one-digit hour, a comma before the
		// fraction, offsets of 24 hours or 60 minutes.
		"2026-11-27T9:30:00Z":       false,
		"2026-11-27T09:30:00,5Z":    false,
		"2026-11-27T09:30:00+24:00": false,
		"2026-11-27T09:30:00+01:60": false,
		// Refused by both.
		"2026-11-27":               false,
		"2026-11-27 09:30:00Z":     false,
		"2026-13-27T09:30:00Z":     false,
		"2026-11-00T09:30:00Z":     false,
		"2026-11-27T24:00:00Z":     false,
		"2026-11-27T09:30:00.Z":    false,
		"2026-11-27T09:30:00":      false,
		"2026-11-27T09:30:00+1:00": false,
		"+02026-11-27T09:30:00Z":   false,
		"2026-02-29T09:30:00Z":     false,
		"2026-04-31T09:30:00Z":     false,
		"":                         false,
	} {
		if got := IsRFC3339(s); got != want {
			t.Errorf("IsRFC3339(%q) = %v, want %v", s, got, want)
		}
		if got := isRFC3339(s); got != want {
			t.Errorf("the twin of IsRFC3339(%q) = %v, want %v", s, got, want)
		}
	}
	// Where the two differ, time.Parse reads the time: the restriction in
	// the twin is what makes the difference.
	for _, s := range []string{"2026-11-27T9:30:00Z", "2026-11-27T09:30:00,5Z", "2026-11-27T09:30:00+24:00",
		"2026-11-27T09:30:00+01:60", "2026-11-27T09:30:00.12345678901234567890Z"} {
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			t.Errorf("time.Parse(%q): %v; the comment on IsRFC3339 is out of date", s, err)
		}
	}
}

func FuzzRFC3339(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsRFC3339(s), isRFC3339(s); got != want {
			t.Errorf("IsRFC3339(%q) = %v, its twin says %v", s, got, want)
		}
	})
}

func TestIsSpaceMatchesUnicode(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if IsSpace(r) != unicode.IsSpace(r) {
			t.Fatalf("IsSpace(%U) = %v", r, IsSpace(r))
		}
	}
}

func FuzzTrimSpace(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := TrimSpace(s), strings.TrimSpace(s); got != want {
			t.Errorf("TrimSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

func FuzzLineFeeds(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
		if got := LineFeeds(s); got != want {
			t.Errorf("LineFeeds(%q) = %q, want %q", s, got, want)
		}
	})
}

func FuzzReplace(f *testing.F) {
	f.Add("Besvara frågan: {short}", "{short}", "Fråga 2b")
	f.Add("aaa", "aa", "b")
	f.Add("{x}{x}", "{x}", "")
	f.Add("ingen platshållare", "{x}", "y")
	f.Add("x", "", "y")
	f.Fuzz(func(t *testing.T, s, old, new string) {
		want := s
		if old != "" {
			want = strings.ReplaceAll(s, old, new)
		}
		if got := Replace(s, old, new); got != want {
			t.Errorf("Replace(%q, %q, %q) = %q, want %q", s, old, new, got, want)
		}
	})
}

// stableOrder is Order's twin.
func stableOrder(keys []string) []int {
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	return order
}

// TestOrder orders lists of every length up to 300, with many repeats, as
// a stable sort of the indexes does.
func TestOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n <= 300; n++ {
		keys := make([]string, n)
		for i := range keys {
			keys[i] = strconv.Itoa(rng.IntN(n/2 + 1))
		}
		if got, want := Order(keys), stableOrder(keys); !slices.Equal(got, want) {
			t.Fatalf("Order(%q) = %v, want %v", keys, got, want)
		}
	}
}

// FuzzOrder orders the lines of the input.
func FuzzOrder(f *testing.F) {
	f.Fuzz(func(t *testing.T, lines string) {
		keys := strings.Split(lines, "\n")
		if got, want := Order(keys), stableOrder(keys); !slices.Equal(got, want) {
			t.Errorf("Order(%q) = %v, want %v", keys, got, want)
		}
	})
}

// BenchmarkOrder orders as many ids as an imported file can hold
// (limits.fileBytes 262144): the insertion sorts this replaced took seconds
// in the browser.
func BenchmarkOrder(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	ids := make([]string, 10000)
	for i := range ids {
		ids[i] = "x" + strconv.Itoa(rng.IntN(1e9))
	}
	for b.Loop() {
		Order(ids)
	}
}
