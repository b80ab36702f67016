package plugin

import (
	"strings"

	"github.com/aymanbagabas/go-udiff"
)

// UnifiedDiff is the unified diff (as `diff -u` and `kubectl diff` print it)
// that turns before into after, labelled with the two names; "" when they
// are equal.
func UnifiedDiff(beforeName, afterName, before, after string) string {
	if before == after {
		return ""
	}
	d := udiff.Unified(beforeName, afterName, ensureNewline(before), ensureNewline(after))
	return d
}

func ensureNewline(s string) string {
	if s == "" || strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}
