package assets

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// RunFilters are the filters of lineage events and usages.
type RunFilters struct {
	plugin.NamespaceFlag `embed:""`
	plugin.FlowFlag      `embed:""`
	Asset                string `placeholder:"ID" help:"Only those of this asset."`
	ExecutionID          string `name:"execution-id" placeholder:"ID" help:"Only those of this execution."`
	TaskID               string `name:"task-id" placeholder:"ID" help:"Only those of this task."`
	plugin.FilterFlag    `embed:""`
}

func (f RunFilters) query() (map[string][]string, error) {
	q, err := plugin.Query(f.NamespaceFlag, f.FlowFlag, f.FilterFlag)
	if err != nil {
		return nil, err
	}
	for k, v := range map[string]string{"assetId": f.Asset, "executionId": f.ExecutionID, "taskId": f.TaskID} {
		if v != "" {
			q.Set("filters["+k+"][EQUALS]", v)
		}
	}
	return q, nil
}

// runRecords are the records of task runs: lineage events or usages.
type runRecords struct {
	noun    string
	columns []plugin.Column
	// id identifies a record in by-query reports.
	id   func(json.RawMessage) (string, error)
	path func(*api.Client) string
	// del deletes the records the query matches (the server's count).
	del func(cl *api.Client, ctx context.Context, q url.Values) (int, error)
}

// events are the lineage events task runs recorded.
func events() runRecords {
	return runRecords{noun: "lineage event", id: plugin.JSONField("uid"),
		columns: []plugin.Column{plugin.Col("UID", "uid"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("FLOW", "flowId"),
			plugin.Col("TASK", "taskId"), plugin.Col("EXECUTION", "executionId"), {Header: "STATE", Path: "state", Format: "status"}},
		path: (*api.Client).LineageEventsPath, del: (*api.Client).DeleteLineageEvents}
}

// usages are where assets were used; a usage is identified by its asset
// and its task run.
func usages() runRecords {
	return runRecords{noun: "usage", id: plugin.JSONField("assetId", "taskRunId"),
		columns: []plugin.Column{plugin.Col("ASSET", "assetId"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("FLOW", "flowId"),
			plugin.Col("TASK", "taskId"), plugin.Col("EXECUTION", "executionId"), plugin.Col("TASK RUN", "taskRunId")},
		path: (*api.Client).UsagesPath, del: (*api.Client).DeleteUsages}
}

// list lists the records q matches (ns: the namespace filtered on).
func (r runRecords) list(c *plugin.Context, f plugin.ListFlags, q url.Values, ns string) error {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	return fail(c, c.List(f, plugin.Listing{Noun: r.noun, Columns: r.columns, Path: r.path(cl), Query: q, Namespace: ns}), "")
}

// deleteByQuery deletes the records the filters match (see byQuery).
func (r runRecords) deleteByQuery(c *plugin.Context, f RunFilters, dryRun bool) error {
	q, err := f.query()
	if err != nil {
		return err
	}
	if len(q) == 0 {
		return cmderr.Usagef("give at least one filter (-n, --flow, --asset, --execution-id, --task-id, --filter)")
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	return fail(c, byQuery(c, dryRun, query{noun: r.noun, verb: "Delete", done: "deleted", path: r.path(cl), q: q,
		columns: r.columns, id: r.id,
		del: func(ctx context.Context) (int, error) { return r.del(cl, ctx, q) }}), "")
}

// EventList is "assets lineage-events list".
type EventList struct {
	RunFilters       `embed:""`
	State            string `placeholder:"STATE" help:"Only events of task runs in this state."`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*EventList) Examples() []string {
	return []string{"kestractl assets lineage-events list -n shop.data", "kestractl assets lineage-events list --asset orders -o json"}
}

// Run lists the lineage events.
func (l *EventList) Run(c *plugin.Context) error {
	q, err := l.query()
	if err != nil {
		return err
	}
	if l.State != "" {
		q["filters[state][EQUALS]"] = []string{strings.ToUpper(l.State)}
	}
	return events().list(c, l.ListFlags, q, l.Namespace)
}

// EventDeleteByQuery is "assets lineage-events delete-by-query".
type EventDeleteByQuery struct {
	RunFilters          `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*EventDeleteByQuery) Examples() []string {
	return []string{"kestractl assets lineage-events delete-by-query -n shop.data --dry-run", "kestractl assets lineage-events delete-by-query --flow load_orders --yes"}
}

// Help implements kong.HelpProvider.
func (*EventDeleteByQuery) Help() string { return byQueryHelp("lineage events", "uid") }

func byQueryHelp(plural, id string) string {
	return fmt.Sprintf(`The %[1]s the filters match are counted and the question names that count. Kestra deletes them
by query; the %[1]s are read again afterwards: the report has one result per %[1]s counted, id (%[2]s) and status
(deleted, or failed when it is still there). At least one filter is needed.`, plural, id)
}

// Run deletes the matching lineage events.
func (d *EventDeleteByQuery) Run(c *plugin.Context) error {
	return events().deleteByQuery(c, d.RunFilters, d.DryRun)
}

// UsageList is "assets usages list".
type UsageList struct {
	RunFilters       `embed:""`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*UsageList) Examples() []string {
	return []string{"kestractl assets usages list --asset orders", "kestractl assets usages list -n shop.data -o json"}
}

// Run lists the usages.
func (l *UsageList) Run(c *plugin.Context) error {
	q, err := l.query()
	if err != nil {
		return err
	}
	return usages().list(c, l.ListFlags, q, l.Namespace)
}

// UsageDeleteByQuery is "assets usages delete-by-query".
type UsageDeleteByQuery struct {
	RunFilters          `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*UsageDeleteByQuery) Examples() []string {
	return []string{"kestractl assets usages delete-by-query --asset orders --yes"}
}

// Help implements kong.HelpProvider.
func (*UsageDeleteByQuery) Help() string { return byQueryHelp("usages", "assetId/taskRunId") }

// Run deletes the matching usages.
func (d *UsageDeleteByQuery) Run(c *plugin.Context) error {
	return usages().deleteByQuery(c, d.RunFilters, d.DryRun)
}
