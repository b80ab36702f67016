package logs

import (
	"net/url"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Search is "logs search".
type Search struct {
	plugin.QueryFlag     `embed:""`
	plugin.NamespaceFlag `embed:""`
	plugin.FlowFlag      `embed:""`
	TriggerID            string `name:"trigger-id" help:"Only the logs of this trigger (its id)."`
	MinLevel             string `name:"min-level" aliases:"level" placeholder:"LEVEL" values:"TRACE,DEBUG,INFO,WARN,ERROR" help:"Only logs at this level or above: TRACE, DEBUG, INFO, WARN or ERROR."`
	plugin.TimeFlags     `embed:""`
	plugin.FilterFlag    `embed:""`
	Sort                 string `default:"timestamp:desc" placeholder:"FIELD:ORDER" help:"Order of the results, e.g. timestamp:asc."`
	plugin.ListFlags     `embed:""`
}

// Examples implements manifest.Exampler.
func (*Search) Examples() []string {
	return []string{
		"kestractl logs search -n company.team --min-level ERROR --since 1h",
		"kestractl logs search -q timeout --flow etl --all -o json",
		"kestractl logs search -n company.team --trigger-id daily --since 2026-12-01 --until 2026-12-02",
	}
}

// Run lists the matching logs, newest first.
func (s *Search) Run(c *plugin.Context) error {
	level, err := cmdutil.CheckLevel(s.MinLevel)
	if err != nil {
		return err
	}
	q, err := plugin.Query(s.QueryFlag, s.NamespaceFlag, s.FlowFlag, s.TimeFlags, s.FilterFlag)
	if err != nil {
		return err
	}
	if s.TriggerID != "" {
		q.Set("filters[triggerId][EQUALS]", s.TriggerID)
	}
	if level != "" {
		q.Set("filters[level][GREATER_THAN_OR_EQUAL_TO]", level)
	}
	if s.Sort != "" {
		q.Set("sort", s.Sort)
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	return c.List(s.ListFlags, plugin.Listing{
		Noun: "log", Columns: searchColumns,
		Path: k.TenantPath("logs", "search"), Query: url.Values(q),
		Namespace: s.Namespace,
	})
}

// searchColumns show logs across executions.
var searchColumns = []plugin.Column{
	{Header: "TIME", Path: "timestamp", Format: "time"}, plugin.Col("LEVEL", "level"),
	plugin.Col("NAMESPACE", "namespace"), plugin.Col("FLOW", "flowId"), plugin.Col("EXECUTION", "executionId"),
	plugin.Col("TASK", "taskId"), plugin.Col("MESSAGE", "message"),
}
