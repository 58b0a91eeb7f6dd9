package lean

// IsDate reports whether s is a real calendar date YYYY-MM-DD, year 0000 to
// 9999 of the proleptic Gregorian calendar (twin: time.Parse with
// "2006-01-02"; they agree on every string).
func IsDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	y, m, d := Digits(s[:4]), Digits(s[5:7]), Digits(s[8:])
	return y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

// daysIn returns the number of days in month m (1-12) of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// IsRFC3339 reports whether s is a date-time as RFC 3339 (section 5.6)
// writes it, with a real calendar date, such as "2026-11-27T09:30:00.000Z"
// (JavaScript's Date.toISOString) or "2026-11-27T10:30:00+01:00".
//
// Twin: time.Parse with time.RFC3339Nano, which reads a little more:
// IsRFC3339 takes only a two-digit hour (time.Parse also "9"), only "."
// before a fraction (also ","), offsets from -23:59 to +23:59 (also an
// offset hour 24 or minute 60) and at most 40 bytes. Like time.Parse, it
// refuses a leap second (second 60, which JavaScript's Date cannot read
// either) and a lowercase "t" or "z".
func IsRFC3339(s string) bool {
	if len(s) < len("2006-01-02T15:04:05Z") || len(s) > 40 || !IsDate(s[:10]) ||
		s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return false
	}
	if h, m, sec := Digits(s[11:13]), Digits(s[14:16]), Digits(s[17:19]); h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59 {
		return false
	}
	rest := s[19:]
	if rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return false
		}
		rest = rest[i:]
	}
	if rest == "Z" {
		return true
	}
	if len(rest) != 6 || rest[0] != '+' && rest[0] != '-' || rest[3] != ':' {
		return false
	}
	h, m := Digits(rest[1:3]), Digits(rest[4:])
	return h >= 0 && h <= 23 && m >= 0 && m <= 59
}
