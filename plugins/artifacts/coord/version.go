package coord

import (
	"strconv"
	"strings"
)

// CompareVersions orders two Maven versions the way Maven's
// ComparableVersion does for the usual cases: numbers compare as numbers,
// missing trailing numbers count as 0 (1.0 == 1.0.0), and qualifiers order
// alpha < beta < milestone < rc (= cr) < snapshot < release (= ga = final)
// < sp < any other qualifier (then alphabetically). '.', '-' and '_' all
// separate parts, so versions taken from file names (1_6_0) compare like
// the originals. It returns -1, 0 or +1.
func CompareVersions(a, b string) int {
	ta, tb := tokens(a), tokens(b)
	for i := 0; i < max(len(ta), len(tb)); i++ {
		var x, y string
		if i < len(ta) {
			x = ta[i]
		}
		if i < len(tb) {
			y = tb[i]
		}
		if c := compareToken(x, y); c != 0 {
			return c
		}
	}
	return 0
}

// tokens splits a version at separators and at digit/letter transitions,
// lower-cased.
func tokens(v string) []string {
	v = strings.ToLower(v)
	var out []string
	start := 0
	flush := func(end int) {
		if end > start {
			out = append(out, v[start:end])
		}
	}
	for i := 0; i < len(v); i++ {
		switch {
		case v[i] == '.' || v[i] == '-' || v[i] == '_':
			flush(i)
			start = i + 1
		case i > start && isDigit(v[i]) != isDigit(v[i-1]):
			flush(i)
			start = i
		}
	}
	flush(len(v))
	return out
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isNumber(s string) bool { return s != "" && isDigit(s[0]) }

func compareToken(x, y string) int {
	switch {
	case isNumber(x) && isNumber(y):
		return compareNumbers(x, y)
	case isNumber(x):
		if y == "" {
			return compareNumbers(x, "0")
		}
		return 1 // a number is newer than a qualifier
	case isNumber(y):
		return -compareToken(y, x)
	}
	rx, ry := qualifierRank(x), qualifierRank(y)
	if rx != ry {
		if rx < ry {
			return -1
		}
		return 1
	}
	if rx == rankOther {
		return strings.Compare(x, y)
	}
	return 0
}

// compareNumbers compares decimal digit strings of any length.
func compareNumbers(x, y string) int {
	x, y = strings.TrimLeft(x, "0"), strings.TrimLeft(y, "0")
	if len(x) != len(y) {
		if len(x) < len(y) {
			return -1
		}
		return 1
	}
	return strings.Compare(x, y)
}

const rankOther = 8

func qualifierRank(q string) int {
	switch q {
	case "alpha", "a":
		return 1
	case "beta", "b":
		return 2
	case "milestone", "m":
		return 3
	case "rc", "cr":
		return 4
	case "snapshot":
		return 5
	case "", "ga", "final", "release":
		return 6
	case "sp":
		return 7
	}
	if _, err := strconv.Atoi(q); err == nil {
		return 6
	}
	return rankOther
}
