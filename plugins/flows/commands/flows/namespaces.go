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
		Fetch: func(ctx context.Context) ([]json.RawMessage, error) {
			names, err := cl.DistinctNamespaces(ctx, n.Query)
			if err != nil || c.Structured() {
				return names, err // -o json: the server's array of names
			}
			// The table's rows are records.
			rows := make([]json.RawMessage, len(names))
			for i, name := range names {
				rows[i] = json.RawMessage(`{"namespace":` + string(name) + `}`)
			}
			return rows, nil
		},
	})
}
