package executions

import (
	"context"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List is "executions list".
type List struct {
	plugin.NamespaceFlag `embed:""`
	plugin.FlowFlag      `embed:""`
	plugin.StateFlag     `embed:""`
	plugin.LabelFlag     `embed:""`
	plugin.TimeFlags     `embed:""`
	plugin.QueryFlag     `embed:""`
	plugin.FilterFlag    `embed:""`
	plugin.ListFlags     `embed:""`
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
	if l.Flow != "" {
		if err := plugin.ValidateID("flow id", l.Flow, 100); err != nil {
			return err
		}
	}
	q, err := plugin.Query(l.NamespaceFlag, l.FlowFlag, l.StateFlag, l.LabelFlag, l.TimeFlags, l.QueryFlag, l.FilterFlag)
	if err != nil {
		return err
	}
	q.Set("sort", "state.startDate:desc")
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	return c.List(l.ListFlags, plugin.Listing{
		Noun: "execution",
		Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("FLOW", "flowId"),
			plugin.Column{Header: "STATE", Path: "state.current", Format: "status"},
			plugin.Column{Header: "STARTED", Path: "state.startDate", Format: "age"},
			plugin.Column{Header: "DURATION", Path: "state.duration", Format: "duration"}},
		Path:  k.TenantPath("executions", "search"),
		Query: q,
		Empty: func(context.Context) error { return cmdutil.NamespaceExists(c, l.Namespace) },
	})
}
