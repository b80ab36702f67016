package flows

import (
	"context"
	"net/url"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// flowColumns show flows in dry runs of the by-query actions.
var flowColumns = []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("REVISION", "revision"),
	{Header: "DISABLED", Path: "disabled", Format: "bool"}}

// flowFilters are the filters of the flows by-query commands (and of the
// exports): -n, --flow, -q, --label and --filter.
type flowFilters struct {
	plugin.NamespaceFlag `embed:""`
	plugin.FlowFlag      `embed:""`
	plugin.QueryFlag     `embed:""`
	plugin.LabelFlag     `embed:""`
	plugin.FilterFlag    `embed:""`
}

// query builds the search parameters of the filters.
func (f flowFilters) query() (url.Values, error) {
	q, err := plugin.Query(f.NamespaceFlag, f.FlowFlag, f.QueryFlag, f.LabelFlag, f.FilterFlag)
	if err != nil {
		return nil, err
	}
	q.Set("sort", "namespace:asc,id:asc")
	return q, nil
}

// flowAction acts on a batch of flows through a by-ids endpoint.
type flowAction func(ctx context.Context, cl *api.Client, refs []api.FlowRef) error

// flowBulk describes an action on flows for Context.BulkByQuery and
// BulkByIDs. Kestra's by-ids endpoints refuse a whole batch when one flow
// does not exist (404, nothing changed); the batch is then retried flow by
// flow, so that the report says which flow was missing and the others are
// acted on.
func flowBulk(c *plugin.Context, verb, done string, act flowAction) (plugin.Bulk, error) {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return plugin.Bulk{}, err
	}
	k := cl.Kestra()
	return plugin.Bulk{
		Noun: "flow", Verb: verb, Done: done,
		Path: k.TenantPath("flows", "search"), Columns: flowColumns,
		ID: plugin.JSONField("namespace", "id"),
		Act: func(ctx context.Context, ids []string) (map[string]string, error) {
			refs := make([]api.FlowRef, 0, len(ids))
			for _, id := range ids {
				ref, err := cmdutil.ParseFlowRef(id)
				if err != nil {
					return nil, err
				}
				refs = append(refs, ref)
			}
			err := act(ctx, cl, refs)
			if err == nil || !kestra.IsNotFound(err) || len(refs) == 1 {
				if kestra.IsNotFound(err) {
					return map[string]string{ids[0]: "flow not found"}, nil
				}
				return nil, err
			}
			failures := map[string]string{}
			for i, ref := range refs {
				if err := act(ctx, cl, []api.FlowRef{ref}); err != nil {
					if !kestra.IsNotFound(err) {
						return nil, err
					}
					failures[ids[i]] = "flow not found"
				}
			}
			return failures, nil
		},
	}, nil
}

func enableFlows(ctx context.Context, cl *api.Client, refs []api.FlowRef) error {
	_, err := cl.SetFlowsDisabled(ctx, refs, false)
	return err
}

func disableFlows(ctx context.Context, cl *api.Client, refs []api.FlowRef) error {
	_, err := cl.SetFlowsDisabled(ctx, refs, true)
	return err
}

func deleteFlows(ctx context.Context, cl *api.Client, refs []api.FlowRef) error {
	_, err := cl.DeleteFlows(ctx, refs)
	return err
}

// flowIDs turns refs into the ids BulkByIDs takes.
func flowIDs(refs []api.FlowRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.String()
	}
	return out
}
