package flows

import (
	"encoding/json"
	"fmt"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// topologyGraph is Kestra's FlowTopologyGraph.
type topologyGraph struct {
	Nodes []struct {
		UID       string `json:"uid"`
		Namespace string `json:"namespace"`
		ID        string `json:"id"`
	} `json:"nodes"`
	Edges []struct {
		Source   string `json:"source"`
		Target   string `json:"target"`
		Relation string `json:"relation"`
	} `json:"edges"`
}

// dependencyRow is one dependency in the table.
type dependencyRow struct {
	Source      string `json:"source"`
	Relation    string `json:"relation"`
	Destination string `json:"destination"`
}

// showTopology prints a FlowTopologyGraph: the server's object with -o
// json, else one row per dependency (source flow, relation, destination).
func showTopology(c *plugin.Context, raw json.RawMessage) error {
	if c.Structured() {
		return c.Object(raw)
	}
	var g topologyGraph
	if err := json.Unmarshal(raw, &g); err != nil {
		return fmt.Errorf("decode the dependency graph: %w", err)
	}
	names := map[string]string{}
	for _, n := range g.Nodes {
		names[n.UID] = n.Namespace + "/" + n.ID
	}
	name := func(uid string) string {
		if n, ok := names[uid]; ok {
			return n
		}
		return uid
	}
	t := c.Table(plugin.Col("SOURCE", "source"), plugin.Col("RELATION", "relation"), plugin.Col("DESTINATION", "destination"))
	for _, e := range g.Edges {
		if err := t.Add(dependencyRow{Source: name(e.Source), Relation: e.Relation, Destination: name(e.Target)}); err != nil {
			return err
		}
	}
	footer := "No dependencies"
	switch n := len(g.Edges); {
	case n == 1:
		footer = "1 dependency between " + plural(len(g.Nodes), "flow")
	case n > 1:
		footer = fmt.Sprintf("%d dependencies between %s", n, plural(len(g.Nodes), "flow"))
	}
	return t.Close(footer)
}
