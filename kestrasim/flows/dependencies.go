package flows

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Flow dependencies follow Kestra's flow topology (kestra-io/kestra
// core/.../topologies/FlowTopologyService.java and FlowService.findDependencies):
// a Subflow (or ForEachItem) task makes its flow the source and the called
// flow the destination of a FLOW_TASK relation; a Flow trigger whose
// preconditions (or legacy ExecutionFlowCondition conditions) name an
// upstream flow makes that flow the source and the triggered flow the
// destination of a FLOW_TRIGGER relation.

// Topology is one dependency between two flows.
type Topology struct {
	Source, Destination FlowRef
	Relation            string
}

func (t Topology) key() string {
	return t.Source.Namespace + "/" + t.Source.ID + ">" + t.Destination.Namespace + "/" + t.Destination.ID + ":" + t.Relation
}

// topologies returns the dependencies a flow declares, towards the given
// candidate flows (a Flow trigger naming only a namespace depends on every
// flow of it).
func topologies(def *Definition, all []*Definition) []Topology {
	self := FlowRef{Namespace: def.Namespace, ID: def.ID}
	var out []Topology
	walkTasks(def.Doc, func(t map[string]any) {
		if !isType(t, "io.kestra.plugin.core.flow.Subflow") && !isType(t, "io.kestra.plugin.core.flow.ForEachItem") && !isType(t, "io.kestra.plugin.core.flow.Flow") {
			return
		}
		ns, _ := t["namespace"].(string)
		id, _ := t["flowId"].(string)
		if ns == "" || id == "" || strings.Contains(ns+id, "{{") {
			return
		}
		out = append(out, Topology{Source: self, Destination: FlowRef{Namespace: ns, ID: id}, Relation: "FLOW_TASK"})
	})
	for _, trig := range triggersOf(def.Doc) {
		if !isType(trig, "io.kestra.plugin.core.trigger.Flow") {
			continue
		}
		for _, up := range upstreams(trig) {
			for _, other := range all {
				if other.Namespace == def.Namespace && other.ID == def.ID {
					continue
				}
				if other.Namespace == up.Namespace && (up.ID == "" || other.ID == up.ID) {
					out = append(out, Topology{Source: FlowRef{Namespace: other.Namespace, ID: other.ID}, Destination: self, Relation: "FLOW_TRIGGER"})
				}
			}
		}
	}
	return out
}

// upstreams lists the flows (ID empty: any flow of the namespace) a Flow
// trigger listens to.
func upstreams(trig map[string]any) []FlowRef {
	var out []FlowRef
	if pre, ok := trig["preconditions"].(map[string]any); ok {
		for _, f := range taskMaps(pre["flows"]) {
			ns, _ := f["namespace"].(string)
			id, _ := f["flowId"].(string)
			if ns != "" {
				out = append(out, FlowRef{Namespace: ns, ID: id})
			}
		}
	}
	for _, c := range taskMaps(trig["conditions"]) {
		ns, _ := c["namespace"].(string)
		id, _ := c["flowId"].(string)
		if ns != "" && (isType(c, "ExecutionFlowCondition") || isType(c, "ExecutionFlow") || isType(c, "ExecutionNamespaceCondition") || isType(c, "ExecutionNamespace")) {
			out = append(out, FlowRef{Namespace: ns, ID: id})
		}
	}
	return out
}

// allTopologies computes every dependency between the live flows given.
func allTopologies(flows []*Definition) []Topology {
	var out []Topology
	seen := map[string]bool{}
	for _, d := range flows {
		for _, t := range topologies(d, flows) {
			if !seen[t.key()] {
				seen[t.key()] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// byFlow returns the dependencies touching a flow: those it is the source
// of, and, unless destinationOnly, those it is the destination of.
func byFlow(all []Topology, f FlowRef, destinationOnly bool) []Topology {
	var out []Topology
	for _, t := range all {
		if t.Source == f || (!destinationOnly && t.Destination == f) {
			out = append(out, t)
		}
	}
	return out
}

// DependencyQuery is what the dependencies routes of a flow or an asset
// take: destinationOnly and expandAll (both false by default).
type DependencyQuery struct {
	DestinationOnly, ExpandAll bool
}

// ReadDependencyQuery reads the query of a dependencies route.
func ReadDependencyQuery(r *http.Request) (DependencyQuery, error) {
	var q DependencyQuery
	var err error
	if q.DestinationOnly, err = rest.QueryBool(r, "destinationOnly", false); err != nil {
		return q, err
	}
	q.ExpandAll, err = rest.QueryBool(r, "expandAll", false)
	return q, err
}

// FlowDependencies returns the dependencies of a flow, recursively through
// every reached flow when expandAll (FlowService.recursiveFlowTopology).
func FlowDependencies(all []Topology, f FlowRef, destinationOnly, expandAll bool) []Topology {
	if !expandAll {
		return byFlow(all, f, destinationOnly)
	}
	var out []Topology
	visited := map[string]bool{}
	nodes := map[FlowRef]bool{f: true}
	queue := []FlowRef{f}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, t := range byFlow(all, cur, destinationOnly) {
			if visited[t.key()] {
				continue
			}
			visited[t.key()] = true
			out = append(out, t)
			for _, n := range []FlowRef{t.Destination, t.Source} {
				if !nodes[n] {
					nodes[n] = true
					queue = append(queue, n)
				}
			}
		}
	}
	return out
}

// NamespaceDependencies returns the dependencies whose source is in the
// namespace and, unless destinationOnly, those whose destination is.
func NamespaceDependencies(all []Topology, ns string, destinationOnly bool) []Topology {
	var out []Topology
	for _, t := range all {
		if t.Source.Namespace == ns || (!destinationOnly && t.Destination.Namespace == ns) {
			out = append(out, t)
		}
	}
	return out
}

type flowNode struct {
	UID       string `json:"uid"`
	Namespace string `json:"namespace"`
	ID        string `json:"id"`
}

type topologyEdge struct {
	Source   string `json:"source"`
	Target   string `json:"target"`
	Relation string `json:"relation"`
}

// TopologyGraph is Kestra's FlowTopologyGraph of a set of dependencies;
// node uids are tenant_namespace_id (FlowId.uidWithoutRevision).
func TopologyGraph(tenant string, ts []Topology) map[string]any {
	nodes := []flowNode{}
	edges := []topologyEdge{}
	seen := map[string]bool{}
	node := func(f FlowRef) string {
		uid := strings.Join([]string{tenant, f.Namespace, f.ID}, "_")
		if !seen[uid] {
			seen[uid] = true
			nodes = append(nodes, flowNode{UID: uid, Namespace: f.Namespace, ID: f.ID})
		}
		return uid
	}
	for _, t := range ts {
		edges = append(edges, topologyEdge{Source: node(t.Source), Target: node(t.Destination), Relation: t.Relation})
	}
	slices.SortStableFunc(nodes, func(a, b flowNode) int { return strings.Compare(a.UID, b.UID) })
	return map[string]any{"nodes": nodes, "edges": edges}
}
