package commands

import (
	"context"
	"encoding/json"

	"github.com/kestractl/kestractl/plugins/kv/kvapi"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ListInherited lists the keys a namespace inherits.
type ListInherited struct {
	Namespace        string `arg:"" completer:"namespace" help:"Namespace."`
	plugin.ListFlags `embed:""`
}

// Help is the detailed help of kv list-inherited.
func (l *ListInherited) Help() string {
	return `Lists the keys of the namespace's parents (company.team inherits
company's), the nearest parent winning for a key; the namespace's own keys
are 'kv list'. Items are the server's KVEntry objects, unchanged with -o json.`
}

// Examples implements the SDK's Exampler.
func (l *ListInherited) Examples() []string {
	return []string{
		"kestractl kv list-inherited company.team",
		"kestractl kv list-inherited company.team -o json --jq '.[].key'",
	}
}

// Run lists the inherited keys.
func (l *ListInherited) Run(c *plugin.Context) error {
	if err := checkNamespace(l.Namespace); err != nil {
		return err
	}
	client, err := c.Kestra()
	if err != nil {
		return err
	}
	return c.List(l.ListFlags, plugin.Listing{
		Noun: "inherited key", Columns: listColumns(),
		Fetch: func(ctx context.Context) ([]json.RawMessage, error) {
			return kvapi.Inherited(ctx, client, l.Namespace)
		},
		Namespace: l.Namespace,
	})
}
