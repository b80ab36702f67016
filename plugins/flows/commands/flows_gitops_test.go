package commands_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// liveFlows lists the ids of a namespace's flows ("" when it has none).
func liveFlows(t *testing.T, url, ns string) string {
	t.Helper()
	r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "list", ns, "--all")
	if r.Code() == cmderr.NotFound {
		return ""
	}
	if r.Err != nil {
		t.Fatalf("list %s: %v", ns, r.Err)
	}
	var ids []string
	for _, rec := range r.Records {
		ids = append(ids, fmt.Sprint(rec["id"]))
	}
	return strings.Join(ids, ",")
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDeployPrune(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := t.TempDir()
	for _, id := range []string{"a", "b", "c"} {
		writeFile(t, filepath.Join(dir, id+".yaml"), flowSrc("git.team", id, id))
	}
	deploySources(t, url, map[string]string{"x.yaml": flowSrc("git.other", "x", "x"), "child.yaml": flowSrc("git.team.child", "k", "k")})
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir); r.Err != nil {
		t.Fatal(r.Err)
	}
	// The repository changes: c is removed, b changes, d is added.
	os.Remove(filepath.Join(dir, "c.yaml"))
	writeFile(t, filepath.Join(dir, "b.yaml"), flowSrc("git.team", "b", "changed"))
	writeFile(t, filepath.Join(dir, "d.yaml"), flowSrc("git.team", "d", "d"))

	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir, "--prune"); r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "--override") {
		t.Fatalf("--prune without --override: %v", r.Err)
	}
	// The plan, with diffs, and nothing written.
	tbl := opts(url)
	tbl.Format = "table"
	r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "deploy", dir, "--override", "--prune", "--dry-run")
	if r.Err != nil || r.Footer != "4 flows: 1 unchanged, 1 would update, 1 would create, 1 would delete" {
		t.Fatalf("dry run: %v %q", r.Err, r.Footer)
	}
	for _, want := range []string{"+    message: changed", "--- git.team/c (server, revision 1)", "+++ /dev/null (deleted)", "-    message: c"} {
		if !strings.Contains(r.Stdout, want) {
			t.Fatalf("no %q in the dry run's diffs:\n%s", want, r.Stdout)
		}
	}
	if got := liveFlows(t, url, "git.team"); got != "a,b,c" {
		t.Fatalf("the dry run wrote: %s", got)
	}
	// --max-delete refuses before anything is written.
	yes := opts(url)
	yes.AssumeYes = true
	r = plugintest.Run(t, flowsPlugin(), yes, "flows", "deploy", dir, "--override", "--prune", "--max-delete", "0")
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "more than --max-delete 0") {
		t.Fatalf("--max-delete 0: %v", r.Err)
	}
	if got := liveFlows(t, url, "git.team"); got != "a,b,c" {
		t.Fatalf("--max-delete refused but wrote: %s", got)
	}
	// The plan is shown, the question names the count, a no changes nothing.
	no := opts(url)
	var asked string
	no.Confirm = func(q string) bool { asked = q; return false }
	r = plugintest.Run(t, flowsPlugin(), no, "flows", "deploy", dir, "--override", "--prune")
	if r.Code() != cmderr.Cancelled || asked != "Delete 1 flow of git.team not defined in the given paths?" {
		t.Fatalf("answer no: %v %q", r.Err, asked)
	}
	plan := r.MessageText()
	for _, want := range []string{"Plan for git.team: 1 to create, 1 to update, 1 unchanged, 1 to delete", "+ create git.team/d", "~ update git.team/b", "- delete git.team/c (revision 1)"} {
		if !strings.Contains(plan, want) {
			t.Fatalf("no %q in the plan:\n%s", want, plan)
		}
	}
	if got := liveFlows(t, url, "git.team"); got != "a,b,c" {
		t.Fatalf("a no wrote: %s", got)
	}
	// Yes: per-flow report; the other namespaces (and children) are untouched.
	r = plugintest.Run(t, flowsPlugin(), yes, "flows", "deploy", dir, "--override", "--prune")
	rep := r.Report(t)
	if r.Err != nil || rep.Summary["deleted"] != 1 || rep.Summary["created"] != 1 || rep.Summary["updated"] != 1 || rep.Summary["unchanged"] != 1 {
		t.Fatalf("prune: %v %v", r.Err, rep.Summary)
	}
	last := rep.Results[len(rep.Results)-1]
	if last["status"] != "deleted" || last["id"] != "c" || last["namespace"] != "git.team" {
		t.Fatalf("deletion result %v", last)
	}
	if _, hasFile := last["file"]; hasFile {
		t.Fatalf("a deletion names a file: %v", last)
	}
	for ns, want := range map[string]string{"git.team": "a,b,d", "git.other": "x", "git.team.child": "k"} {
		if got := liveFlows(t, url, ns); got != want {
			t.Fatalf("%s holds %s, want %s", ns, got, want)
		}
	}
	// Nothing left to do: no question.
	r = plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir, "--override", "--prune")
	if rep := r.Report(t); r.Err != nil || rep.Summary["unchanged"] != 3 || len(r.Confirmations) != 0 {
		t.Fatalf("second run: %v %v %v", r.Err, rep.Summary, r.Confirmations)
	}

	// A document that is not a flow: nothing happens at all.
	writeFile(t, filepath.Join(dir, "broken.yaml"), "- not a flow\n")
	os.Remove(filepath.Join(dir, "a.yaml"))
	r = plugintest.Run(t, flowsPlugin(), yes, "flows", "deploy", dir, "--override", "--prune")
	if r.Code() != cmderr.Generic || !strings.Contains(r.Err.Error(), "not a valid flow") {
		t.Fatalf("broken document: %v", r.Err)
	}
	if got := liveFlows(t, url, "git.team"); got != "a,b,d" {
		t.Fatalf("a broken document let prune act: %s", got)
	}
	// A flow the server refuses: the others deploy, nothing is deleted.
	writeFile(t, filepath.Join(dir, "broken.yaml"), "id: broken\nnamespace: git.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.nope.Nope\n")
	r = plugintest.Run(t, flowsPlugin(), yes, "flows", "deploy", dir, "--override", "--prune")
	rep = r.Report(t)
	if r.Code() != cmderr.Generic || rep.Summary["failed"] != 1 || rep.Summary["skipped"] != 1 {
		t.Fatalf("refused flow: %v %v", r.Err, rep.Summary)
	}
	if got := liveFlows(t, url, "git.team"); got != "a,b,d" {
		t.Fatalf("a failed deploy still deleted: %s", got)
	}
}

func TestNamespaceSyncNeverDeletesByDefault(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	deploySources(t, url, map[string]string{"old.yaml": flowSrc("sync.team", "old", "o"), "keep.yaml": flowSrc("sync.team", "keep", "k")})
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "keep.yaml"), flowSrc("sync.team", "keep", "changed"))
	writeFile(t, filepath.Join(dir, "new.yaml"), flowSrc("elsewhere", "new", "n"))

	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "namespace-sync", "sync.team", dir); r.Code() != cmderr.Usage || !strings.Contains(r.Err.Hint, "--override") {
		t.Fatalf("foreign namespace without --override: %v", r.Err)
	}
	// Kestra deletes by default; kestractl never asks it to without --delete.
	r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "namespace-sync", "sync.team", dir, "--override")
	rep := r.Report(t)
	if r.Err != nil || rep.Summary["created"] != 1 || rep.Summary["updated"] != 1 || len(r.Confirmations) != 0 {
		t.Fatalf("sync: %v %v", r.Err, rep.Summary)
	}
	if got := liveFlows(t, url, "sync.team"); got != "keep,new,old" {
		t.Fatalf("namespace holds %s", got)
	}
	// --delete lists and asks.
	o := opts(url)
	var asked string
	o.Confirm = func(q string) bool { asked = q; return true }
	r = plugintest.Run(t, flowsPlugin(), o, "flows", "namespace-sync", "sync.team", dir, "--override", "--delete")
	rep = r.Report(t)
	if r.Err != nil || rep.Summary["deleted"] != 1 || rep.Summary["unchanged"] != 2 || !strings.HasPrefix(asked, "Delete 1 flow of namespace sync.team") ||
		!strings.Contains(r.MessageText(), "sync.team/old (revision 1)") {
		t.Fatalf("sync --delete: %v %v %q %q", r.Err, rep.Summary, asked, r.MessageText())
	}
	if got := liveFlows(t, url, "sync.team"); got != "keep,new" {
		t.Fatalf("namespace holds %s", got)
	}
}

func TestBulkUpdateGuardsTenantWideDeletes(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	deploySources(t, url, map[string]string{"a.yaml": flowSrc("bulk.a", "a", "a"), "b.yaml": flowSrc("bulk.b", "b", "b"), "same.yaml": flowSrc("bulk.b", "one", "x")})
	file := filepath.Join(t.TempDir(), "flows.yaml")
	writeFile(t, file, flowSrc("bulk.a", "one", "1")+"---\n"+flowSrc("bulk.a", "two", "2"))

	yes := opts(url)
	yes.AssumeYes = true
	if r := plugintest.Run(t, flowsPlugin(), yes, "flows", "bulk-update", "--file", file, "--delete"); r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "every other flow of the tenant") {
		t.Fatalf("--delete without a namespace: %v", r.Err)
	}
	r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "bulk-update", "--file", file)
	if rep := r.Report(t); r.Err != nil || rep.Summary["created"] != 2 {
		t.Fatalf("bulk-update: %v %v", r.Err, rep.Summary)
	}
	if liveFlows(t, url, "bulk.a") != "a,one,two" || liveFlows(t, url, "bulk.b") != "b,one" {
		t.Fatal("bulk-update without --delete deleted something")
	}
	r = plugintest.Run(t, flowsPlugin(), yes, "flows", "bulk-update", "--file", file, "--namespace", "bulk.a", "--delete")
	if rep := r.Report(t); r.Err != nil || rep.Summary["deleted"] != 1 {
		t.Fatalf("bulk-update --namespace --delete: %v %v", r.Err, rep.Summary)
	}
	if liveFlows(t, url, "bulk.a") != "one,two" || liveFlows(t, url, "bulk.b") != "b,one" {
		t.Fatal("a namespace-scoped delete went beyond its namespace")
	}
	// Tenant-wide, explicitly: Kestra keeps flows by id, whatever their namespace.
	o := opts(url)
	var asked string
	o.Confirm = func(q string) bool { asked = q; return true }
	r = plugintest.Run(t, flowsPlugin(), o, "flows", "bulk-update", "--file", file, "--all-namespaces", "--delete")
	if rep := r.Report(t); r.Err != nil || rep.Summary["deleted"] != 1 || !strings.HasPrefix(asked, "Delete 1 flow of the tenant") {
		t.Fatalf("--all-namespaces --delete: %v %v %q", r.Err, rep.Summary, asked)
	}
	if liveFlows(t, url, "bulk.b") != "one" {
		t.Fatalf("bulk.b holds %s", liveFlows(t, url, "bulk.b"))
	}
}
