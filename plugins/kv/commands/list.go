package commands

import (
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/plugins/kv/kvapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List lists keys.
type List struct {
	Namespace string `arg:"" optional:"" help:"Only this namespace (default: every namespace; needs an API token on Kestra Enterprise)."`
}

// Run lists every page.
func (l *List) Run(c *plugin.Context) error {
	if l.Namespace != "" {
		if err := checkNamespace(l.Namespace); err != nil {
			return err
		}
	}
	client, err := c.Kestra()
	if err != nil {
		return err
	}
	t := c.Table(
		plugin.Col("NAMESPACE", "namespace"),
		plugin.Col("KEY", "key"),
		plugin.Col("DESCRIPTION", "description"),
		plugin.Column{Header: "CREATED", Path: "creationDate", Format: "time"},
		plugin.Column{Header: "UPDATED", Path: "updateDate", Format: "time"},
		plugin.Column{Header: "EXPIRES", Path: "expirationDate", Format: "time"},
	)
	n := 0
	err = kvapi.List(c, client, l.Namespace, func(page []kvapi.Entry) error {
		for _, e := range page {
			if err := t.Add(e); err != nil {
				return err
			}
		}
		n += len(page)
		return t.Flush()
	})
	if err != nil {
		if l.Namespace == "" && kestra.IsStatus(err, http.StatusUnauthorized) && usesBasicAuth(c) {
			return cmderr.New(cmderr.Unauthenticated, "listing the key-value pairs of every namespace needs an API token: the server refuses it with basic authentication").
				WithHint("set a token with --token or KESTRACTL_TOKEN (or a context with one), or list one namespace: kestractl kv list <namespace>")
		}
		return fmt.Errorf("list key-value pairs: %w", err)
	}
	return t.Close(fmt.Sprintf("%d key-value pair(s)", n))
}

// usesBasicAuth reports whether the command authenticates with a username
// and password rather than a token.
func usesBasicAuth(c *plugin.Context) bool {
	cr, err := c.Credentials(c, false)
	return err == nil && cr.Token == "" && cr.Username != ""
}
