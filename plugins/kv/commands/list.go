package commands

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List lists keys.
type List struct {
	NS string `arg:"" optional:"" name:"namespace" completer:"namespace" help:"Only this namespace, as -n (default: every namespace; needs an API token on Kestra Enterprise)."`

	plugin.NamespaceFlag `embed:""`
	plugin.QueryFlag     `embed:""`
	plugin.FilterFlag    `embed:""`
	plugin.ListFlags     `embed:""`
}

// Help is the detailed help of kv list.
func (l *List) Help() string {
	return `Items are the server's KVEntry objects, unchanged with -o json or -o yaml
(namespace, key, revision, description, creationDate, updateDate,
expirationDate). -q matches keys containing the text; --filter takes the
QueryFilter fields of key-value pairs (namespace, id for the key, q).`
}

// Examples implements the SDK's Exampler.
func (l *List) Examples() []string {
	return []string{
		"# The first 30 keys of a namespace\nkestractl kv list company.team",
		"# Every key whose name contains 'token', of every namespace (an API token is needed on Enterprise)\nkestractl kv list --all -q token",
		"kestractl kv list -n company.team -o json --jq '.[].key'",
	}
}

func listColumns() []plugin.Column {
	return []plugin.Column{
		plugin.Col("NAMESPACE", "namespace"),
		plugin.Col("KEY", "key"),
		plugin.Col("DESCRIPTION", "description"),
		{Header: "UPDATED", Path: "updateDate", Format: "age"},
		{Header: "EXPIRES", Path: "expirationDate", Format: "age"},
	}
}

// Run shows the keys with the list grammar (GET /api/v1/{tenant}/kv).
func (l *List) Run(c *plugin.Context) error {
	ns, q, err := plugin.NamespaceQuery(l.NS, l.NamespaceFlag, l.QueryFlag, l.FilterFlag)
	if err != nil {
		return err
	}
	client, err := c.Kestra()
	if err != nil {
		return err
	}
	err = c.List(l.ListFlags, plugin.Listing{
		Noun: "key", Columns: listColumns(),
		Path: client.TenantPath("kv"), Query: q,
		Namespace: ns,
	})
	if err != nil && ns == "" && kestra.IsStatus(err, http.StatusUnauthorized) && usesBasicAuth(c) {
		return cmderr.New(cmderr.Unauthenticated, "listing the key-value pairs of every namespace needs an API token: the server refuses it with basic authentication").
			WithHint("set a token with --token or KESTRACTL_TOKEN (or a context with one), or list one namespace: kestractl kv list <namespace>")
	}
	var ce *cmderr.Error
	if err != nil && !errors.As(err, &ce) {
		return fmt.Errorf("list key-value pairs: %w", err)
	}
	return err
}

// usesBasicAuth reports whether the command authenticates with a username
// and password rather than a token.
func usesBasicAuth(c *plugin.Context) bool {
	cr, err := c.Credentials(c, false)
	return err == nil && cr.Token == "" && cr.Username != ""
}
