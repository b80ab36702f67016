package flows

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/kestrasim/namespaces"
)

func mustParse(t *testing.T, src string) *Definition {
	t.Helper()
	def, vs := Parse([]byte(src))
	if len(vs) > 0 {
		t.Fatalf("parse %q: %v", src, vs)
	}
	return def
}

func flowSrc(ns, id, tasks string) string {
	if tasks == "" {
		tasks = "  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n"
	}
	return "id: " + id + "\nnamespace: " + ns + "\ntasks:\n" + tasks
}

func TestInjectDisabled(t *testing.T) {
	for _, c := range []struct {
		src      string
		disabled bool
		want     string
	}{
		{"id: a\n", true, "id: a\n\ndisabled: true"},
		{"id: a\ndisabled: false\ntasks: []\n", true, "id: a\ndisabled: true\ntasks: []\n"},
		{"id: a\ndisabled: true\n", false, "id: a\ndisabled: false\n"},
		{"id: a\ndisabled:  true  \n", true, "id: a\ndisabled:  true  \n\ndisabled: true"},
	} {
		if got := InjectDisabled(c.src, c.disabled); got != c.want {
			t.Errorf("InjectDisabled(%q, %v) = %q, want %q", c.src, c.disabled, got, c.want)
		}
	}
}

func newStore() *Store {
	now := func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }
	return NewStore(namespaces.NewRegistry([]string{"main"}, now), now)
}

func TestRevisionsAndDisable(t *testing.T) {
	s := newStore()
	var changes []Change
	s.OnChange(func(c Change) { changes = append(changes, c) })
	src := flowSrc("team", "a", "")
	if _, err := s.Create("main", mustParse(t, src), src); err != nil {
		t.Fatal(err)
	}
	refs := []FlowRef{{Namespace: "team", ID: "a"}}
	if n, err := s.SetDisabled("main", refs, true); err != nil || n != 1 {
		t.Fatalf("disable: %d %v", n, err)
	}
	if n, _ := s.SetDisabled("main", refs, true); n != 0 {
		t.Fatalf("disabling a disabled flow changed %d", n)
	}
	cur, _ := s.Get("main", "team", "a", 0, false)
	if cur.Revision != 2 || !cur.Def.Disabled || cur.Source != src+"\ndisabled: true" {
		t.Fatalf("disabled revision %d %v %q", cur.Revision, cur.Def.Disabled, cur.Source)
	}
	if _, err := s.SetDisabled("main", append(refs, FlowRef{Namespace: "team", ID: "missing"}), false); err == nil {
		t.Fatal("a missing flow was accepted")
	}
	if cur, _ := s.Get("main", "team", "a", 0, false); !cur.Def.Disabled {
		t.Fatal("a failed bulk enable changed a flow")
	}
	if _, err := s.SetDisabled("main", refs, false); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRevisions("main", "team", "a", []int{3}); err == nil {
		t.Fatal("deleting the current revision succeeded")
	}
	if err := s.DeleteRevisions("main", "team", "a", []int{1, 9}); err != nil {
		t.Fatal(err)
	}
	revs, _ := s.Revisions("main", "team", "a", false)
	var nums []int
	for _, r := range revs {
		nums = append(nums, r.Revision)
	}
	if !slices.Equal(nums, []int{2, 3}) {
		t.Fatalf("revisions %v", nums)
	}
	if _, err := s.Get("main", "team", "a", 1, false); err == nil {
		t.Fatal("a deleted revision is still served")
	}
	// delete then import restores the flow as a new revision
	if _, err := s.DeleteMany("main", refs); err != nil {
		t.Fatal(err)
	}
	rev := s.Import("main", mustParse(t, src), src)
	if rev.Revision != 5 || rev.Deleted || rev.Source != src {
		t.Fatalf("restored %d %v", rev.Revision, rev.Deleted)
	}
	if len(changes) != 5 || changes[3].New.Deleted != true || changes[4].Old != changes[3].New {
		t.Fatalf("changes %d", len(changes))
	}
}

func TestDeprecatedTasks(t *testing.T) {
	def := mustParse(t, flowSrc("team", "old", `  - id: legacy_log
    type: io.kestra.core.tasks.log.Log
    message: hi
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: each
        type: io.kestra.core.tasks.flows.EachSequential
        value: [1, 2]
        tasks:
          - id: echo
            type: io.kestra.plugin.core.debug.Echo
            format: x
      - id: state
        type: io.kestra.plugin.core.state.Set
  - id: fine
    type: io.kestra.plugin.core.log.Log
    message: ok
`))
	got := DeprecatedTasks(def)
	var lines []string
	for _, d := range got {
		r := "null"
		if d.Replacement != nil {
			r = *d.Replacement
		}
		lines = append(lines, d.TaskID+" "+d.TaskType+" -> "+r)
	}
	want := []string{
		"legacy_log io.kestra.core.tasks.log.Log -> io.kestra.plugin.core.log.Log",
		"each io.kestra.core.tasks.flows.EachSequential -> null",
		"echo io.kestra.plugin.core.debug.Echo -> null",
		"state io.kestra.plugin.core.state.Set -> null",
	}
	if !slices.Equal(lines, want) {
		t.Fatalf("deprecations\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestBuildGraph(t *testing.T) {
	def := mustParse(t, flowSrc("team", "g", `  - id: first
    type: io.kestra.plugin.core.log.Log
    message: a
  - id: par
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - id: p1
        type: io.kestra.plugin.core.log.Log
        message: b
      - id: p2
        type: io.kestra.plugin.core.log.Log
        message: c
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: team
    flowId: child
errors:
  - id: on_error
    type: io.kestra.plugin.core.log.Log
    message: failed
triggers:
  - id: daily
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "@daily"
`))
	child := mustParse(t, flowSrc("team", "child", ""))
	resolve := func(ns, id string) *Definition {
		if ns == "team" && id == "child" {
			return child
		}
		return nil
	}
	g := BuildGraph(def, nil, resolve)
	uids := map[string]string{}
	for _, n := range g["nodes"].([]any) {
		m := n.(map[string]any)
		uids[m["uid"].(string)] = strings.TrimPrefix(m["type"].(string), hierarchy)
	}
	for uid, typ := range map[string]string{
		"root.first": "GraphTask", "root.par": "GraphTask", "root.par.p1": "GraphTask", "root.par.p2": "GraphTask",
		"root.call": "SubflowGraphTask", "root.on_error": "GraphTask", "root.Triggers.daily": "GraphTrigger",
	} {
		if uids[uid] != typ {
			t.Errorf("node %s: %q, want %s (nodes %v)", uid, uids[uid], typ, uids)
		}
	}
	edges := map[string]string{}
	for _, e := range g["edges"].([]any) {
		m := e.(map[string]any)
		edges[m["source"].(string)+">"+m["target"].(string)] = m["relation"].(Relation).RelationType
	}
	if edges["root.first>"+rootOf(g, "cluster_root.par")] != relSequential {
		t.Errorf("first -> par: %v", edges)
	}
	if edges["root.par>root.par.p1"] != relParallel || edges["root.par>root.par.p2"] != relParallel {
		t.Errorf("parallel children: %v", edges)
	}
	var clusters []string
	for _, c := range g["clusters"].([]any) {
		clusters = append(clusters, c.(map[string]any)["cluster"].(map[string]any)["uid"].(string))
	}
	if !slices.Equal(clusters, []string{"cluster_root.Triggers", "cluster_root.par"}) {
		t.Errorf("clusters %v", clusters)
	}
	// expanding the subflow nests the child flow's tasks
	g = BuildGraph(def, []string{"root.call"}, resolve)
	found := false
	for _, n := range g["nodes"].([]any) {
		if n.(map[string]any)["uid"] == "root.call.t" {
			found = true
		}
	}
	if !found {
		t.Error("expanded subflow has no root.call.t node")
	}
}

func rootOf(g map[string]any, cluster string) string {
	for _, c := range g["clusters"].([]any) {
		m := c.(map[string]any)
		if m["cluster"].(map[string]any)["uid"] == cluster {
			return m["start"].(string)
		}
	}
	return ""
}

func TestDependencies(t *testing.T) {
	sub := func(ns, id string) string {
		return "  - id: call_" + id + "\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: " + ns + "\n    flowId: " + id + "\n"
	}
	a := mustParse(t, flowSrc("team", "a", sub("team", "b")))
	b := mustParse(t, flowSrc("team", "b", sub("other", "c")))
	c := mustParse(t, flowSrc("other", "c", ""))
	d := mustParse(t, flowSrc("team", "d", "")+`triggers:
  - id: after_a
    type: io.kestra.plugin.core.trigger.Flow
    preconditions:
      id: upstream
      flows:
        - namespace: team
          flowId: a
          states: [SUCCESS]
`)
	all := allTopologies([]*Definition{a, b, c, d})
	show := func(ts []Topology) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.Source.ID+">"+t.Destination.ID+":"+t.Relation)
		}
		slices.Sort(out)
		return out
	}
	for _, c := range []struct {
		flow                string
		destOnly, expandAll bool
		want                []string
	}{
		{"b", false, false, []string{"a>b:FLOW_TASK", "b>c:FLOW_TASK"}},
		{"b", true, false, []string{"b>c:FLOW_TASK"}},
		{"a", false, false, []string{"a>b:FLOW_TASK", "a>d:FLOW_TRIGGER"}},
		{"a", false, true, []string{"a>b:FLOW_TASK", "a>d:FLOW_TRIGGER", "b>c:FLOW_TASK"}},
		{"d", false, true, []string{"a>b:FLOW_TASK", "a>d:FLOW_TRIGGER", "b>c:FLOW_TASK"}},
		{"a", true, true, []string{"a>b:FLOW_TASK", "a>d:FLOW_TRIGGER", "b>c:FLOW_TASK"}},
		{"d", true, true, nil},
	} {
		ns := "team"
		got := show(FlowDependencies(all, FlowRef{Namespace: ns, ID: c.flow}, c.destOnly, c.expandAll))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s destinationOnly=%v expandAll=%v: %v, want %v", c.flow, c.destOnly, c.expandAll, got, c.want)
		}
	}
	if got := show(NamespaceDependencies(all, "other", false)); !slices.Equal(got, []string{"b>c:FLOW_TASK"}) {
		t.Errorf("namespace other: %v", got)
	}
	if got := show(NamespaceDependencies(all, "other", true)); got != nil {
		t.Errorf("namespace other destinationOnly: %v", got)
	}
}
