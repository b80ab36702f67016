package contracttest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// compileRegex compiles the document's patterns with Go's regexp. The
// document has one construct RE2 lacks: a leading length lookahead,
// `^(?=.{1,63}$)...` (service-account and token names). It is rewritten as a
// length check plus the rest of the pattern, which is equivalent.
func compileRegex(expr string) (openapi3.RegexMatcher, error) {
	if m := lookahead.FindStringSubmatch(expr); m != nil {
		lo, _ := strconv.Atoi(m[1])
		hi, _ := strconv.Atoi(m[2])
		re, err := regexp.Compile("^" + strings.TrimPrefix(expr, m[0]))
		if err != nil {
			return nil, fmt.Errorf("compile %q: %w", expr, err)
		}
		return lengthMatcher{lo: lo, hi: hi, re: re}, nil
	}
	return regexp.Compile(expr)
}

var lookahead = regexp.MustCompile(`^\^\(\?=\.\{(\d+),(\d+)\}\$\)`)

type lengthMatcher struct {
	lo, hi int
	re     *regexp.Regexp
}

func (m lengthMatcher) MatchString(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= m.lo && n <= m.hi && m.re.MatchString(s)
}
