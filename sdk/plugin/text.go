package plugin

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
	"github.com/kestractl/kestractl/sdk/display"
)

// TimeLayout is the one format times are shown in (local time zone).
const TimeLayout = display.TimeLayout

// LocalTime shows a server timestamp (RFC 3339) in the local time zone with
// TimeLayout; a value that is not a timestamp is returned as is.
func LocalTime(ts string) string { return display.LocalTime(ts) }

// Age shows how long ago a server timestamp was ("3 minutes ago"); "" when
// it is not a timestamp.
func Age(ts string, now time.Time) string { return display.Age(ts, now) }

// SanitizeText removes terminal control sequences and control characters
// from text a server sent (log messages, descriptions) before it is shown
// on a terminal. Newlines and tabs are kept.
func SanitizeText(s string) string { return display.SanitizeText(s) }

// LooksBinary reports whether the beginning of a content is not text: a
// NUL byte or invalid UTF-8 (a rune cut at the end of the sample is not).
func LooksBinary(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	for len(head) > 0 {
		r, n := utf8.DecodeRune(head)
		if r == utf8.RuneError && n <= 1 {
			return len(head) >= utf8.UTFMax || utf8.FullRune(head)
		}
		head = head[n:]
	}
	return false
}

// Bytes shows a size in binary units, as messages do: "512 B", "1.5 KiB",
// "2 MiB" (one decimal, none when it is zero).
func Bytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	s := strconv.FormatFloat(float64(n)/float64(div), 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + " " + string("KMGTPE"[exp]) + "iB"
}

// maxSuggested bounds the words Closest looks at: a typo is short.
const maxSuggested = 256

// Closest is the "did you mean" of an unknown value: the candidate nearest
// to word (Levenshtein distance, ignoring case) when it is at most
// maxDistance edits away, else "" (the first of equally near ones).
func Closest(word string, candidates []string, maxDistance int) string {
	if len(word) > maxSuggested {
		return ""
	}
	lower := strings.ToLower(word)
	best, bestD := "", maxDistance+1
	for _, c := range candidates {
		if len(c) > maxSuggested {
			continue
		}
		if d := levenshtein.ComputeDistance(lower, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
