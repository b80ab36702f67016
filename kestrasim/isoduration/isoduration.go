// Package isoduration parses and formats ISO-8601 durations the way Java's
// java.time.Duration does (PnDTnHnMn.nS), which is what Kestra uses for
// Sleep durations and key-value TTLs.
package isoduration

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Parse reads a duration such as PT15M, P7D, PT1.5S or -PT10S.
func Parse(s string) (time.Duration, error) {
	orig := s
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	if len(s) < 2 || (s[0] != 'P' && s[0] != 'p') {
		return 0, fmt.Errorf("invalid ISO-8601 duration %q", orig)
	}
	s = s[1:]
	datePart, timePart, hasT := strings.Cut(strings.ToUpper(s), "T")
	if hasT && timePart == "" {
		return 0, fmt.Errorf("invalid ISO-8601 duration %q", orig)
	}
	var total float64
	seen := false
	add := func(part, units string, scale map[byte]float64) error {
		last := -1
		for part != "" {
			i := strings.IndexAny(part, units)
			if i <= 0 {
				return fmt.Errorf("invalid ISO-8601 duration %q", orig)
			}
			unit := part[i]
			pos := strings.IndexByte(units, unit)
			if pos <= last {
				return fmt.Errorf("invalid ISO-8601 duration %q", orig)
			}
			last = pos
			num := strings.Replace(part[:i], ",", ".", 1)
			if strings.ContainsAny(num, ".") && unit != 'S' {
				return fmt.Errorf("invalid ISO-8601 duration %q: only seconds may have a fraction", orig)
			}
			v, err := strconv.ParseFloat(num, 64)
			if err != nil || strings.ContainsAny(num, "eE+-") && !strings.HasPrefix(num, "-") {
				return fmt.Errorf("invalid ISO-8601 duration %q", orig)
			}
			total += v * scale[unit]
			seen = true
			part = part[i+1:]
		}
		return nil
	}
	if err := add(datePart, "D", map[byte]float64{'D': 24 * 3600}); err != nil {
		return 0, err
	}
	if err := add(timePart, "HMS", map[byte]float64{'H': 3600, 'M': 60, 'S': 1}); err != nil {
		return 0, err
	}
	if !seen {
		return 0, fmt.Errorf("invalid ISO-8601 duration %q", orig)
	}
	ns := total * 1e9
	if math.IsInf(ns, 0) || math.IsNaN(ns) || math.Abs(ns) > math.MaxInt64 {
		return 0, fmt.Errorf("ISO-8601 duration %q is out of range", orig)
	}
	d := time.Duration(math.Round(ns))
	if neg {
		d = -d
	}
	return d, nil
}

// Format renders d as Java's Duration.toString does: PT8H6M12.345S.
func Format(d time.Duration) string {
	if d == 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteString("PT")
	neg := d < 0
	if neg {
		d = -d
	}
	sign := ""
	if neg {
		sign = "-"
	}
	h := d / time.Hour
	d -= h * time.Hour
	m := d / time.Minute
	d -= m * time.Minute
	if h > 0 {
		fmt.Fprintf(&b, "%s%dH", sign, h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%s%dM", sign, m)
	}
	if d > 0 {
		secs := d / time.Second
		frac := d % time.Second
		if frac == 0 {
			fmt.Fprintf(&b, "%s%dS", sign, secs)
		} else {
			f := strings.TrimRight(fmt.Sprintf("%09d", frac), "0")
			fmt.Fprintf(&b, "%s%d.%sS", sign, secs, f)
		}
	}
	return b.String()
}
