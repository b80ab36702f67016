package source

import (
	"regexp"
	"strings"
)

var (
	disabledFalse = regexp.MustCompile(`(?m)^disabled\s*:\s*false\s*`)
	disabledTrue  = regexp.MustCompile(`(?m)^disabled\s*:\s*true\s*`)
)

// ToggleDisabled rewrites the top-level `disabled` line of a source, or
// appends one, as Kestra does when a resource is enabled or disabled
// through the API (TestSuite.toggleDisabledInYamlSource, kestra-io/kestra
// core/src/main/java/io/kestra/core/test/TestSuite.java).
func ToggleDisabled(src string, disabled bool) string {
	re, line := disabledFalse, "disabled: true\n"
	if !disabled {
		re, line = disabledTrue, "disabled: false\n"
	}
	if re.MatchString(src) {
		return re.ReplaceAllLiteralString(src, line)
	}
	return src + "\n" + strings.TrimSuffix(line, "\n")
}
