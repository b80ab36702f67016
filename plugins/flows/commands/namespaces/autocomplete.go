package namespaces

import (
	"context"
	"encoding/json"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Autocomplete is "namespaces autocomplete".
type Autocomplete struct {
	plugin.QueryFlag `embed:""`
	ID               []string `name:"id" sep:"none" completer:"namespace" placeholder:"NAMESPACE" help:"Also return this namespace when it exists, repeatable."`
	ExistingOnly     bool     `name:"existing-only" help:"Only namespaces that exist on the server."`
	plugin.ListFlags `embed:""`
}

// Help is the detailed help of namespaces autocomplete.
func (*Autocomplete) Help() string {
	return `The server's suggestions (POST .../namespaces/autocomplete): at most 50
namespace ids containing -q, plus the --id ones that exist. With -o json the
output is the server's array of ids. (Shell completion of namespaces is
'kestractl completion'.)`
}

// Examples implements manifest.Exampler.
func (*Autocomplete) Examples() []string {
	return []string{
		"kestractl namespaces autocomplete -q team",
		"kestractl namespaces autocomplete -q comp --existing-only -o json",
	}
}

// Run asks the server.
func (a *Autocomplete) Run(c *plugin.Context) error {
	for _, id := range a.ID {
		if err := plugin.ValidateNamespace(id); err != nil {
			return err
		}
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	req := api.Autocomplete{IDs: a.ID, ExistingOnly: a.ExistingOnly}
	if a.Query != "" {
		req.Q = &a.Query
	}
	return c.List(a.ListFlags, plugin.Listing{
		Noun:    "namespace",
		Columns: []plugin.Column{plugin.Col("NAMESPACE", "namespace")},
		// The server answers bare ids; a table row is an object.
		Row: func(item json.RawMessage) (json.RawMessage, error) {
			return json.Marshal(map[string]json.RawMessage{"namespace": item})
		},
		Fetch: func(ctx context.Context) ([]json.RawMessage, error) {
			return cl.AutocompleteNamespaces(ctx, req)
		},
	})
}
