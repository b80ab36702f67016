package blueprints

import (
	"fmt"

	"github.com/kestractl/kestractl/kestrasim/content/source"
)

// Flow graphs in the shape of Kestra's FlowGraph (nodes, edges, clusters;
// node types of io.kestra.core.models.hierarchies): the tasks run one after
// the other from the root to the end, errors tasks hang off the root.

const hierarchies = "io.kestra.core.models.hierarchies."

type graphNode struct {
	UID          string         `json:"uid"`
	Type         string         `json:"type"`
	Task         map[string]any `json:"task,omitempty"`
	RelationType string         `json:"relationType,omitempty"`
}

type relation struct {
	RelationType string `json:"relationType"`
}

type graphEdge struct {
	Source   string   `json:"source"`
	Target   string   `json:"target"`
	Relation relation `json:"relation"`
}

type flowGraph struct {
	Nodes    []graphNode `json:"nodes"`
	Edges    []graphEdge `json:"edges"`
	Clusters []any       `json:"clusters"`
}

// graph builds the graph of a flow source.
func graph(src string) (*flowGraph, error) {
	doc, err := source.Map([]byte(src))
	if err != nil {
		return nil, fmt.Errorf("cannot read the flow: %w", err)
	}
	g := &flowGraph{Clusters: []any{}}
	root := graphNode{UID: "root.root", Type: hierarchies + "GraphClusterRoot"}
	end := graphNode{UID: "root.end", Type: hierarchies + "GraphClusterEnd"}
	g.Nodes = append(g.Nodes, root)
	chain := func(key, rel string) {
		list, _ := doc[key].([]any)
		prev := root.UID
		for _, item := range list {
			task, _ := item.(map[string]any)
			id, _ := task["id"].(string)
			if id == "" {
				continue
			}
			n := graphNode{UID: "root." + id, Type: hierarchies + "GraphTask", Task: task, RelationType: rel}
			g.Nodes = append(g.Nodes, n)
			g.Edges = append(g.Edges, graphEdge{Source: prev, Target: n.UID, Relation: relation{rel}})
			prev = n.UID
		}
		g.Edges = append(g.Edges, graphEdge{Source: prev, Target: end.UID, Relation: relation{rel}})
	}
	chain("tasks", "SEQUENTIAL")
	if _, ok := doc["errors"]; ok {
		chain("errors", "ERROR")
	}
	g.Nodes = append(g.Nodes, end)
	return g, nil
}
