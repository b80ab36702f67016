package commands

import (
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// pickNamespace is the namespace of a list, given as the positional
// argument (as the public kestractl) or with -n/--namespace; both are
// accepted when they agree.
func pickNamespace(positional, flag string) (string, error) {
	ns := positional
	switch {
	case ns == "":
		ns = flag
	case flag != "" && flag != ns:
		return "", cmderr.Usagef("two namespaces: %q and -n %q; give one", positional, flag)
	}
	if ns == "" {
		return "", nil
	}
	return ns, checkNamespace(ns)
}
