package source

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Violations collects the constraint violations of one source, with
// Kestra's "path: message" wording.
type Violations []rest.Violation

// Add records a violation at path.
func (v *Violations) Add(path, format string, args ...any) {
	*v = append(*v, rest.Violation{Path: path, Message: fmt.Sprintf(format, args...)})
}

// Err is nil without violations, else the 422 Kestra answers.
func (v Violations) Err() error {
	if len(v) == 0 {
		return nil
	}
	return rest.Invalid(v...)
}

// Constraints joins the violations one per line, as the validate
// endpoints report them.
func (v Violations) Constraints() string { return rest.Constraints(v) }

// Identifier checks a required identifier against a pattern (anchored, as
// Java's matches() is) and a maximum length.
func (v *Violations) Identifier(path, value string, re *regexp.Regexp, max int) {
	switch {
	case value == "":
		v.Add(path, "must not be null")
	case max > 0 && utf8.RuneCountInString(value) > max:
		v.Add(path, "size must be between 1 and %d", max)
	case !re.MatchString(value):
		v.Add(path, "must match \"%s\"", strings.TrimSuffix(re.String(), "$"))
	}
}

// Patterns Kestra's models declare.
var (
	// NamespacePattern is a namespace (size 1..150).
	NamespacePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	// FlowIDPattern is a flow id (size 1..100).
	FlowIDPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)
	// IDPattern is the id of a test suite, a test case, a task, a chart.
	IDPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]*$`)
)
