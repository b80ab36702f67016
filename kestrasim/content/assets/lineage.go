package assets

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/content/source"
	"github.com/kestractl/kestractl/kestrasim/executions"
	"github.com/kestractl/kestractl/kestrasim/flows"
)

// Lineage: a task that declares assets (`assets: {inputs: [...], outputs:
// [...]}`, AssetsDeclaration) records, each time one of its task runs
// ends, a lineage event (its input and output assets) and a usage per
// asset; when the task run succeeds its outputs are upserted as assets.
// The simulator reads the task runs of the executions it holds.

// identifier is AssetIdentifier.
type identifier struct {
	ID   string `json:"id"`
	Type string `json:"type,omitempty"`
}

// event is AssetsController.ApiAssetLineageEvent.
type event struct {
	UID          string       `json:"uid"`
	Namespace    string       `json:"namespace"`
	FlowID       string       `json:"flowId"`
	FlowRevision int          `json:"flowRevision"`
	ExecutionID  string       `json:"executionId"`
	TaskID       string       `json:"taskId"`
	TaskRunID    string       `json:"taskRunId"`
	State        string       `json:"state"`
	Inputs       []identifier `json:"inputs"`
	Outputs      []identifier `json:"outputs"`
	Created      time.Time    `json:"created"`
	StartDate    time.Time    `json:"startDate"`
	EndDate      time.Time    `json:"endDate"`
}

// usage is AssetsController.ApiAssetUsage.
type usage struct {
	AssetID      string    `json:"assetId"`
	Namespace    string    `json:"namespace"`
	FlowID       string    `json:"flowId"`
	FlowRevision int       `json:"flowRevision"`
	ExecutionID  string    `json:"executionId"`
	TaskID       string    `json:"taskId"`
	TaskRunID    string    `json:"taskRunId"`
	Created      time.Time `json:"created"`
}

// ExecutionLister gives the executions of a tenant.
type ExecutionLister interface {
	All(tenant string) []*executions.Execution
}

// FlowSource gives the flow revision an execution ran.
type FlowSource interface {
	Get(tenant, ns, id string, revision int, allowDeleted bool) (*flows.Revision, error)
}

type tenantLineage struct {
	seen   map[string]bool
	events []*event
	usages []*usage
}

// Lineage keeps the lineage events and usages of every tenant. It is safe
// for concurrent use.
type Lineage struct {
	mu      sync.Mutex
	tenants map[string]*tenantLineage
}

// NewLineage returns an empty lineage.
func NewLineage() *Lineage { return &Lineage{tenants: map[string]*tenantLineage{}} }

func (l *Lineage) tenant(t string) *tenantLineage {
	tl := l.tenants[t]
	if tl == nil {
		tl = &tenantLineage{seen: map[string]bool{}}
		l.tenants[t] = tl
	}
	return tl
}

// declaration is the assets a task declares.
type declaration struct {
	inputs  []identifier
	outputs []*Asset
}

func declared(task flows.Task, flowNamespace string) (declaration, bool) {
	m, ok := task.Props["assets"].(map[string]any)
	if !ok {
		return declaration{}, false
	}
	var d declaration
	ins, _ := m["inputs"].([]any)
	for _, in := range ins {
		if x, ok := in.(map[string]any); ok {
			id, _ := x["id"].(string)
			typ, _ := x["type"].(string)
			if id != "" {
				d.inputs = append(d.inputs, identifier{ID: id, Type: typ})
			}
		}
	}
	outs, _ := m["outputs"].([]any)
	for i, out := range outs {
		x, ok := out.(map[string]any)
		if !ok {
			continue
		}
		var vs source.Violations
		a := fromMap(x, &vs, fmt.Sprintf("assets.outputs[%d]", i))
		if len(vs) > 0 {
			continue
		}
		if a.Namespace == "" {
			a.Namespace = flowNamespace
		}
		d.outputs = append(d.outputs, a)
	}
	return d, len(d.inputs)+len(d.outputs) > 0
}

// sync records the lineage of the task runs that ended since the last
// sync, and returns the output assets of those that succeeded.
func (l *Lineage) sync(tenant string, execs ExecutionLister, fl FlowSource) []*Asset {
	var upserts []*Asset
	l.mu.Lock()
	defer l.mu.Unlock()
	tl := l.tenant(tenant)
	for _, e := range execs.All(tenant) {
		snap := e.Snapshot()
		var def *flows.Definition
		for _, tr := range snap.TaskRunList {
			if tl.seen[tr.ID] || !executions.Terminal(tr.State.Current) {
				continue
			}
			tl.seen[tr.ID] = true
			if def == nil {
				rev, err := fl.Get(tenant, snap.Namespace, snap.FlowID, snap.FlowRevision, true)
				if err != nil {
					break
				}
				def = rev.Def
			}
			i := slices.IndexFunc(slices.Concat(def.Tasks, def.Errors), func(t flows.Task) bool { return t.ID == tr.TaskID })
			if i < 0 {
				continue
			}
			d, ok := declared(slices.Concat(def.Tasks, def.Errors)[i], snap.Namespace)
			if !ok {
				continue
			}
			end := tr.State.StartDate
			if tr.State.EndDate != nil {
				end = *tr.State.EndDate
			}
			ev := &event{UID: snap.ID + "_" + tr.ID, Namespace: snap.Namespace, FlowID: snap.FlowID, FlowRevision: snap.FlowRevision,
				ExecutionID: snap.ID, TaskID: tr.TaskID, TaskRunID: tr.ID, State: tr.State.Current,
				Inputs: d.inputs, Outputs: []identifier{}, Created: end, StartDate: tr.State.StartDate, EndDate: end}
			if ev.Inputs == nil {
				ev.Inputs = []identifier{}
			}
			for _, o := range d.outputs {
				ev.Outputs = append(ev.Outputs, identifier{ID: o.ID, Type: o.Type})
			}
			tl.events = append(tl.events, ev)
			for _, id := range append(slices.Clone(ev.Inputs), ev.Outputs...) {
				tl.usages = append(tl.usages, &usage{AssetID: id.ID, Namespace: ev.Namespace, FlowID: ev.FlowID, FlowRevision: ev.FlowRevision,
					ExecutionID: ev.ExecutionID, TaskID: ev.TaskID, TaskRunID: ev.TaskRunID, Created: end})
			}
			if tr.State.Current == executions.Success || tr.State.Current == executions.Warning {
				upserts = append(upserts, d.outputs...)
			}
		}
	}
	return upserts
}

// events returns the lineage events of tenant accepted by keep.
func (l *Lineage) events(tenant string, keep func(*event) bool) []*event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return kept(l.tenant(tenant).events, keep)
}

// usages returns the usages of tenant accepted by keep.
func (l *Lineage) usages(tenant string, keep func(*usage) bool) []*usage {
	l.mu.Lock()
	defer l.mu.Unlock()
	return kept(l.tenant(tenant).usages, keep)
}

// purgeEvents deletes the events accepted by match and returns how many.
func (l *Lineage) purgeEvents(tenant string, match func(*event) bool) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return purge(&l.tenant(tenant).events, match)
}

// purgeUsages deletes the usages accepted by match and returns how many.
func (l *Lineage) purgeUsages(tenant string, match func(*usage) bool) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return purge(&l.tenant(tenant).usages, match)
}

// kept returns the records accepted by keep.
func kept[T any](records []T, keep func(T) bool) []T {
	var out []T
	for _, r := range records {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// purge deletes the records accepted by match and returns how many.
func purge[T any](records *[]T, match func(T) bool) int {
	n := len(*records)
	*records = slices.DeleteFunc(*records, match)
	return n - len(*records)
}

// graph types: AssetTopologyGraph.

type graphNode struct {
	UID       string `json:"uid"`
	Namespace string `json:"namespace,omitempty"`
	ID        string `json:"id"`
	Type      string `json:"type"`
}

type graphEdge struct {
	Source   string `json:"source"`
	Target   string `json:"target"`
	Relation string `json:"relation"`
}

type topology struct {
	Nodes []graphNode `json:"nodes"`
	Edges []graphEdge `json:"edges"`
}

// uid joins parts as Kestra's IdUtils.fromParts does.
func uid(parts ...string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += "_"
		}
		out += p
	}
	return out
}

// dependencies builds the graph around one asset from the lineage events:
// an asset a task reads is USED_BY its flow, a flow UPSERTs the assets its
// tasks write. Without expandAll only the asset's direct neighbours (its
// flows) are followed; destinationOnly follows only what comes after it.
func (l *Lineage) dependencies(tenant string, root *Asset, namespaceOf func(string) string, destinationOnly, expandAll bool) topology {
	nodes := map[string]graphNode{}
	type edge = graphEdge
	var edges []edge
	seenEdge := map[edge]bool{}
	assetNode := func(id string) graphNode {
		return graphNode{UID: uid(tenant, id), Namespace: namespaceOf(id), ID: id, Type: "ASSET"}
	}
	for _, ev := range l.events(tenant, func(*event) bool { return true }) {
		flow := graphNode{UID: uid(tenant, ev.Namespace, ev.FlowID), Namespace: ev.Namespace, ID: ev.FlowID, Type: "FLOW"}
		nodes[flow.UID] = flow
		for _, in := range ev.Inputs {
			n := assetNode(in.ID)
			nodes[n.UID] = n
			if e := (edge{Source: n.UID, Target: flow.UID, Relation: "USED_BY"}); !seenEdge[e] {
				seenEdge[e] = true
				edges = append(edges, e)
			}
		}
		for _, out := range ev.Outputs {
			n := assetNode(out.ID)
			nodes[n.UID] = n
			if e := (edge{Source: flow.UID, Target: n.UID, Relation: "UPSERT"}); !seenEdge[e] {
				seenEdge[e] = true
				edges = append(edges, e)
			}
		}
	}
	start := assetNode(root.ID)
	start.Namespace = root.Namespace
	out := topology{Nodes: []graphNode{start}, Edges: []graphEdge{}}
	inGraph := map[string]bool{start.UID: true}
	keptEdge := map[edge]bool{}
	follow := func(downstream bool) {
		frontier := []string{start.UID}
		for depth := 0; len(frontier) > 0; depth++ {
			if !expandAll && depth == 1 {
				return
			}
			var next []string
			for _, cur := range frontier {
				for _, e := range edges {
					from, to := e.Source, e.Target
					if !downstream {
						from, to = to, from
					}
					if from != cur || keptEdge[e] {
						continue
					}
					keptEdge[e] = true
					out.Edges = append(out.Edges, e)
					if !inGraph[to] {
						inGraph[to] = true
						out.Nodes = append(out.Nodes, nodes[to])
						next = append(next, to)
					}
				}
			}
			frontier = next
		}
	}
	follow(true)
	if !destinationOnly {
		follow(false)
	}
	return out
}
