package executions

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// FlowGraph is "executions flow-graph <execution_id>".
type FlowGraph struct {
	ID      string   `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
	Subflow []string `placeholder:"TASK_ID" help:"Expand this subflow task (repeatable; e.g. root.call)."`
}

// Examples implements manifest.Exampler.
func (*FlowGraph) Examples() []string {
	return []string{
		"kestractl executions flow-graph 4wjtkzwVGBM9yKnjm3yv8r",
		"kestractl executions flow-graph 4wjtkzwVGBM9yKnjm3yv8r --subflow root.call -o json",
	}
}

// graphNode is the part of a FlowGraph node the table shows.
type graphNode struct {
	UID  string `json:"uid"`
	Type string `json:"type"`
	Task *struct {
		ID string `json:"id"`
	} `json:"task"`
	TaskRun *struct {
		ID    string `json:"id"`
		State struct {
			Current string `json:"current"`
		} `json:"state"`
	} `json:"taskRun"`
	RelationType string `json:"relationType"`
}

// Run shows the graph: the server's object with -o json, else its nodes,
// each with the task run the execution made of it and what leads to it.
func (g *FlowGraph) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, cmdutil.CheckExecutionID(g.ID))
	if err != nil {
		return err
	}
	raw, err := cl.ExecutionGraph(c, g.ID, g.Subflow)
	if err != nil {
		return kestra.NotFoundAs(err, "execution %q not found", g.ID)
	}
	if c.Structured() {
		return c.Object(raw)
	}
	var graph struct {
		Nodes []graphNode `json:"nodes"`
		Edges []struct {
			Source string `json:"source"`
			Target string `json:"target"`
		} `json:"edges"`
	}
	if err := json.Unmarshal(raw, &graph); err != nil {
		return fmt.Errorf("decode the graph: %w", err)
	}
	after := map[string][]string{}
	for _, e := range graph.Edges {
		after[e.Target] = append(after[e.Target], e.Source)
	}
	t := c.Table(plugin.Col("NODE", "node"), plugin.Col("KIND", "kind"), plugin.Col("TASK", "task"),
		plugin.Column{Header: "STATE", Path: "state", Format: "status"}, plugin.Col("TASK RUN", "taskRun"), plugin.Col("AFTER", "after"))
	for _, n := range graph.Nodes {
		row := map[string]string{"node": n.UID, "kind": n.Type[strings.LastIndex(n.Type, ".")+1:], "after": strings.Join(after[n.UID], ", ")}
		if n.Task != nil {
			row["task"] = n.Task.ID
		}
		if n.TaskRun != nil {
			row["state"], row["taskRun"] = n.TaskRun.State.Current, n.TaskRun.ID
		}
		if err := t.Add(row); err != nil {
			return err
		}
	}
	return t.Close(fmt.Sprintf("%d nodes, %d edges", len(graph.Nodes), len(graph.Edges)))
}
