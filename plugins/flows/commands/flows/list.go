package flows

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List is "flows list [namespace]".
type List struct {
	Positional string `arg:"" name:"namespace" optional:"" completer:"namespace" help:"Only the flows of this namespace (same as -n)."`

	plugin.NamespaceFlag `embed:""`
	plugin.QueryFlag     `embed:""`
	plugin.LabelFlag     `embed:""`
	plugin.FilterFlag    `embed:""`
	plugin.ListFlags     `embed:""`
}

// Examples implements manifest.Exampler.
func (*List) Examples() []string {
	return []string{
		"kestractl flows list company.team",
		"# every flow of every namespace, as JSON\nkestractl flows list --all -o json",
		"kestractl flows list -n company.team -q etl --label team=data",
	}
}

// Run lists the flows.
func (l *List) Run(c *plugin.Context) error {
	ns, q, err := plugin.NamespaceQuery(l.Positional, l.NamespaceFlag, l.QueryFlag, l.LabelFlag, l.FilterFlag)
	if err != nil {
		return err
	}
	q.Set("sort", "id:asc")
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	return c.List(l.ListFlags, plugin.Listing{
		Noun: "flow",
		Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("REVISION", "revision"),
			plugin.Column{Header: "DISABLED", Path: "disabled", Format: "bool"}, plugin.Col("DESCRIPTION", "description")},
		Path:      k.TenantPath("flows", "search"),
		Query:     q,
		Namespace: ns,
	})
}
