package flows

import (
	"context"
	"encoding/json"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Namespaces is "flows namespaces [--query TEXT]".
type Namespaces struct {
	plugin.QueryFlag `embed:""`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*Namespaces) Examples() []string {
	return []string{"kestractl flows namespaces", "kestractl flows namespaces --query team -o json"}
}

// Help implements kong.HelpProvider.
func (*Namespaces) Help() string {
	return `Lists the namespaces that hold at least one flow (GET /flows/distinct-namespaces); "namespaces list"
lists every namespace. -o json prints the array of names.`
}

// Run lists the namespaces.
func (n *Namespaces) Run(c *plugin.Context) error {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	return c.List(n.ListFlags, plugin.Listing{
		Noun:    "namespace",
		Columns: []plugin.Column{plugin.Col("NAMESPACE", "namespace")},
		Fetch:   func(ctx context.Context) ([]json.RawMessage, error) { return cl.DistinctNamespaces(ctx, n.Query) },
		// -o json prints the server's array of names; a table row is a record.
		Row: func(name json.RawMessage) (json.RawMessage, error) {
			return json.RawMessage(`{"namespace":` + string(name) + `}`), nil
		},
	})
}
