package namespaces

import (
	"encoding/json"
	"strings"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// List is "namespaces list".
type List struct {
	Prefix string `arg:"" optional:"" name:"prefix" completer:"namespace" help:"Only this namespace and its children (e.g. company lists company and company.team)."`

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
		Columns: columns(),
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
		listing.Namespace = l.Prefix
	}
	return c.List(l.ListFlags, listing)
}

// columns are the table columns of namespace lists.
func columns() []plugin.Column {
	return []plugin.Column{plugin.Col("ID", "id"), plugin.Col("DESCRIPTION", "description")}
}
