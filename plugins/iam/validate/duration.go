package validate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// MaxAge parses an API token's --max-age: a positive ISO-8601 duration as
// Java's java.time.Duration reads it (PnDTnHnMn.nS: days, hours, minutes,
// seconds), e.g. P30D, PT12H or P1DT6H. Years, months and weeks are not
// durations there and are refused with a hint.
func MaxAge(s string) (time.Duration, error) {
	bad := func(why string) error {
		return fmt.Errorf("invalid --max-age %q: %s; use an ISO-8601 duration such as P30D, PT12H or P1DT6H", s, why)
	}
	u := strings.ToUpper(s)
	if !strings.HasPrefix(u, "P") {
		return 0, bad("it must start with P")
	}
	date, clock, hasT := strings.Cut(u[1:], "T")
	if hasT && clock == "" {
		return 0, bad("nothing after T")
	}
	if date == "" && clock == "" {
		return 0, bad("no amount")
	}
	var total float64
	if date != "" {
		n, unit, rest, err := component(date)
		switch {
		case err != nil:
			return 0, bad(err.Error())
		case unit == 'Y' || unit == 'M' || unit == 'W':
			return 0, bad("years, months and weeks are not supported, count in days (P365D)")
		case unit != 'D' || rest != "":
			return 0, bad("only days (D) may come before T")
		case strings.Contains(n, "."):
			return 0, bad("only seconds may have a fraction")
		}
		v, _ := strconv.ParseFloat(n, 64)
		total += v * 86400
	}
	last := -1
	for clock != "" {
		n, unit, rest, err := component(clock)
		if err != nil {
			return 0, bad(err.Error())
		}
		pos := strings.IndexByte("HMS", unit)
		switch {
		case pos < 0:
			return 0, bad(fmt.Sprintf("unknown unit %q after T (use H, M or S)", unit))
		case pos <= last:
			return 0, bad("hours, minutes and seconds must come once each, in that order")
		case strings.Contains(n, ".") && unit != 'S':
			return 0, bad("only seconds may have a fraction")
		}
		last = pos
		v, _ := strconv.ParseFloat(n, 64)
		total += v * [...]float64{3600, 60, 1}[pos]
		clock = rest
	}
	ns := total * float64(time.Second)
	if ns >= math.MaxInt64 {
		return 0, bad("too long")
	}
	d := time.Duration(math.Round(ns))
	if d <= 0 {
		return 0, bad("it must be longer than zero")
	}
	return d, nil
}

// component reads one "<number><unit>" from the front of s: digits with an
// optional fraction (. or ,), then one letter.
func component(s string) (num string, unit byte, rest string, err error) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return "", 0, "", fmt.Errorf("expected a number at %q", s)
	}
	intPart := s[:i]
	num = intPart
	if i < len(s) && (s[i] == '.' || s[i] == ',') {
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i+1 || j-i-1 > 9 {
			return "", 0, "", fmt.Errorf("bad fraction in %q", s)
		}
		num = intPart + "." + s[i+1:j]
		i = j
	}
	if len(intPart) > 18 {
		return "", 0, "", fmt.Errorf("number too large in %q", s)
	}
	if i >= len(s) {
		return "", 0, "", fmt.Errorf("missing unit after %q", s)
	}
	return num, s[i], s[i+1:], nil
}
