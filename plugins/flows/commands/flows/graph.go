package flows

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Graph is "flows graph <namespace> <flow_id> [--revision N] [--subflow TASK]".
type Graph struct {
	Namespace string   `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string   `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	Revision  int      `placeholder:"N" help:"The graph of this revision (default: the current one)."`
	Subflow   []string `placeholder:"TASK_UID" help:"Expand this Subflow task with the graph of the flow it calls (repeatable), e.g. root.call-child."`
}

// Examples implements manifest.Exampler.
func (*Graph) Examples() []string {
	return []string{"kestractl flows graph company.team hello", "kestractl flows graph company.team hello --revision 2 --subflow root.call -o json"}
}

// Help implements kong.HelpProvider.
func (*Graph) Help() string { return graphHelp }

const graphHelp = `The table lists the graph's nodes (uid, node type, task type) with a footer counting nodes, edges and
clusters; -o json prints the server's FlowGraph (nodes, edges, clusters).`

// Run shows the graph.
func (g *Graph) Run(c *plugin.Context) error {
	if err := cmdutil.CheckFlowRef(g.Namespace, g.FlowID); err != nil {
		return err
	}
	if g.Revision < 0 {
		return cmderr.Usagef("invalid --revision %d: revisions start at 1", g.Revision)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.Graph(c, g.Namespace, g.FlowID, g.Revision, g.Subflow)
	if err != nil {
		if g.Revision > 0 {
			return revisionNotFound(c, err, g.Namespace, g.FlowID, g.Revision)
		}
		return kestra.NotFoundAs(err, "flow %q not found in namespace %q", g.FlowID, g.Namespace)
	}
	return showGraph(c, raw)
}

// flowGraph is the part of Kestra's FlowGraph the table shows.
type flowGraph struct {
	Nodes []struct {
		UID  string `json:"uid"`
		Type string `json:"type"`
		Task *struct {
			Type string `json:"type"`
		} `json:"task"`
		Trigger *struct {
			Type string `json:"type"`
		} `json:"triggerDeclaration"`
	} `json:"nodes"`
	Edges    []json.RawMessage `json:"edges"`
	Clusters []json.RawMessage `json:"clusters"`
}

type graphRow struct {
	UID      string `json:"uid"`
	Node     string `json:"node"`
	TaskType string `json:"taskType,omitempty"`
}

// showGraph prints a FlowGraph.
func showGraph(c *plugin.Context, raw json.RawMessage) error {
	if c.Structured() {
		return c.Object(raw)
	}
	var g flowGraph
	if err := json.Unmarshal(raw, &g); err != nil {
		return fmt.Errorf("decode the flow graph: %w", err)
	}
	t := c.Table(plugin.Col("UID", "uid"), plugin.Col("NODE", "node"), plugin.Col("TYPE", "taskType"))
	for _, n := range g.Nodes {
		row := graphRow{UID: n.UID, Node: n.Type[strings.LastIndex(n.Type, ".")+1:]}
		switch {
		case n.Task != nil:
			row.TaskType = n.Task.Type
		case n.Trigger != nil:
			row.TaskType = n.Trigger.Type
		}
		if err := t.Add(row); err != nil {
			return err
		}
	}
	return t.Close(fmt.Sprintf("%s, %s, %s", plural(len(g.Nodes), "node"), plural(len(g.Edges), "edge"), plural(len(g.Clusters), "cluster")))
}
