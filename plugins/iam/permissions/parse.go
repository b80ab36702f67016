package permissions

import (
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Parse reads --permission values, each TYPE:ACTION[,ACTION...] (case
// insensitive, spaces ignored). A type given twice gets the union of its
// actions. Every type and action is checked against the enums; the error
// names the bad value and lists the valid ones.
func Parse(values []string) (Set, error) {
	set := Set{}
	for _, v := range values {
		typ, list, ok := strings.Cut(v, ":")
		if !ok {
			return nil, cmderr.Usagef("invalid --permission %q: expected TYPE:ACTION[,ACTION], e.g. FLOW:VIEW,LIST", v)
		}
		resource, err := resource(fmt.Sprintf("--permission %q", v), typ)
		if err != nil {
			return nil, err
		}
		var acts []string
		for _, a := range strings.Split(list, ",") {
			if strings.TrimSpace(a) == "" {
				continue
			}
			act, err := action(fmt.Sprintf("--permission %q", v), a)
			if err != nil {
				return nil, err
			}
			acts = append(acts, act)
		}
		if len(acts) == 0 {
			return nil, cmderr.Usagef("invalid --permission %q: no action after %q, e.g. %s:VIEW,LIST", v, typ+":", resource)
		}
		set.add(resource, acts...)
	}
	return set, nil
}

// resource normalises and checks a permission type; where names the value
// in the message.
func resource(where, s string) (string, error) {
	r := normalise(s)
	if r == "" {
		return "", cmderr.Usagef("invalid %s: empty permission type, e.g. FLOW:VIEW", where)
	}
	if !IsResource(r) {
		return "", unknown(where, "permission type", r, Resources())
	}
	return r, nil
}

// action normalises and checks an action.
func action(where, s string) (string, error) {
	a := normalise(s)
	if !IsAction(a) {
		return "", unknown(where, "action", a, Actions())
	}
	return a, nil
}

func normalise(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "-", "_"))
}

func unknown(where, kind, value string, valid []string) error {
	msg := fmt.Sprintf("invalid %s: unknown %s %q", where, kind, value)
	if value == Unknown {
		msg = fmt.Sprintf("invalid %s: %s is a placeholder, not a real %s", where, Unknown, kind)
	} else if s := closest(value, valid); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	}
	return cmderr.Usagef("%s", msg).WithDetails(fmt.Sprintf("valid %ss: %s", kind, strings.Join(valid, ", ")))
}

// closest returns the valid value nearest to s when it is a likely typo
// (edit distance at most 2, or a plural), else "".
func closest(s string, valid []string) string {
	for _, v := range valid {
		if strings.TrimSuffix(s, "S") == v {
			return v
		}
	}
	return plugin.Closest(s, valid, 2)
}
