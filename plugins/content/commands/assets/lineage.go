package assets

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

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

func eventColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("UID", "uid"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("FLOW", "flowId"),
		plugin.Col("TASK", "taskId"), plugin.Col("EXECUTION", "executionId"), {Header: "STATE", Path: "state", Format: "status"}}
}

func usageColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("ASSET", "assetId"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("FLOW", "flowId"),
		plugin.Col("TASK", "taskId"), plugin.Col("EXECUTION", "executionId"), plugin.Col("TASK RUN", "taskRunId")}
}

// usageID identifies a usage: asset, task run.
func usageID(item json.RawMessage) (string, error) {
	return plugin.JSONField("assetId", "taskRunId")(item)
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
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	return fail(c, c.List(l.ListFlags, plugin.Listing{Noun: "lineage event", Columns: eventColumns(), Path: cl.LineageEventsPath(), Query: q,
		Namespace: l.Namespace}), "")
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
	q, err := d.query()
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
	return fail(c, byQuery(c, d.DryRun, query{noun: "lineage event", verb: "Delete", done: "deleted", path: cl.LineageEventsPath(), q: q,
		columns: eventColumns(), id: plugin.JSONField("uid"),
		del: func(ctx context.Context) (int, error) { return cl.DeleteLineageEvents(ctx, q) }}), "")
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
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	return fail(c, c.List(l.ListFlags, plugin.Listing{Noun: "usage", Columns: usageColumns(), Path: cl.UsagesPath(), Query: q,
		Namespace: l.Namespace}), "")
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
	q, err := d.query()
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
	return fail(c, byQuery(c, d.DryRun, query{noun: "usage", verb: "Delete", done: "deleted", path: cl.UsagesPath(), q: q,
		columns: usageColumns(), id: usageID,
		del: func(ctx context.Context) (int, error) { return cl.DeleteUsages(ctx, q) }}), "")
}
