package flows

import (
	"crypto/rand"
	"slices"
)

// The flow graph follows Kestra's GraphUtils and hierarchy classes
// (kestra-io/kestra core/src/main/java/io/kestra/core/utils/GraphUtils.java,
// core/.../models/hierarchies/GraphCluster.java, FlowGraph.java): a root
// cluster holds root/end markers, the task nodes (flowable tasks become
// nested clusters), a "Triggers" cluster, and edges carrying the relation
// type; FlowGraph flattens it into nodes, edges and clusters.

const hierarchy = "io.kestra.core.models.hierarchies."

// Relation types (RelationType).
const (
	relSequential = "SEQUENTIAL"
	relChoice     = "CHOICE"
	relError      = "ERROR"
	relFinally    = "FINALLY"
	relParallel   = "PARALLEL"
	relDynamic    = "DYNAMIC"
)

// Relation is an edge's relation; an empty one serialises as {}.
type Relation struct {
	RelationType string `json:"relationType,omitempty"`
	Value        string `json:"value,omitempty"`
}

type gnode struct {
	local   string
	typ     string
	branch  string
	parent  *gcluster
	task    map[string]any
	relType string
	trigger map[string]any
	// cluster is set when the node is a cluster; taskOf when the node is
	// the task node of that cluster (it shares the cluster's uid).
	cluster *gcluster
	taskOf  *gcluster
}

type gedge struct {
	src, dst *gnode
	rel      Relation
}

type gcluster struct {
	self              *gnode
	nodes             []*gnode
	edges             []gedge
	root, end, finale *gnode
	taskNode          *gnode
	relType           string
}

func markerID() string { return rand.Text()[:22] }

func newCluster(local, typ, relType string) *gcluster {
	c := &gcluster{relType: relType}
	c.self = &gnode{local: local, typ: typ, cluster: c}
	c.root = &gnode{local: "root-" + markerID(), typ: hierarchy + "GraphClusterRoot"}
	c.finale = &gnode{local: "finally-" + markerID(), typ: hierarchy + "GraphClusterFinally"}
	c.end = &gnode{local: "end-" + markerID(), typ: hierarchy + "GraphClusterEnd"}
	c.add(c.root)
	c.add(c.finale)
	c.add(c.end)
	c.edge(c.finale, c.end, Relation{})
	return c
}

func (c *gcluster) add(n *gnode) {
	n.parent = c
	c.nodes = append(c.nodes, n)
}

func (c *gcluster) edge(src, dst *gnode, rel Relation) {
	c.edges = append(c.edges, gedge{src, dst, rel})
}

// uid is the node's uid: its cluster's uid, a dot, its local name; a
// cluster's task node shares the cluster's uid.
func (n *gnode) uid() string {
	if n.taskOf != nil {
		return n.taskOf.self.uid()
	}
	if n.parent == nil {
		return n.local
	}
	return n.parent.self.uid() + "." + n.local
}

// entry is where an edge into n lands; exit is where an edge out of n
// starts (a cluster's root and end).
func (n *gnode) entry() *gnode {
	if n.cluster != nil {
		return n.cluster.root
	}
	return n
}

func (n *gnode) exit() *gnode {
	if n.cluster != nil {
		return n.cluster.end
	}
	return n
}

func (n *gnode) setBranch(b string) {
	n.branch = b
	if c := n.cluster; c != nil {
		if c.taskNode != nil {
			c.taskNode.branch = b
		}
		c.root.branch = b
		c.end.branch = b
	}
}

// SubflowResolver returns the latest definition of a subflow, or nil.
type SubflowResolver func(namespace, id string) *Definition

type graphBuilder struct {
	expand  []string
	resolve SubflowResolver
	depth   int
}

// BuildGraph computes the FlowGraph of a flow; subflows lists the uids (or
// ids) of Subflow tasks to expand with the graph of the flow they call.
func BuildGraph(def *Definition, subflows []string, resolve SubflowResolver) map[string]any {
	b := &graphBuilder{expand: subflows, resolve: resolve}
	g := newCluster("root", hierarchy+"GraphCluster", "")
	if triggers := triggersOf(def.Doc); len(triggers) > 0 {
		tc := newCluster("Triggers", hierarchy+"GraphCluster", "")
		g.add(tc.self)
		for _, t := range triggers {
			id, _ := t["id"].(string)
			n := &gnode{local: id, typ: hierarchy + "GraphTrigger", trigger: t}
			tc.add(n)
			tc.edge(tc.root, n, Relation{})
			tc.edge(n, tc.end, Relation{})
		}
		removeFinally(tc)
		g.edge(tc.end, g.root, Relation{})
	}
	b.sequential(g, taskMaps(def.Doc["tasks"]), taskMaps(def.Doc["errors"]), taskMaps(def.Doc["finally"]))
	return render(g)
}

func (b *graphBuilder) sequential(g *gcluster, tasks, errors, finally []map[string]any) {
	b.fill(g, tasks, relSequential, "")
	b.alternatives(g, errors, finally)
}

func (b *graphBuilder) parallel(g *gcluster, tasks, errors, finally []map[string]any) {
	b.fill(g, tasks, relParallel, "")
	b.alternatives(g, errors, finally)
}

func (b *graphBuilder) alternatives(g *gcluster, errors, finally []map[string]any) {
	if len(errors) > 0 {
		b.fill(g, errors, relError, "")
	}
	if len(finally) > 0 {
		b.fill(g, finally, relFinally, "")
	} else {
		removeFinally(g)
	}
}

// removeFinally drops the finally marker of a cluster without finally
// tasks, linking what led to it to the end instead.
func removeFinally(g *gcluster) {
	var edges []gedge
	for _, e := range g.edges {
		switch {
		case e.src == g.finale && e.dst == g.end:
		case e.dst == g.finale:
			edges = append(edges, gedge{e.src, g.end, e.rel})
		default:
			edges = append(edges, e)
		}
	}
	g.edges = edges
	g.nodes = slices.DeleteFunc(g.nodes, func(n *gnode) bool { return n == g.finale })
}

func linksAllToEnd(rel string) bool { return rel == relParallel || rel == relDynamic }

// fill is GraphUtils.fillGraph without execution data.
func (b *graphBuilder) fill(g *gcluster, tasks []map[string]any, relType, value string) {
	previous := g.root
	if g.taskNode != nil {
		previous = g.taskNode
	}
	if relType == relFinally {
		previous = g.finale
		g.edges = slices.DeleteFunc(g.edges, func(e gedge) bool { return e.src == g.finale && e.dst == g.end })
	}
	after := g.finale
	if relType == relFinally {
		after = g.end
	}
	for i, t := range tasks {
		newRel := g.relType
		if relType == relError {
			newRel = relType
		} else if i > 0 && relType != relParallel && g.relType != relDynamic {
			newRel = relType
		}
		cur := b.node(t, relType)
		g.add(cur)
		if relType == relError || relType == relFinally {
			cur.setBranch(relType)
		}
		if relType == relError && i == 0 {
			previous = g.root
		}
		if previous != nil {
			g.edge(previous.exit(), cur.entry(), Relation{RelationType: newRel, Value: value})
		}
		if relType != relParallel {
			previous = cur
		}
		if linksAllToEnd(relType) || i == len(tasks)-1 {
			g.edge(cur.exit(), after, Relation{})
		}
	}
}

// node builds the graph node of one task: a cluster for flowable tasks, a
// SubflowGraphTask for Subflow/ForEachItem (expanded when asked), else a
// GraphTask.
func (b *graphBuilder) node(t map[string]any, relType string) *gnode {
	id, _ := t["id"].(string)
	switch {
	case isType(t, "io.kestra.plugin.core.flow.Parallel"), isType(t, "EachParallel"):
		c := b.taskCluster(t, id, relParallel)
		b.parallel(c, taskMaps(t["tasks"]), taskMaps(t["errors"]), taskMaps(t["finally"]))
		return c.self
	case isType(t, "io.kestra.plugin.core.flow.ForEach"), isType(t, "EachSequential"):
		c := b.taskCluster(t, id, relDynamic)
		if n, ok := t["concurrencyLimit"].(int64); ok && n != 1 {
			b.parallel(c, taskMaps(t["tasks"]), taskMaps(t["errors"]), taskMaps(t["finally"]))
		} else {
			b.sequential(c, taskMaps(t["tasks"]), taskMaps(t["errors"]), taskMaps(t["finally"]))
		}
		return c.self
	case isType(t, "io.kestra.plugin.core.flow.If"):
		c := b.taskCluster(t, id, relChoice)
		b.fill(c, taskMaps(t["then"]), relSequential, "then")
		if e := taskMaps(t["else"]); len(e) > 0 {
			b.fill(c, e, relSequential, "else")
		}
		b.alternatives(c, taskMaps(t["errors"]), taskMaps(t["finally"]))
		return c.self
	case isType(t, "io.kestra.plugin.core.flow.Switch"):
		c := b.taskCluster(t, id, relChoice)
		cases, _ := t["cases"].(map[string]any)
		keys := make([]string, 0, len(cases))
		for k := range cases {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			b.fill(c, taskMaps(cases[k]), relSequential, k)
		}
		if d := taskMaps(t["defaults"]); len(d) > 0 {
			b.fill(c, d, relSequential, "defaults")
		}
		b.alternatives(c, taskMaps(t["errors"]), taskMaps(t["finally"]))
		return c.self
	case isType(t, "io.kestra.plugin.core.flow.Dag"):
		c := b.taskCluster(t, id, relSequential)
		b.dag(c, t)
		return c.self
	case len(children(t)) > 0 && t["tasks"] != nil:
		// Sequential, WorkingDirectory, AllowFailure, LoopUntil...
		c := b.taskCluster(t, id, relSequential)
		b.sequential(c, taskMaps(t["tasks"]), taskMaps(t["errors"]), taskMaps(t["finally"]))
		return c.self
	case isType(t, "io.kestra.plugin.core.flow.Subflow"), isType(t, "io.kestra.plugin.core.flow.ForEachItem"), isType(t, "Flow"):
		n := &gnode{local: id, typ: hierarchy + "SubflowGraphTask", task: t, relType: relType}
		if sub := b.subflow(t); sub != nil && b.depth < 5 {
			c := newCluster(id, hierarchy+"SubflowGraphCluster", relSequential)
			n.taskOf = c
			c.taskNode = n
			c.add(n)
			c.edge(c.root, n, Relation{})
			b.depth++
			b.sequential(c, taskMaps(sub.Doc["tasks"]), taskMaps(sub.Doc["errors"]), taskMaps(sub.Doc["finally"]))
			b.depth--
			return c.self
		}
		return n
	}
	return &gnode{local: id, typ: hierarchy + "GraphTask", task: t, relType: relType}
}

// taskCluster is GraphCluster(task, taskRun, values, relationType): a
// cluster whose task node follows its root.
func (b *graphBuilder) taskCluster(t map[string]any, id, relType string) *gcluster {
	c := newCluster(id, hierarchy+"GraphCluster", relType)
	n := &gnode{local: id, typ: hierarchy + "GraphTask", task: t, relType: relType, taskOf: c}
	c.taskNode = n
	c.add(n)
	c.edge(c.root, n, Relation{})
	return c
}

// subflow returns the flow a Subflow task calls when it is to be expanded.
func (b *graphBuilder) subflow(t map[string]any) *Definition {
	if b.resolve == nil || len(b.expand) == 0 {
		return nil
	}
	id, _ := t["id"].(string)
	if !slices.ContainsFunc(b.expand, func(s string) bool { return s == id || s == "root."+id }) {
		return nil
	}
	ns, _ := t["namespace"].(string)
	flowID, _ := t["flowId"].(string)
	return b.resolve(ns, flowID)
}

// dag lays out Dag tasks: each starts after the tasks it depends on (or
// after the task node), and the tasks nothing depends on lead to the end.
func (b *graphBuilder) dag(c *gcluster, t map[string]any) {
	items, _ := t["tasks"].([]any)
	byID := map[string]*gnode{}
	depended := map[string]bool{}
	type dagItem struct {
		node *gnode
		deps []string
	}
	var all []dagItem
	for _, it := range items {
		m, _ := it.(map[string]any)
		task, _ := m["task"].(map[string]any)
		if task == nil {
			continue
		}
		n := b.node(task, relParallel)
		c.add(n)
		id, _ := task["id"].(string)
		byID[id] = n
		var deps []string
		for _, d := range asList(m["dependsOn"]) {
			if s, ok := d.(string); ok {
				deps = append(deps, s)
				depended[s] = true
			}
		}
		all = append(all, dagItem{n, deps})
	}
	for _, it := range all {
		if len(it.deps) == 0 {
			c.edge(c.taskNode, it.node.entry(), Relation{RelationType: relParallel})
		}
		for _, d := range it.deps {
			if src := byID[d]; src != nil {
				c.edge(src.exit(), it.node.entry(), Relation{RelationType: relSequential})
			}
		}
	}
	for id, n := range byID {
		if !depended[id] {
			c.edge(n.exit(), c.finale, Relation{})
		}
	}
	b.alternatives(c, taskMaps(t["errors"]), taskMaps(t["finally"]))
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// render flattens the root cluster into FlowGraph's JSON shape.
func render(g *gcluster) map[string]any {
	nodes := []any{}
	edges := []any{}
	clusters := []any{}
	var flowables []string
	var walk func(c *gcluster, parents []string)
	walk = func(c *gcluster, parents []string) {
		for _, n := range c.nodes {
			if n.cluster == nil {
				nodes = append(nodes, nodeJSON(n))
			}
		}
		for _, e := range c.edges {
			edges = append(edges, map[string]any{"source": e.src.uid(), "target": e.dst.uid(), "relation": e.rel})
		}
		for _, n := range c.nodes {
			sub := n.cluster
			if sub == nil {
				continue
			}
			members := make([]string, 0, len(sub.nodes))
			for _, m := range sub.nodes {
				members = append(members, nodeUID(m))
			}
			clusters = append(clusters, map[string]any{
				"cluster": nodeJSON(n), "nodes": members, "parents": slices.Clone(parents),
				"start": sub.root.uid(), "end": sub.end.uid(),
			})
			if sub.taskNode != nil {
				flowables = append(flowables, sub.taskNode.uid())
			}
			walk(sub, append(slices.Clone(parents), nodeUID(n)))
		}
	}
	walk(g, []string{})
	out := map[string]any{"nodes": nodes, "edges": edges, "clusters": clusters}
	if len(flowables) > 0 {
		out["flowables"] = flowables
	}
	return out
}

// nodeUID is the uid a node is listed under: clusters carry a "cluster_"
// prefix (GraphCluster.getUid).
func nodeUID(n *gnode) string {
	if n.cluster != nil {
		return "cluster_" + n.uid()
	}
	return n.uid()
}

func nodeJSON(n *gnode) map[string]any {
	out := map[string]any{"uid": nodeUID(n), "type": n.typ}
	if n.branch != "" {
		out["branchType"] = n.branch
	}
	if n.task != nil {
		out["task"] = n.task
		out["relationType"] = n.relType
	}
	if n.trigger != nil {
		out["triggerDeclaration"] = n.trigger
	}
	if c := n.cluster; c != nil {
		if c.relType != "" {
			out["relationType"] = c.relType
		}
		if c.taskNode != nil {
			out["taskNode"] = nodeJSON(c.taskNode)
		}
	}
	return out
}
