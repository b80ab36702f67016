package executions

import (
	"net/http"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Graph node types (io.kestra.core.models.hierarchies).
const (
	graphRoot    = "io.kestra.core.models.hierarchies.GraphClusterRoot"
	graphEnd     = "io.kestra.core.models.hierarchies.GraphClusterEnd"
	graphTask    = "io.kestra.core.models.hierarchies.GraphTask"
	graphSubflow = "io.kestra.core.models.hierarchies.SubflowGraphTask"
)

type graphEdge struct {
	Source   string         `json:"source"`
	Target   string         `json:"target"`
	Relation map[string]any `json:"relation"`
}

type flowGraph struct {
	Nodes     []map[string]any `json:"nodes"`
	Edges     []graphEdge      `json:"edges"`
	Clusters  []any            `json:"clusters"`
	Flowables []string         `json:"flowables"`
}

// graph answers the flow graph of an execution (GraphService.flowGraph
// .forExecution): a root and an end node, a node per task of the main list
// then of the errors and finally branches, linked in order, each with the
// task run the execution made of it.
func (h *Handlers) graph(w http.ResponseWriter, r *http.Request) error {
	e, err := h.execution(r, "VIEW")
	if err != nil {
		return err
	}
	snap := e.Snapshot()
	runs := map[string]taskRunJSON{}
	for _, tr := range snap.TaskRunList {
		runs[tr.TaskID] = tr
	}
	g := flowGraph{
		Nodes:     []map[string]any{{"uid": "root.root", "type": graphRoot}, {"uid": "root.end", "type": graphEnd}},
		Edges:     []graphEdge{},
		Clusters:  []any{},
		Flowables: []string{},
	}
	chain := func(tasks []flows.Task, relation, branch string) {
		prev := "root.root"
		for _, t := range tasks {
			uid := "root." + t.ID
			node := map[string]any{
				"uid": uid, "type": graphTask, "task": map[string]any{"id": t.ID, "type": t.Type},
				"relationType": relation, "executionId": e.id,
			}
			if flows.Canonical(t.Type) == TypeSubflow {
				node["type"] = graphSubflow
			}
			if branch != "" {
				node["branchType"] = branch
			}
			if tr, ok := runs[t.ID]; ok {
				node["taskRun"] = tr
			}
			g.Nodes = append(g.Nodes, node)
			g.Edges = append(g.Edges, graphEdge{Source: prev, Target: uid, Relation: map[string]any{"relationType": relation}})
			prev = uid
		}
		if len(tasks) > 0 {
			g.Edges = append(g.Edges, graphEdge{Source: prev, Target: "root.end", Relation: map[string]any{"relationType": relation}})
		}
	}
	chain(taskList(e.def.Doc["tasks"]), "SEQUENTIAL", "")
	chain(taskList(e.def.Doc["errors"]), "ERROR", "ERROR")
	chain(taskList(e.def.Doc["finally"]), "FINALLY", "FINALLY")
	rest.WriteJSON(w, http.StatusOK, g)
	return nil
}
