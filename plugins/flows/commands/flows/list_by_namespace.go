package flows

import (
	"context"
	"encoding/json"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ListByNamespace is "flows list-by-namespace <namespace>".
type ListByNamespace struct {
	Namespace        string `arg:"" completer:"namespace" help:"The namespace (not its children)."`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*ListByNamespace) Examples() []string {
	return []string{"kestractl flows list-by-namespace company.team", "kestractl flows list-by-namespace company.team --all -o json"}
}

// Help implements kong.HelpProvider.
func (*ListByNamespace) Help() string {
	return `The flows of exactly this namespace, in one request (GET /flows/{namespace}); "flows list" searches
with filters and pages.`
}

// Run lists the namespace's flows.
func (l *ListByNamespace) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, plugin.ValidateNamespace(l.Namespace))
	if err != nil {
		return err
	}
	return c.List(l.ListFlags, plugin.Listing{
		Noun: "flow",
		Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("REVISION", "revision"),
			{Header: "DISABLED", Path: "disabled", Format: "bool"}, plugin.Col("DESCRIPTION", "description")},
		Fetch:     func(ctx context.Context) ([]json.RawMessage, error) { return cl.FlowsOfNamespace(ctx, l.Namespace) },
		Namespace: l.Namespace,
	})
}
