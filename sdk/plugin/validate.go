package plugin

import (
	"regexp"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Kestra's rules for namespaces and ids (flows, keys, triggers...).
var (
	namespacePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	idPattern        = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)
)

// ValidateNamespace rejects a namespace Kestra would refuse, with a usage
// error that says what a namespace looks like.
func ValidateNamespace(ns string) error {
	if len(ns) > 150 || !namespacePattern.MatchString(ns) || strings.Contains(ns, "..") || strings.HasSuffix(ns, ".") {
		return cmderr.Usagef("invalid namespace %q: use lower-case letters, digits, '.', '_' or '-', such as company.team (at most 150 characters)", ns)
	}
	return nil
}

// ValidateID rejects an id (of a flow, a key, a trigger: kind names it)
// Kestra would refuse: letters, digits, '.', '_' or '-', starting with a
// letter or digit, at most max characters.
func ValidateID(kind, id string, max int) error {
	if len(id) > max || !idPattern.MatchString(id) {
		return cmderr.Usagef("invalid %s %q: use letters, digits, '.', '_' or '-', starting with a letter or digit (at most %d characters)", kind, id, max)
	}
	return nil
}
