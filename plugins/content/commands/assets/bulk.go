package assets

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// byIDs deletes assets through the by-ids endpoint. Kestra refuses the
// whole call when one id is unknown, so each id is looked up first: the
// missing ones are reported as such and left out.
func byIDs(cl *api.Client) plugin.Bulk {
	return plugin.Bulk{Noun: "asset", Verb: "Delete", Done: "deleted",
		Act: func(ctx context.Context, ids []string) (map[string]string, error) {
			failures := map[string]string{}
			var send []string
			for _, id := range ids {
				if _, _, err := cl.GetAsset(ctx, id); err != nil {
					if kestra.IsStatus(err, http.StatusNotFound) {
						failures[id] = "not found"
						continue
					}
					return nil, err
				}
				send = append(send, id)
			}
			if len(send) == 0 {
				return failures, nil
			}
			if _, err := cl.DeleteAssetsByIDs(ctx, send); err != nil {
				return nil, err
			}
			return failures, nil
		}}
}

// query describes a by-query deletion that Kestra offers only by query
// (lineage events, usages, purged assets).
type query struct {
	noun, verb, done string
	path             string
	q                map[string][]string
	columns          []plugin.Column
	id               func(json.RawMessage) (string, error)
	del              func(ctx context.Context) (int, error)
}

// byQuery counts what the filters match, lists it with --dry-run, asks
// naming the count, deletes by query, then reads the matches again: each
// item counted is reported deleted when it is gone, failed when it is
// still there.
func byQuery(c *plugin.Context, dryRun bool, d query) error {
	if dryRun {
		return c.List(plugin.ListFlags{All: true}, plugin.Listing{Noun: d.noun, Columns: d.columns, Path: d.path, Query: d.q})
	}
	before, err := matching(c, d)
	if err != nil {
		return err
	}
	if len(before) == 0 {
		return c.Info("No %ss match the filters: nothing to do.", d.noun)
	}
	noun := d.noun + "s"
	if len(before) == 1 {
		noun = d.noun
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("%s %d %s matching the filters?", d.verb, len(before), noun)); err != nil {
		return err
	}
	n, err := d.del(c)
	if err != nil {
		return err
	}
	after, err := matching(c, d)
	if err != nil {
		return err
	}
	still := map[string]bool{}
	for _, id := range after {
		still[id] = true
	}
	r := c.Report(d.noun+"s", plugin.Col("ID", "id"), plugin.Column{Header: "STATUS", Path: "status", Format: "status"}, plugin.Col("ERROR", "error"))
	type result struct {
		Status string `json:"status"`
		ID     string `json:"id"`
		Error  string `json:"error,omitempty"`
	}
	for _, id := range before {
		res := result{Status: d.done, ID: id}
		if still[id] {
			res.Status, res.Error = "failed", "still present after the deletion"
		}
		if err := r.Add(res.Status, res); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	if n > len(before) {
		_ = c.Warn("the server removed %d %ss: %d more started matching after the question", n, d.noun, n-len(before))
	}
	if f := r.Count("failed"); f > 0 {
		return cmderr.New(cmderr.Generic, "%d of %d %ss were not removed", f, len(before), d.noun)
	}
	return nil
}

// matching lists the ids of every item the filters match.
func matching(c *plugin.Context, d query) ([]string, error) {
	k, err := c.Kestra()
	if err != nil {
		return nil, err
	}
	var ids []string
	err = kestra.Paginate(c, k, d.path, d.q, plugin.MaxPageSize, func(items []json.RawMessage, _ int64) error {
		for _, it := range items {
			id, err := d.id(it)
			if err != nil {
				return fmt.Errorf("read a matching %s: %w", d.noun, err)
			}
			ids = append(ids, id)
		}
		return nil
	})
	return ids, err
}
