package server

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/kestrasim/contracttest"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/rest"
	"github.com/kestractl/kestractl/kestrasim/triggers"
)

// newCheckedSim is newSim that also returns the contract validator, so a
// test can check which routes it exercised.
func newCheckedSim(t *testing.T, tenants ...string) (*sim, *contracttest.Validator) {
	t.Helper()
	v := contracttest.NewValidator(contracttest.Load(t))
	srv, err := New(Options{BasicUser: adminUser, BasicPass: adminPass, DataDir: t.TempDir(), Tenants: tenants, RouteMiddleware: v.Middleware})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { v.Report(t) })
	t.Cleanup(func() { srv.Close() })
	t.Cleanup(ts.Close)
	return &sim{t: t, srv: srv, ts: ts, auth: basic(adminUser, adminPass)}, v
}

const (
	parentFlow = `# parent: calls child, runs daily
id: parent
namespace: team
labels:
  owner: data
concurrency:
  limit: 2
  behavior: QUEUE
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "Hello"
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: team
    flowId: child
triggers:
  - id: daily
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 6 * * *"
    timezone: Europe/Paris
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: a-secret-key
`
	childFlow = "id: child\nnamespace: team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: child\r\n"
	oldFlow   = "id: old\nnamespace: team.legacy\ntasks:\n  - id: legacy\n    type: io.kestra.core.tasks.log.Log\n    message: old\n"
	schedFlow = `id: sched
namespace: ops
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "{{ trigger.date }}"
triggers:
  - id: nightly
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 1 * * *"
`
)

func multipartFile(t *testing.T, field, name string, data []byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func zipEntries(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

// TestExportImportAcrossTenants exports flows from one tenant and imports
// the archive into another: the sources come back byte for byte.
func TestExportImportAcrossTenants(t *testing.T) {
	s, v := newCheckedSim(t, "main", "other")
	for _, src := range []string{childFlow, parentFlow, oldFlow} {
		want(t, s.postYAML(t, "/api/v1/main/flows", src), http.StatusOK)
	}
	r := s.get(t, "/api/v1/main/flows/export/by-query?filters[namespace][PREFIX]=team")
	want(t, r, http.StatusOK)
	entries := zipEntries(t, r.Body)
	wantEntries := map[string]string{"team-child.yml": childFlow, "team-parent.yml": parentFlow, "team.legacy-old.yml": oldFlow}
	if len(entries) != len(wantEntries) {
		t.Fatalf("entries %v", slices.Collect(func(yield func(string) bool) {
			for k := range entries {
				yield(k)
			}
		}))
	}
	for name, src := range wantEntries {
		if entries[name] != src {
			t.Fatalf("entry %s = %q, want %q", name, entries[name], src)
		}
	}
	body, ct := multipartFile(t, "fileUpload", "flows.zip", r.Body)
	r = s.do(t, req{method: "POST", path: "/api/v1/other/flows/import", body: body, contentType: ct})
	want(t, r, http.StatusOK)
	if strings.TrimSpace(string(r.Body)) != "[]" {
		t.Fatalf("import reported failures: %s", r.Body)
	}
	for _, f := range []struct{ ns, id, src string }{{"team", "child", childFlow}, {"team", "parent", parentFlow}, {"team.legacy", "old", oldFlow}} {
		m := s.get(t, "/api/v1/other/flows/"+f.ns+"/"+f.id+"?source=true").Map(t)
		if m["source"] != f.src || m["tenantId"] != "other" || m["revision"] != 1.0 {
			t.Fatalf("imported %s.%s: revision %v source %q", f.ns, f.id, m["revision"], m["source"])
		}
	}
	// by ids: <namespace>.<id>.yaml entries
	r = s.postJSON(t, "/api/v1/main/flows/export/by-ids", []flows.FlowRef{{Namespace: "team", ID: "child"}})
	want(t, r, http.StatusOK)
	if e := zipEntries(t, r.Body); len(e) != 1 || e["team.child.yaml"] != childFlow {
		t.Fatalf("by-ids entries %v", e)
	}
	// a YAML import with an invalid document, failOnError
	body, ct = multipartFile(t, "fileUpload", "flows.yaml", []byte(childFlow+"---\nid: broken\n"))
	r = s.do(t, req{method: "POST", path: "/api/v1/other/flows/import?failOnError=true", body: body, contentType: ct})
	want(t, r, http.StatusUnprocessableEntity)
	if msg := r.Message(t); !strings.Contains(msg, "Following invalid flows were not imported: 1") {
		t.Fatalf("failOnError message %q", msg)
	}
	checked := v.Checked()
	for _, p := range []string{"POST /api/v1/{tenant}/flows/import", "GET /api/v1/{tenant}/flows/export/by-query", "POST /api/v1/{tenant}/flows/export/by-ids"} {
		if checked[p] == 0 {
			t.Errorf("%s not validated", p)
		}
	}
}

// TestFlowLifecycleRoutes exercises every flow lifecycle route.
func TestFlowLifecycleRoutes(t *testing.T) {
	s, v := newCheckedSim(t, "main")
	for _, src := range []string{childFlow, parentFlow, oldFlow} {
		want(t, s.postYAML(t, "/api/v1/main/flows", src), http.StatusOK)
	}
	var page rest.Paged[map[string]any]
	s.get(t, "/api/v1/main/flows/search?filters[namespace][EQUALS]=team&sort=id:desc").JSON(t, &page)
	if page.Total != 2 || page.Results[0]["id"] != "parent" {
		t.Fatalf("search %+v", page)
	}
	var found rest.Paged[map[string]any]
	s.get(t, "/api/v1/main/flows/source?q=flowId:%20child").JSON(t, &found)
	if found.Total != 1 || found.Results[0]["model"].(map[string]any)["id"] != "parent" {
		t.Fatalf("source search %+v", found)
	}
	var inNS []map[string]any
	s.get(t, "/api/v1/main/flows/team").JSON(t, &inNS)
	if len(inNS) != 2 {
		t.Fatalf("flows of team: %d", len(inNS))
	}
	var nss []string
	s.get(t, "/api/v1/main/flows/distinct-namespaces?q=team").JSON(t, &nss)
	if !slices.Equal(nss, []string{"team", "team.legacy"}) {
		t.Fatalf("distinct namespaces %v", nss)
	}
	var deps []map[string]any
	s.get(t, "/api/v1/main/flows/deprecated?namespace=team").JSON(t, &deps)
	if len(deps) != 1 || deps[0]["flowId"] != "old" {
		t.Fatalf("deprecated %v", deps)
	}

	// revisions
	child2 := strings.Replace(childFlow, "message: child", "message: child v2", 1)
	want(t, s.putYAML(t, "/api/v1/main/flows/team/child", child2), http.StatusOK)
	want(t, s.delete(t, "/api/v1/main/flows/team/child/revisions?revisions=2"), http.StatusUnprocessableEntity)
	want(t, s.delete(t, "/api/v1/main/flows/team/child/revisions?revisions=1"), http.StatusNoContent)
	want(t, s.get(t, "/api/v1/main/flows/team/child?revision=1"), http.StatusNotFound)
	var revs []map[string]any
	s.get(t, "/api/v1/main/flows/team/child/revisions").JSON(t, &revs)
	if len(revs) != 1 || revs[0]["revision"] != 2.0 {
		t.Fatalf("revisions %v", revs)
	}

	// enable / disable
	ids := []flows.FlowRef{{Namespace: "team", ID: "child"}}
	var bulk struct{ Count int }
	s.postJSON(t, "/api/v1/main/flows/disable/by-ids", ids).JSON(t, &bulk)
	if bulk.Count != 1 {
		t.Fatalf("disable count %d", bulk.Count)
	}
	if src := s.get(t, "/api/v1/main/flows/team/child?source=true").Map(t)["source"]; src != child2+"\ndisabled: true" {
		t.Fatalf("disabled source %q", src)
	}
	s.postJSON(t, "/api/v1/main/flows/enable/by-query?filters[namespace][EQUALS]=team", nil).JSON(t, &bulk)
	if bulk.Count != 1 {
		t.Fatalf("enable by query count %d", bulk.Count)
	}
	s.postJSON(t, "/api/v1/main/flows/disable/by-query?filters[namespace][EQUALS]=team.legacy", nil).JSON(t, &bulk)
	s.postJSON(t, "/api/v1/main/flows/enable/by-ids", []flows.FlowRef{{Namespace: "team.legacy", ID: "old"}}).JSON(t, &bulk)
	if bulk.Count != 1 {
		t.Fatalf("enable by ids count %d", bulk.Count)
	}
	want(t, s.postJSON(t, "/api/v1/main/flows/enable/by-ids", []flows.FlowRef{{Namespace: "team", ID: "nope"}}), http.StatusNotFound)

	// task, graph, dependencies, validation, expressions
	if m := s.get(t, "/api/v1/main/flows/team/parent/tasks/call").Map(t); m["flowId"] != "child" {
		t.Fatalf("task %v", m)
	}
	want(t, s.get(t, "/api/v1/main/flows/team/parent/tasks/nope"), http.StatusNotFound)
	g := s.get(t, "/api/v1/main/flows/team/parent/graph?subflows=root.call").Map(t)
	if len(g["nodes"].([]any)) < 6 || len(g["clusters"].([]any)) != 2 {
		t.Fatalf("graph %v", g)
	}
	want(t, s.get(t, "/api/v1/main/flows/team/parent/graph?revision=7"), http.StatusNotFound)
	want(t, s.postYAML(t, "/api/v1/main/flows/graph", childFlow), http.StatusOK)
	topo := s.get(t, "/api/v1/main/flows/team/child/dependencies?expandAll=true").Map(t)
	if len(topo["edges"].([]any)) != 1 {
		t.Fatalf("dependencies %v", topo)
	}
	if e := s.get(t, "/api/v1/main/namespaces/team/dependencies").Map(t)["edges"].([]any); len(e) != 1 {
		t.Fatalf("namespace dependencies %v", e)
	}
	r := s.do(t, req{method: "POST", path: "/api/v1/main/flows/validate/task?section=TASKS", body: strings.NewReader("id: t\ntype: io.kestra.plugin.core.log.Nope\n"), contentType: "application/x-yaml"})
	if m := r.Map(t); !strings.Contains(fmt.Sprint(m["constraints"]), "Invalid type") {
		t.Fatalf("validate task %v", m)
	}
	r = s.postJSON(t, "/api/v1/main/flows/validate/trigger", map[string]any{"id": "s", "type": "io.kestra.plugin.core.trigger.Schedule", "cron": "61 * * * *"})
	if m := r.Map(t); !strings.Contains(fmt.Sprint(m["constraints"]), "cron") {
		t.Fatalf("validate trigger %v", m)
	}
	r = s.do(t, req{method: "POST", path: "/api/v1/main/flows/expressions?taskId=call", body: strings.NewReader(parentFlow), contentType: "application/x-yaml"})
	cats := r.Map(t)["categories"].(map[string]any)
	if out := cats["taskOutputs"].([]any); len(out) != 1 || out[0] != "{{ outputs.hello }}" {
		t.Fatalf("expressions %v", cats)
	}

	// concurrency limits
	var limits rest.Paged[map[string]any]
	s.get(t, "/api/v1/main/concurrency-limit/search").JSON(t, &limits)
	if limits.Total != 1 || limits.Results[0]["flowId"] != "parent" {
		t.Fatalf("limits %+v", limits)
	}
	r = s.sendJSON(t, "PUT", "/api/v1/main/concurrency-limit/team/parent", map[string]any{"tenantId": "main", "namespace": "team", "flowId": "parent", "running": 3})
	if r.Map(t)["running"] != 3.0 {
		t.Fatalf("update concurrency %s", r.Body)
	}
	want(t, s.sendJSON(t, "PUT", "/api/v1/main/concurrency-limit/team/child", map[string]any{"namespace": "team", "flowId": "child", "running": 1}), http.StatusNotFound)

	// namespace sync: body flows replace the namespace (override rewrites the namespace)
	synced := "id: fresh\nnamespace: elsewhere\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: x\n"
	r = s.postYAML(t, "/api/v1/main/flows/team?override=true", synced+"---\n"+childFlow)
	want(t, r, http.StatusOK)
	var out []map[string]any
	r.JSON(t, &out)
	if len(out) != 3 || out[0]["id"] != "parent" || out[0]["deleted"] != true {
		t.Fatalf("namespace sync answered %v", out)
	}
	if m := s.get(t, "/api/v1/main/flows/team/fresh?source=true").Map(t); !strings.Contains(m["source"].(string), "namespace: team\n") {
		t.Fatalf("override source %q", m["source"])
	}
	want(t, s.get(t, "/api/v1/main/flows/team/parent"), http.StatusNotFound)
	want(t, s.get(t, "/api/v1/main/flows/team.legacy/old"), http.StatusOK)

	// deletes
	s.sendJSON(t, "DELETE", "/api/v1/main/flows/delete/by-ids", []flows.FlowRef{{Namespace: "team", ID: "fresh"}}).JSON(t, &bulk)
	if bulk.Count != 1 {
		t.Fatalf("delete by ids %d", bulk.Count)
	}
	s.delete(t, "/api/v1/main/flows/delete/by-query?filters[namespace][PREFIX]=team").JSON(t, &bulk)
	if bulk.Count != 2 {
		t.Fatalf("delete by query %d", bulk.Count)
	}

	assertCovered(t, v, (&flows.Handlers{}).Routes(), "/flows/bulk", "/flows/validate", "/flows/{namespace}/{id}", "/flows/import", "/flows/export/by-query", "/flows/export/by-ids")
}

// assertCovered fails unless the contract validator checked a response of
// every route (but the skipped path suffixes, covered by other tests).
func assertCovered(t *testing.T, v *contracttest.Validator, routes []rest.Route, skip ...string) {
	t.Helper()
	checked := v.Checked()
	for _, rt := range routes {
		if slices.ContainsFunc(skip, func(s string) bool { return strings.HasSuffix(rt.Path, s) }) {
			continue
		}
		if checked[rt.Pattern()] == 0 {
			t.Errorf("route %s never exercised", rt.Pattern())
		}
	}
}

// TestTriggerRoutes exercises every trigger route, including a backfill
// run on the real clock.
func TestTriggerRoutes(t *testing.T) {
	s, v := newCheckedSim(t, "main")
	want(t, s.postYAML(t, "/api/v1/main/flows", childFlow), http.StatusOK)
	want(t, s.postYAML(t, "/api/v1/main/flows", parentFlow), http.StatusOK)
	want(t, s.postYAML(t, "/api/v1/main/flows", schedFlow), http.StatusOK)

	var page struct {
		Results []struct {
			Trigger map[string]any
			State   map[string]any
		}
		Total int
	}
	s.get(t, "/api/v1/main/triggers/search?sort=triggerId:asc").JSON(t, &page)
	if page.Total != 3 || page.Results[0].State["triggerId"] != "daily" || page.Results[0].State["nextEvaluationDate"] == nil {
		t.Fatalf("search %+v", page)
	}
	s.get(t, "/api/v1/main/triggers/search?filters[namespace][EQUALS]=ops").JSON(t, &page)
	if page.Total != 1 || page.Results[0].Trigger["cron"] != "0 1 * * *" {
		t.Fatalf("search ops %+v", page)
	}
	var forFlow rest.Paged[map[string]any]
	s.get(t, "/api/v1/main/triggers/team/parent?q=hoo").JSON(t, &forFlow)
	if forFlow.Total != 1 || forFlow.Results[0]["triggerId"] != "hook" {
		t.Fatalf("for flow %+v", forFlow)
	}

	hook := triggers.ID{Namespace: "team", FlowID: "parent", TriggerID: "hook"}
	daily := triggers.ID{Namespace: "team", FlowID: "parent", TriggerID: "daily"}
	nightly := triggers.ID{Namespace: "ops", FlowID: "sched", TriggerID: "nightly"}
	r := s.sendJSON(t, "PUT", "/api/v1/main/triggers/set-disabled", map[string]any{"namespace": "team", "flowId": "parent", "triggerId": "hook", "disabled": true})
	if r.Map(t)["disabled"] != true {
		t.Fatalf("set-disabled %s", r.Body)
	}
	var async struct{ TotalItems int }
	r = s.postJSON(t, "/api/v1/main/triggers/set-disabled/by-triggers", map[string]any{"triggers": []triggers.ID{hook, daily}, "disabled": false})
	want(t, r, http.StatusAccepted)
	r.JSON(t, &async)
	if async.TotalItems != 2 {
		t.Fatalf("by-triggers %d", async.TotalItems)
	}
	s.postJSON(t, "/api/v1/main/triggers/set-disabled/by-query?disabled=true&filters[flowId][EQUALS]=parent", nil).JSON(t, &async)
	if async.TotalItems != 2 {
		t.Fatalf("set-disabled by query %d", async.TotalItems)
	}
	want(t, s.postJSON(t, "/api/v1/main/triggers/team/parent/daily/unlock", nil), http.StatusConflict)
	s.postJSON(t, "/api/v1/main/triggers/unlock/by-triggers", []triggers.ID{daily}).JSON(t, &async)
	if async.TotalItems != 0 {
		t.Fatalf("unlocking an unlocked trigger counted %d", async.TotalItems)
	}
	want(t, s.postJSON(t, "/api/v1/main/triggers/unlock/by-query?filters[namespace][EQUALS]=team", nil), http.StatusAccepted)
	want(t, s.postJSON(t, "/api/v1/main/triggers/team/parent/daily/restart", nil), http.StatusOK)

	// backfill three nightly dates
	r = s.sendJSON(t, "PUT", "/api/v1/main/triggers/backfill/create", map[string]any{
		"namespace": "ops", "flowId": "sched", "triggerId": "nightly",
		"backfill": map[string]any{"start": "2025-01-01T00:00:00Z", "end": "2025-01-03T12:00:00Z", "labels": []flows.Label{{Key: "kind", Value: "backfill"}}},
	})
	want(t, r, http.StatusOK)
	if b := r.Map(t)["backfill"].(map[string]any); b["currentDate"] != "2025-01-01T01:00:00Z" {
		t.Fatalf("backfill %v", b)
	}
	want(t, s.sendJSON(t, "PUT", "/api/v1/main/triggers/backfill/create", map[string]any{"namespace": "team", "flowId": "parent", "triggerId": "hook", "backfill": map[string]any{"start": "2025-01-01T00:00:00Z"}}), http.StatusConflict)
	var execs rest.Paged[map[string]any]
	eventually(t, 10*time.Second, func() bool {
		s.get(t, "/api/v1/main/executions/search?namespace=ops&flowId=sched&sort=state.startDate:asc&size=10").JSON(t, &execs)
		return execs.Total == 3 && s.get(t, "/api/v1/main/triggers/ops/sched").Map(t)["results"].([]any)[0].(map[string]any)["backfill"] == nil
	})
	var dates []string
	for _, e := range execs.Results {
		dates = append(dates, fmt.Sprint(e["scheduleDate"]))
	}
	slices.Sort(dates)
	if !slices.Equal(dates, []string{"2025-01-01T01:00:00Z", "2025-01-02T01:00:00Z", "2025-01-03T01:00:00Z"}) {
		t.Fatalf("backfill schedule dates %v", dates)
	}
	exec := s.get(t, "/api/v1/main/executions/"+execs.Results[0]["id"].(string)).Map(t)
	if tr := exec["trigger"].(map[string]any); tr["id"] != "nightly" || tr["variables"].(map[string]any)["date"] == nil {
		t.Fatalf("execution trigger %v", exec["trigger"])
	}

	// pause / unpause / delete, one and in bulk
	body := map[string]any{"namespace": "ops", "flowId": "sched", "triggerId": "nightly", "backfill": map[string]any{"start": "2024-01-01T00:00:00Z", "end": "2024-12-31T00:00:00Z"}}
	want(t, s.sendJSON(t, "PUT", "/api/v1/main/triggers/backfill/create", body), http.StatusOK)
	if r := s.sendJSON(t, "PUT", "/api/v1/main/triggers/backfill/pause", nightly); r.Map(t)["backfill"].(map[string]any)["paused"] != true {
		t.Fatalf("pause %s", r.Body)
	}
	want(t, s.sendJSON(t, "PUT", "/api/v1/main/triggers/backfill/unpause", nightly), http.StatusOK)
	want(t, s.postJSON(t, "/api/v1/main/triggers/backfill/pause/by-triggers", []triggers.ID{nightly}), http.StatusAccepted)
	want(t, s.postJSON(t, "/api/v1/main/triggers/backfill/unpause/by-triggers", []triggers.ID{nightly}), http.StatusAccepted)
	want(t, s.postJSON(t, "/api/v1/main/triggers/backfill/pause/by-query?filters[namespace][EQUALS]=ops", nil), http.StatusAccepted)
	want(t, s.postJSON(t, "/api/v1/main/triggers/backfill/unpause/by-query?filters[namespace][EQUALS]=ops", nil), http.StatusAccepted)
	if r := s.postJSON(t, "/api/v1/main/triggers/backfill/delete", nightly); r.Map(t)["backfill"] != nil {
		t.Fatalf("delete backfill %s", r.Body)
	}
	want(t, s.postJSON(t, "/api/v1/main/triggers/backfill/delete", nightly), http.StatusConflict)
	want(t, s.sendJSON(t, "PUT", "/api/v1/main/triggers/backfill/create", body), http.StatusOK)
	want(t, s.postJSON(t, "/api/v1/main/triggers/backfill/delete/by-triggers", []triggers.ID{nightly}), http.StatusAccepted)
	want(t, s.sendJSON(t, "PUT", "/api/v1/main/triggers/backfill/create", body), http.StatusOK)
	want(t, s.postJSON(t, "/api/v1/main/triggers/backfill/delete/by-query?filters[flowId][EQUALS]=sched", nil), http.StatusAccepted)

	// CSV export
	r = s.get(t, "/api/v1/main/triggers/export/by-query/csv?filters[namespace][EQUALS]=team")
	want(t, r, http.StatusOK)
	lines := strings.Split(strings.TrimSpace(string(r.Body)), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "tenantId,namespace,flowId,triggerId,") {
		t.Fatalf("csv %q", r.Body)
	}

	// deletes
	want(t, s.delete(t, "/api/v1/main/triggers/team/parent/hook"), http.StatusNoContent)
	want(t, s.delete(t, "/api/v1/main/triggers/team/parent/hook"), http.StatusNotFound)
	want(t, s.sendJSON(t, "DELETE", "/api/v1/main/triggers/delete/by-triggers", []triggers.ID{daily}), http.StatusAccepted)
	r = s.sendJSON(t, "DELETE", "/api/v1/main/triggers/delete/by-query", map[string]any{"filters": []map[string]any{{"field": "namespace", "operation": "EQUALS", "value": "ops"}}})
	want(t, r, http.StatusAccepted)
	r.JSON(t, &async)
	if async.TotalItems != 1 {
		t.Fatalf("delete by query %d", async.TotalItems)
	}
	s.get(t, "/api/v1/main/triggers/search").JSON(t, &page)
	if page.Total != 0 {
		t.Fatalf("%d triggers left", page.Total)
	}

	assertCovered(t, v, (&triggers.Handlers{Store: &triggers.Store{}}).Routes())
}
