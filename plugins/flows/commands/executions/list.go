package executions

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List is "executions list".
type List struct {
	ExecutionFilters `embed:""`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*List) Examples() []string {
	return []string{
		"kestractl executions list -n company.team --flow hello",
		"# what failed in the last day\nkestractl executions list --state FAILED,KILLED --since 24h",
		"kestractl executions list --label team=data --all -o json",
	}
}

// Run lists the executions, newest first.
func (l *List) Run(c *plugin.Context) error {
	q, err := l.query()
	if err != nil {
		return err
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	return c.List(l.ListFlags, plugin.Listing{
		Noun:      "execution",
		Columns:   listColumns,
		Path:      k.TenantPath("executions", "search"),
		Query:     q,
		Namespace: l.Namespace,
	})
}

// listColumns show executions in a list.
var listColumns = []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("FLOW", "flowId"),
	{Header: "STATE", Path: "state.current", Format: "status"},
	{Header: "STARTED", Path: "state.startDate", Format: "age"},
	{Header: "DURATION", Path: "state.duration", Format: "duration"}}
