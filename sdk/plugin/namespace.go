package plugin

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// PickNamespace is the namespace of a command that takes it as an optional
// positional argument (as the public kestractl) or with -n/--namespace:
// both may be given when they agree. It is checked; "" when neither is
// given.
func PickNamespace(positional, flag string) (string, error) {
	ns := positional
	switch {
	case ns == "":
		ns = flag
	case flag != "" && flag != ns:
		return "", cmderr.Usagef("two namespaces given (%q and -n %q): give one", positional, flag)
	}
	if ns == "" {
		return "", nil
	}
	return ns, ValidateNamespace(ns)
}

// NamespaceQuery is the query of a list that takes its namespace as an
// optional positional argument or with -n/--namespace (see PickNamespace):
// the namespace filter first, then the filters of sources. ns is the
// namespace picked ("" for every namespace), for Listing.Namespace.
func NamespaceQuery(positional string, flag NamespaceFlag, sources ...FilterSource) (ns string, q url.Values, err error) {
	ns, err = PickNamespace(positional, flag.Namespace)
	if err != nil {
		return "", nil, err
	}
	q, err = Query(append([]FilterSource{NamespaceFlag{Namespace: ns}}, sources...)...)
	return ns, q, err
}

// NamespaceMustExist returns a not-found error naming ns when the
// namespace does not exist ("" is fine): a list filtered by a mistyped
// namespace says so instead of printing nothing (Listing.Namespace does it
// for a list). A namespace the user may not read counts as existing.
func (c *Context) NamespaceMustExist(ns string) error {
	if ns == "" {
		return nil
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	ok, err := k.NamespaceExists(c, ns)
	if err != nil {
		return err
	}
	if !ok {
		return cmderr.New(cmderr.NotFound, "namespace %q not found", ns).
			WithHint("'kestractl namespaces list' shows the namespaces")
	}
	return nil
}

// completionLimit bounds the values one completion offers.
const completionLimit = 200

// CompleteFrom offers the values of field (a top-level string field) of the
// first items of a Kestra search endpoint that start with partial: the
// building block of dynamic completion (namespaces, flows, executions,
// keys).
func (c *Context) CompleteFrom(path string, query url.Values, field, partial string) ([]string, error) {
	k, err := c.Kestra()
	if err != nil {
		return nil, err
	}
	page, err := k.SearchPage(c, path, query, 1, completionLimit)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, raw := range page.Results {
		var item map[string]json.RawMessage
		var v string
		if json.Unmarshal(raw, &item) != nil || json.Unmarshal(item[field], &v) != nil {
			continue
		}
		// A value a shell could not take as one word is not offered.
		if strings.HasPrefix(v, partial) && !slices.Contains(out, v) && v == SanitizeText(v) && !strings.ContainsAny(v, " \t\n") {
			out = append(out, v)
		}
	}
	return out, nil
}

// CompleteNamespaces offers the namespaces that start with partial.
func (c *Context) CompleteNamespaces(partial string) ([]string, error) {
	k, err := c.Kestra()
	if err != nil {
		return nil, err
	}
	q := url.Values{"existing": {"true"}, "sort": {"id:asc"}}
	if partial != "" {
		q.Set("filters[q][EQUALS]", partial)
	}
	return c.CompleteFrom(k.TenantPath("namespaces", "search"), q, "id", partial)
}
