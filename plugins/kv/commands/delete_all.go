package commands

import (
	"context"
	"fmt"
	"slices"

	"github.com/kestractl/kestractl/plugins/kv/kvapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DeleteAll removes several keys of a namespace: the ones named, or every
// key matching the filters.
type DeleteAll struct {
	Namespace string   `arg:"" completer:"namespace" help:"Namespace."`
	Keys      []string `arg:"" optional:"" name:"key" completer:"kv-key" help:"Keys to delete; without any, every key matching -q or --filter."`

	plugin.QueryFlag    `embed:""`
	plugin.FilterFlag   `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Help is the detailed help of kv delete-all.
func (d *DeleteAll) Help() string {
	return `Deletes the keys named, or every key of the namespace matching -q (keys
containing the text) or --filter (e.g. --filter id:STARTS_WITH:tmp_). It
asks first, naming the count (--yes to skip); with filters, --dry-run lists
the matching keys and deletes nothing, and only the keys counted are
deleted. The output is a report, {"summary": {"total", "deleted",
"failed"}, "results": [{"status", "id", "error"}]} with -o json; a key that
did not exist is "failed" with error "not found".`
}

// Examples implements the SDK's Exampler.
func (d *DeleteAll) Examples() []string {
	return []string{
		"kestractl kv delete-all company.team api_url retries settings",
		"# Every key whose name contains 'tmp_', after looking at them\nkestractl kv delete-all company.team -q tmp_ --dry-run",
		"kestractl kv delete-all company.team -q tmp_ --yes -o json",
	}
}

// Run deletes the keys.
func (d *DeleteAll) Run(c *plugin.Context) error {
	if err := checkNamespace(d.Namespace); err != nil {
		return err
	}
	filtered := d.Query != "" || len(d.Filter) > 0
	switch {
	case len(d.Keys) > 0 && filtered:
		return cmderr.Usagef("give keys or filters (-q, --filter), not both")
	case len(d.Keys) == 0 && !filtered:
		return cmderr.Usagef("no key given: name the keys to delete, or select them with -q TEXT or --filter FIELD:OPERATION:VALUE")
	case len(d.Keys) > 0 && d.DryRun:
		return cmderr.Usagef("--dry-run lists what the filters match: use it with -q or --filter")
	}
	var keys []string
	for _, k := range d.Keys {
		if err := checkKey(k); err != nil {
			return err
		}
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	client, err := c.Kestra()
	if err != nil {
		return err
	}
	ns := d.Namespace
	bulk := plugin.Bulk{
		Noun: "key", Verb: fmt.Sprintf("In %s, delete", ns), Done: "deleted",
		Act: func(ctx context.Context, ids []string) (map[string]string, error) {
			deleted, err := kvapi.DeleteKeys(ctx, client, ns, ids)
			if err != nil {
				return nil, err
			}
			failures := map[string]string{}
			for _, id := range ids {
				if !slices.Contains(deleted, id) {
					failures[id] = "not found"
				}
			}
			return failures, nil
		},
	}
	if len(keys) > 0 {
		if err := c.NamespaceMustExist(ns); err != nil {
			return err
		}
		return c.BulkByIDs(keys, bulk)
	}
	q, err := plugin.Query(plugin.NamespaceFlag{Namespace: ns}, d.QueryFlag, d.FilterFlag)
	if err != nil {
		return err
	}
	if err := c.NamespaceMustExist(ns); err != nil {
		return err
	}
	bulk.Path, bulk.Query, bulk.Columns, bulk.ID = client.TenantPath("kv"), q, listColumns(), plugin.JSONField("key")
	return c.BulkByQuery(d.ByQueryFlags, bulk)
}
