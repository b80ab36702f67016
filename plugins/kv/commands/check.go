package commands

import (
	"regexp"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

var (
	namespaceRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	keyRe       = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)
)

// maxKey is Kestra's longest key.
const maxKey = 255

// checkNamespace rejects a namespace id Kestra would refuse.
func checkNamespace(ns string) error {
	if !namespaceRe.MatchString(ns) || strings.Contains(ns, "..") || strings.HasSuffix(ns, ".") {
		return cmderr.Usagef("invalid namespace %q: use lowercase letters, digits, '.', '_' and '-' (for example company.team)", ns)
	}
	return nil
}

// checkKey rejects a key Kestra would refuse.
func checkKey(key string) error {
	if len(key) > maxKey || !keyRe.MatchString(key) {
		return cmderr.Usagef("invalid key %q: keys start with a letter or digit and hold only letters, digits, '.', '_' and '-' (at most %d characters)", key, maxKey)
	}
	return nil
}

// checkTarget checks a namespace and a key.
func checkTarget(ns, key string) error {
	if err := checkNamespace(ns); err != nil {
		return err
	}
	return checkKey(key)
}
