package commands

import (
	"net/url"
	"strings"

	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Complete serves dynamic completion from the server: namespaces, flow
// ids, test suite ids (of the namespace typed before), app uids and
// dashboard ids.
func Complete(c *plugin.Context, completer string, argv []string, partial string) ([]string, error) {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return nil, err
	}
	switch completer {
	case "namespace":
		return c.CompleteNamespaces(partial)
	case "flow":
		q := url.Values{}
		if ns := lastPositional(argv); ns != "" && plugin.ValidateNamespace(ns) == nil {
			q.Set("filters[namespace][EQUALS]", ns)
		}
		return c.CompleteFrom(cl.K.TenantPath("flows", "search"), q, "id", partial)
	case "testsuite":
		q := url.Values{}
		if ns := lastPositional(argv); ns != "" && plugin.ValidateNamespace(ns) == nil {
			q.Set("namespace", ns)
			q.Set("includeChildNamespaces", "false")
		}
		return c.CompleteFrom(cl.TestSuitesPath(), q, "id", partial)
	case "app":
		return c.CompleteFrom(cl.AppsPath(), url.Values{}, "uid", partial)
	case "dashboard":
		return c.CompleteFrom(cl.DashboardsPath(), url.Values{}, "id", partial)
	}
	return nil, nil
}

// lastPositional is the last word of argv after the group and the verb
// that is not a flag (the namespace typed before an id, or -n's value).
func lastPositional(argv []string) string {
	for i := len(argv) - 1; i >= 2; i-- {
		if !strings.HasPrefix(argv[i], "-") {
			return argv[i]
		}
	}
	return ""
}
