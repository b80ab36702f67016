package flows

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ListDeprecated is "flows list-deprecated [--namespace NS]".
type ListDeprecated struct {
	Namespace        string `short:"n" completer:"namespace" help:"Only flows of this namespace and its children."`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*ListDeprecated) Examples() []string {
	return []string{"kestractl flows list-deprecated", "kestractl flows list-deprecated -n company -o json"}
}

// Help implements kong.HelpProvider.
func (*ListDeprecated) Help() string {
	return `Lists the flows that use deprecated tasks (GET /flows/deprecated). The table has one row per deprecated
task, with its replacement when there is one; -o json prints the server's flows, each with its deprecatedTasks.`
}

// deprecatedFlow is one item of the server's answer.
type deprecatedFlow struct {
	Namespace       string `json:"namespace"`
	FlowID          string `json:"flowId"`
	Revision        int    `json:"revision"`
	DeprecatedTasks []struct {
		TaskID      string  `json:"taskId"`
		TaskType    string  `json:"taskType"`
		Replacement *string `json:"replacement"`
	} `json:"deprecatedTasks"`
}

// deprecatedRow is one row of the table.
type deprecatedRow struct {
	Namespace   string `json:"namespace"`
	FlowID      string `json:"flowId"`
	Revision    int    `json:"revision"`
	TaskID      string `json:"taskId"`
	TaskType    string `json:"taskType"`
	Replacement string `json:"replacement,omitempty"`
}

// Run lists the flows.
func (l *ListDeprecated) Run(c *plugin.Context) error {
	if l.Namespace != "" {
		if err := plugin.ValidateNamespace(l.Namespace); err != nil {
			return err
		}
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	listing := plugin.Listing{
		Noun: "flow",
		Columns: []plugin.Column{plugin.Col("ID", "flowId"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("REVISION", "revision"),
			plugin.Col("DEPRECATED TASKS", "deprecatedTasks")},
		Fetch: func(ctx context.Context) ([]json.RawMessage, error) { return cl.DeprecatedFlows(ctx, l.Namespace) },
	}
	if !c.Structured() {
		// The table shows one row per deprecated task.
		listing.Noun = "deprecated task"
		listing.Columns = []plugin.Column{plugin.Col("FLOW", "flowId"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("REVISION", "revision"),
			plugin.Col("TASK", "taskId"), plugin.Col("TYPE", "taskType"), plugin.Col("REPLACEMENT", "replacement")}
		listing.Fetch = func(ctx context.Context) ([]json.RawMessage, error) {
			flows, err := cl.DeprecatedFlows(ctx, l.Namespace)
			if err != nil {
				return nil, err
			}
			var rows []json.RawMessage
			for _, raw := range flows {
				var f deprecatedFlow
				if err := json.Unmarshal(raw, &f); err != nil {
					return nil, fmt.Errorf("decode deprecated flow: %w", err)
				}
				for _, t := range f.DeprecatedTasks {
					row := deprecatedRow{Namespace: f.Namespace, FlowID: f.FlowID, Revision: f.Revision, TaskID: t.TaskID, TaskType: t.TaskType}
					if t.Replacement != nil {
						row.Replacement = *t.Replacement
					}
					b, err := json.Marshal(row)
					if err != nil {
						return nil, err
					}
					rows = append(rows, b)
				}
			}
			return rows, nil
		}
	}
	return c.List(l.ListFlags, listing)
}
