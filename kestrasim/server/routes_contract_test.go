package server

import (
	"sort"
	"strings"
	"testing"
)

// TestEveryExecutionAndLogRouteMeetsTheContract drives every executions and
// logs route at least once with a request the simulator accepts, then
// checks that the contract validator saw an accepted request and a response
// of each: the requests were validated against the document's parameters
// and bodies, the answers against its schemas.
func TestEveryExecutionAndLogRouteMeetsTheContract(t *testing.T) {
	s := newSim(t)
	if s.contract == nil {
		t.Skip("kestra-openapi.yaml not found: contract tests skipped")
	}
	for _, src := range []string{flakyFlow, approvalFlow, serialFlow, chainFlow, filesFlow, `id: hooked
namespace: ops
tasks:
  - id: said
    type: io.kestra.plugin.core.log.Log
    message: "got {{ trigger.body }}"
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
`} {
		s.flow(t, src)
	}
	const p = "/api/v1/main/executions/"
	ok := func(r *resp) *resp {
		t.Helper()
		if r.Status >= 400 {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
		return r
	}

	failed := s.start(t, "ops", "flaky", nil)
	s.waitState(t, failed, "FAILED")
	chain := s.start(t, "ops", "chain", map[string]string{"who": "x"})
	e := s.waitState(t, chain, "SUCCESS")
	tr := taskRun(t, e, "two")["id"].(string)
	files := s.start(t, "ops", "files", nil)
	fe := s.waitState(t, files, "SUCCESS")
	uri := taskRun(t, fe, "small")["outputs"].(map[string]any)["uri"].(string)

	ok(s.get(t, p+"search?filters[namespace][EQUALS]=ops&sort=state.startDate:asc"))
	ok(s.get(t, "/api/v1/main/executions?namespace=ops&flowId=flaky"))
	ok(s.postJSON(t, p+"latest", []map[string]string{{"namespace": "ops", "id": "flaky"}}))
	ok(s.get(t, p+"flows/ops/chain?revision=1"))
	ok(s.get(t, p+chain))
	ok(s.get(t, p+chain+"/follow"))
	ok(s.get(t, p+chain+"/graph"))
	ok(s.get(t, p+chain+"/flow"))
	ok(s.get(t, p+files+"/file?path="+uri))
	ok(s.get(t, p+files+"/file/metas?path="+uri))
	ok(s.do(t, req{method: "POST", path: p + chain + "/actions/eval", body: strings.NewReader("{{ inputs.who }}"), contentType: "text/plain"}))
	ok(s.do(t, req{method: "POST", path: p + chain + "/actions/eval/" + tr, body: strings.NewReader("{{ taskrun.id }}"), contentType: "text/plain"}))
	ok(s.post(t, p+failed+"/actions/restart"))
	s.waitState(t, failed, "SUCCESS")
	ok(s.post(t, p+chain+"/actions/replay?taskRunId="+tr))
	ok(s.form(t, p+chain+"/actions/replay-with-inputs", map[string]string{"who": "y"}))
	ok(s.post(t, p+chain+"/actions/change-status?status=WARNING"))
	ok(s.postJSON(t, p+chain+"/actions/state", map[string]string{"taskRunId": tr, "state": "SUCCESS"}))
	s.waitState(t, chain, "SUCCESS")
	ok(s.postJSON(t, p+chain+"/actions/labels", []map[string]string{{"key": "k", "value": "v"}}))

	paused := s.start(t, "ops", "approval", nil)
	s.waitState(t, paused, "PAUSED")
	ok(s.form(t, p+paused+"/actions/resume", map[string]string{"approved": "false"}))
	running := s.start(t, "ops", "serial", nil)
	s.waitState(t, running, "RUNNING")
	queued := s.start(t, "ops", "serial", nil)
	s.waitState(t, queued, "QUEUED")
	ok(s.post(t, p+running+"/actions/pause"))
	ok(s.post(t, p+running+"/actions/force-run"))
	ok(s.post(t, p+queued+"/actions/unqueue?state=CANCELLED"))
	ok(s.delete(t, p+running+"/actions/kill?isOnKillCascade=false"))
	s.waitState(t, running, "KILLED")

	for _, route := range []string{"restart", "pause", "resume", "force-run", "replay"} {
		ok(s.sendJSON(t, "POST", p+route+"/by-ids", []string{}))
		ok(s.post(t, p+route+"/by-query?filters[flowId][EQUALS]=none"))
	}
	ok(s.sendJSON(t, "POST", p+"unqueue/by-ids?state=RUNNING", []string{}))
	ok(s.post(t, p+"unqueue/by-query?filters[flowId][EQUALS]=none&newState=RUNNING"))
	ok(s.sendJSON(t, "POST", p+"change-status/by-ids?newStatus=SUCCESS", []string{}))
	ok(s.post(t, p+"change-status/by-query?newStatus=SUCCESS&filters[flowId][EQUALS]=none"))
	ok(s.sendJSON(t, "POST", p+"labels/by-ids", map[string]any{"executionsId": []string{chain}, "executionLabels": []map[string]string{{"key": "a", "value": "b"}}}))
	ok(s.sendJSON(t, "POST", p+"labels/by-query?filters[flowId][EQUALS]=chain", []map[string]string{{"key": "c", "value": "d"}}))
	ok(s.sendJSON(t, "DELETE", p+"kill/by-ids", []string{}))
	ok(s.delete(t, p+"kill/by-query?filters[flowId][EQUALS]=none"))

	none := ""
	for _, m := range []string{"GET", "POST", "PUT"} {
		ok(s.do(t, req{method: m, path: p + "webhook/ops/hooked/k", body: strings.NewReader(`{"a":1}`), contentType: "application/json", auth: &none}))
		ok(s.do(t, req{method: m, path: p + "webhook/ops/hooked/k/more", auth: &none}))
	}

	ok(s.get(t, "/api/v1/main/logs/search?filters[flowId][EQUALS]=flaky&page=1&size=5"))
	ok(s.get(t, "/api/v1/main/logs/"+failed+"?filters[level][EQUALS]=INFO"))
	ok(s.get(t, "/api/v1/main/logs/"+failed+"/download?minLevel=INFO"))
	ok(s.get(t, "/api/v1/main/logs/"+failed+"/follow"))
	ok(s.delete(t, "/api/v1/main/logs/"+failed+"?minLevel=ERROR&attempt=0"))
	ok(s.delete(t, "/api/v1/main/logs/ops/flaky?triggerId=schedule"))

	ok(s.delete(t, p+failed+"?deleteLogs=true&deleteMetrics=true&deleteStorage=true"))
	ok(s.sendJSON(t, "DELETE", p+"by-ids?deleteLogs=false", []string{paused}))
	ok(s.delete(t, p+"by-query?filters[flowId][EQUALS]=files&includeNonTerminated=true"))

	responses, requests := s.contract.Checked(), s.contract.RequestsChecked()
	var missing []string
	n := 0
	for _, rt := range s.srv.Routes() {
		if !requestChecked(rt) {
			continue
		}
		n++
		if responses[rt.Pattern()] == 0 {
			missing = append(missing, rt.Pattern()+" (response)")
		}
		if requests[rt.Pattern()] == 0 {
			missing = append(missing, rt.Pattern()+" (request)")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("routes not driven through the contract:\n%s", strings.Join(missing, "\n"))
	}
	if n < 55 {
		t.Errorf("only %d executions and logs routes", n)
	}
}
