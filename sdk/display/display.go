// Package display holds how values are shown to people, the same in the
// core and in every plugin: times in the local time zone, ages, sizes, and
// server text cleaned of terminal control sequences. It depends on no
// other kestractl package, so the core links it without the plugin SDK.
package display

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/dustin/go-humanize"
)

// TimeLayout is the one format times are shown in (local time zone).
const TimeLayout = "2006-01-02 15:04:05"

// LocalTime shows a server timestamp (RFC 3339) in the local time zone with
// TimeLayout; a value that is not a timestamp is returned as is.
func LocalTime(ts string) string {
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return ts
	}
	return t.Local().Format(TimeLayout)
}

// Age shows how long ago a server timestamp was ("3 minutes ago"); "" when
// it is not a timestamp.
func Age(ts string, now time.Time) string {
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return ""
	}
	return humanize.RelTime(t, now, "ago", "from now")
}

// HumanBytes shows a size in binary units, as table cells of the "bytes"
// format show it (docs/conventions.md §5: 812 B, 97.7 KiB, 1.5 MiB).
func HumanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// SanitizeText removes terminal control sequences and control characters
// from text a server sent (log messages, descriptions) before it is shown
// on a terminal: escape sequences could move the cursor, clear the screen
// or change the window title. Newlines and tabs are kept.
func SanitizeText(s string) string {
	clean := true
	for _, r := range s {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || r == 0x9b) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 0x1b: // ESC: skip the sequence it starts
			i = skipEscape(rs, i)
		case r == 0x9b: // CSI in one byte
			i = skipCSI(rs, i+1)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// skipEscape returns the index of the last rune of the escape sequence
// starting at rs[i] (ESC).
func skipEscape(rs []rune, i int) int {
	if i+1 >= len(rs) {
		return i
	}
	switch rs[i+1] {
	case '[':
		return skipCSI(rs, i+2)
	case ']', 'P', '_', '^', 'X': // OSC, DCS, APC, PM, SOS: up to BEL or ESC \
		for j := i + 2; j < len(rs); j++ {
			if rs[j] == 0x07 {
				return j
			}
			if rs[j] == 0x1b && j+1 < len(rs) && rs[j+1] == '\\' {
				return j + 1
			}
		}
		return len(rs) - 1
	}
	return i + 1 // a two-character sequence
}

// skipCSI returns the index of the final byte of a CSI sequence whose
// parameters start at rs[j].
func skipCSI(rs []rune, j int) int {
	for ; j < len(rs); j++ {
		if rs[j] >= 0x40 && rs[j] <= 0x7e {
			return j
		}
	}
	return len(rs) - 1
}
