// Package namespaces is the "namespaces" command group.
package namespaces

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Group is "kestractl namespaces".
type Group struct {
	List List `cmd:"" aliases:"ls" help:"List namespaces."`
	Get  Get  `cmd:"" aliases:"show,describe" help:"Show a namespace."`
}

// List is "namespaces list".
type List struct {
	Prefix string `arg:"" optional:"" name:"prefix" help:"Only this namespace and its children (e.g. company lists company and company.team)."`

	plugin.QueryFlag  `embed:""`
	plugin.FilterFlag `embed:""`
	plugin.ListFlags  `embed:""`
}

// Examples implements manifest.Exampler.
func (*List) Examples() []string {
	return []string{"kestractl namespaces list", "kestractl namespaces list company --all", "kestractl namespaces list -q team -o json"}
}

// Run lists the namespaces.
func (l *List) Run(c *plugin.Context) error {
	q, err := plugin.Query(l.QueryFlag, l.FilterFlag)
	if err != nil {
		return err
	}
	if l.Prefix != "" {
		if err := plugin.ValidateNamespace(l.Prefix); err != nil {
			return err
		}
	}
	q.Set("existing", "true")
	q.Set("sort", "id:asc")
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	listing := plugin.Listing{
		Noun:    "namespace",
		Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("DESCRIPTION", "description")},
		Path:    k.TenantPath("namespaces", "search"),
		Query:   q,
	}
	if l.Prefix != "" {
		listing.Keep = func(item json.RawMessage) bool {
			var ns struct {
				ID string `json:"id"`
			}
			return json.Unmarshal(item, &ns) == nil && (ns.ID == l.Prefix || strings.HasPrefix(ns.ID, l.Prefix+"."))
		}
		listing.Empty = func(context.Context) error { return cmdutil.NamespaceExists(c, l.Prefix) }
	}
	return c.List(l.ListFlags, listing)
}

// Get is "namespaces get <namespace>".
type Get struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace id."`
}

// Examples implements manifest.Exampler.
func (*Get) Examples() []string {
	return []string{"kestractl namespaces get company.team", "kestractl namespaces get company.team -o json"}
}

// Run shows the namespace.
func (g *Get) Run(c *plugin.Context) error {
	if err := plugin.ValidateNamespace(g.Namespace); err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.GetNamespace(c, g.Namespace)
	if err != nil {
		return cmdutil.NotFound(err, "namespace %q not found", g.Namespace)
	}
	return c.Object(raw)
}
