package commands

import (
	"net/url"

	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Complete serves dynamic completion from the server: namespaces, flow
// ids, test suite ids (of the namespace typed before, or given with -n), app uids and
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
		if ns := c.CompletionLine(argv).Namespace(); ns != "" {
			q.Set("filters[namespace][EQUALS]", ns)
		}
		return c.CompleteFrom(cl.K.TenantPath("flows", "search"), q, "id", partial)
	case "testsuite":
		q := url.Values{}
		if ns := c.CompletionLine(argv).Namespace(); ns != "" {
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
