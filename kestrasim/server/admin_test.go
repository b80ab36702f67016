package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// adminRoutes are the environment-administration routes: every request
// the simulator accepts on them is validated against the document, as is
// every response, and TestAdminRoutesContract checks each was exercised.
var adminRoutes = []string{
	"GET /api/v1/{tenant}/namespaces/search",
	"POST /api/v1/{tenant}/namespaces/autocomplete",
	"GET /api/v1/{tenant}/namespaces/{id}",
	"POST /api/v1/{tenant}/namespaces",
	"PUT /api/v1/{tenant}/namespaces/{id}",
	"DELETE /api/v1/{tenant}/namespaces/{id}",
	"GET /api/v1/{tenant}/namespaces/{id}/inherited-variables",
	"GET /api/v1/{tenant}/secrets",
	"GET /api/v1/{tenant}/namespaces/{namespace}/inherited-secrets",
	"PUT /api/v1/{tenant}/namespaces/{namespace}/secrets",
	"PATCH /api/v1/{tenant}/namespaces/{namespace}/secrets/{key}",
	"DELETE /api/v1/{tenant}/namespaces/{namespace}/secrets/{key}",
	"DELETE /api/v1/{tenant}/namespaces/{namespace}/kv",
	"GET /api/v1/{tenant}/namespaces/{namespace}/kv/inheritance",
	"POST /api/v1/tenants",
	"GET /api/v1/tenants/search",
	"GET /api/v1/tenants/{id}",
	"PUT /api/v1/tenants/{id}",
	"DELETE /api/v1/tenants/{id}",
	"POST /api/v1/{tenant}/tenant-access/autocomplete",
	"POST /api/v1/users/{id}/impersonate",
	"DELETE /api/v1/users/{id}/refresh-token",
	"DELETE /api/v1/users/{id}/auths/{auth}",
	"PATCH /api/v1/users/{id}/superadmin",
	"PATCH /api/v1/users/{id}/restricted",
	"GET /api/v1/me",
	"PATCH /api/v1/me",
	"PUT /api/v1/me/password",
	"POST /api/v1/{tenant}/groups/autocomplete",
	"POST /api/v1/{tenant}/groups/ids",
	"PUT /api/v1/{tenant}/groups/{id}/members/membership/{userId}",
	"POST /api/v1/{tenant}/roles/autocomplete",
	"POST /api/v1/{tenant}/roles/ids",
	"PATCH /api/v1/service-accounts/{id}/superadmin",
	"POST /api/v1/{tenant}/bindings/bulk",
	"GET /api/v1/license-info",
	"GET /api/v1/{tenant}/acls/permissions",
	"GET /api/v1/{tenant}/stats/generate-reports",
}

// newAdminSim is a simulator whose accepted requests on adminRoutes are
// validated against the document.
func newAdminSim(t *testing.T, mutate ...func(*Options)) *sim {
	t.Helper()
	s := newSim(t, mutate...)
	if s.contract != nil {
		s.contract.CheckRequests(func(rt rest.Route) bool { return slices.Contains(adminRoutes, rt.Pattern()) })
	}
	return s
}

func (s *sim) patchJSON(t testing.TB, path string, v any) *resp {
	t.Helper()
	return s.sendJSON(t, "PATCH", path, v)
}

func (s *sim) putJSON(t testing.TB, path string, v any) *resp {
	t.Helper()
	return s.sendJSON(t, "PUT", path, v)
}

func (s *sim) deleteJSON(t testing.TB, path string, v any) *resp {
	t.Helper()
	return s.sendJSON(t, "DELETE", path, v)
}

// ids returns the "id" of every object of a JSON list.
func ids(t testing.TB, r *resp) []string {
	t.Helper()
	var list []map[string]any
	r.JSON(t, &list)
	var out []string
	for _, m := range list {
		out = append(out, fmt.Sprint(m["id"]))
	}
	return out
}

// TestAdminRoutesContract exercises every administration route with
// requests the simulator accepts and checks each request and response was
// validated against the document.
func TestAdminRoutesContract(t *testing.T) {
	s := newAdminSim(t)
	if s.contract == nil {
		t.Skip("kestra-openapi.yaml not found: contract tests skipped")
	}
	// namespaces
	want(t, s.postJSON(t, "/api/v1/main/namespaces", map[string]any{"id": "company", "deleted": false,
		"variables": map[string]any{"env": "prod"}, "concurrency": map[string]any{"limit": 2, "behavior": "QUEUE"},
		"quotas": []any{map[string]any{"duration": "PT1H", "limit": 10, "behavior": "FAIL"}}}), http.StatusOK)
	want(t, s.putJSON(t, "/api/v1/main/namespaces/company", map[string]any{"id": "company", "deleted": false, "description": "Company"}), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/namespaces/company"), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/namespaces/search?q=comp&page=1&size=10&existing=true"), http.StatusOK)
	want(t, s.postJSON(t, "/api/v1/main/namespaces/autocomplete", map[string]any{"q": "comp", "ids": []string{"system"}}), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/namespaces/company.team/inherited-variables"), http.StatusOK)
	want(t, s.postJSON(t, "/api/v1/main/namespaces", map[string]any{"id": "scratch", "deleted": false}), http.StatusOK)
	want(t, s.delete(t, "/api/v1/main/namespaces/scratch"), http.StatusNoContent)

	// secrets
	want(t, s.putJSON(t, "/api/v1/main/namespaces/company/secrets", map[string]any{"key": "API_KEY", "value": "s3cr3t",
		"tags": []any{map[string]any{"key": "team", "value": "ops"}}}), http.StatusOK)
	want(t, s.patchJSON(t, "/api/v1/main/namespaces/company/secrets/API_KEY", map[string]any{"key": "API_KEY",
		"tags": []any{map[string]any{"key": "team", "value": "data"}}}), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/secrets?page=1&size=10&filters[namespace][EQUALS]=company"), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/namespaces/company.team/inherited-secrets"), http.StatusOK)
	want(t, s.delete(t, "/api/v1/main/namespaces/company/secrets/API_KEY"), http.StatusOK)

	// kv
	want(t, s.do(t, req{method: "PUT", path: "/api/v1/main/namespaces/company/kv/k", body: strings.NewReader("1"), contentType: "text/plain"}), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/namespaces/company.team/kv/inheritance"), http.StatusOK)
	want(t, s.deleteJSON(t, "/api/v1/main/namespaces/company/kv", map[string]any{"keys": []string{"k", "nope"}}), http.StatusOK)

	// tenants
	tenant := map[string]any{"id": "acme", "name": "Acme", "deleted": false,
		"quotas": []any{map[string]any{"duration": "P1D", "limit": 100, "behavior": "CANCEL"}}}
	want(t, s.postJSON(t, "/api/v1/tenants", tenant), http.StatusOK)
	tenant["name"] = "Acme Corp"
	want(t, s.putJSON(t, "/api/v1/tenants/acme", tenant), http.StatusOK)
	want(t, s.get(t, "/api/v1/tenants/acme"), http.StatusOK)
	want(t, s.get(t, "/api/v1/tenants/search?page=1&size=10&sort=id:asc"), http.StatusOK)
	want(t, s.delete(t, "/api/v1/tenants/acme"), http.StatusNoContent)

	// IAM
	user := s.postJSON(t, "/api/v1/users", map[string]any{"email": "ann@example.com", "password": "Old-pass1", "tenants": []string{"main"}}).Map(t)["id"].(string)
	want(t, s.postJSON(t, "/api/v1/main/tenant-access/autocomplete", map[string]any{"q": "ann"}), http.StatusOK)
	want(t, s.patchJSON(t, "/api/v1/users/"+user+"/superadmin", map[string]any{"superAdmin": false}), http.StatusOK)
	want(t, s.patchJSON(t, "/api/v1/users/"+user+"/restricted", map[string]any{"restricted": true}), http.StatusOK)
	annAuth := basic("ann@example.com", "Old-pass1")
	want(t, s.getAs(t, annAuth, "/api/v1/me"), http.StatusOK)
	want(t, s.do(t, req{method: "PATCH", path: "/api/v1/me", body: strings.NewReader(`{"firstName":"Ann"}`), contentType: "application/json", auth: &annAuth}), http.StatusOK)
	want(t, s.do(t, req{method: "PUT", path: "/api/v1/me/password", body: strings.NewReader(`{"oldPassword":"Old-pass1","newPassword":"New-pass2"}`), contentType: "application/json", auth: &annAuth}), http.StatusOK)
	want(t, s.postJSON(t, "/api/v1/users/"+user+"/impersonate", nil), http.StatusOK)
	want(t, s.delete(t, "/api/v1/users/"+user+"/refresh-token"), http.StatusNoContent)
	want(t, s.delete(t, "/api/v1/users/"+user+"/auths/BASIC_AUTH"), http.StatusOK)
	group := s.postJSON(t, "/api/v1/main/groups", map[string]any{"name": "ops"}).Map(t)["id"].(string)
	want(t, s.postJSON(t, "/api/v1/main/groups/autocomplete", map[string]any{"q": "op"}), http.StatusOK)
	want(t, s.postJSON(t, "/api/v1/main/groups/ids", map[string]any{"ids": []string{group}}), http.StatusOK)
	want(t, s.do(t, req{method: "PUT", path: "/api/v1/main/groups/" + group + "/members/membership/" + user + "?membership=OWNER"}), http.StatusOK)
	role := s.postJSON(t, "/api/v1/main/roles", map[string]any{"name": "viewer", "permissions": map[string]any{"FLOW": []string{"VIEW"}}}).Map(t)["id"].(string)
	want(t, s.postJSON(t, "/api/v1/main/roles/autocomplete", map[string]any{"q": "view"}), http.StatusOK)
	want(t, s.postJSON(t, "/api/v1/main/roles/ids", map[string]any{"ids": []string{role}}), http.StatusOK)
	want(t, s.postJSON(t, "/api/v1/main/bindings/bulk", []any{
		map[string]any{"type": "USER", "externalId": user, "roleId": role},
		map[string]any{"type": "GROUP", "externalId": group, "roleId": role, "namespaceId": "company"}}), http.StatusOK)
	sa := s.postJSON(t, "/api/v1/service-accounts", map[string]any{"name": "ci-bot"}).Map(t)["id"].(string)
	want(t, s.patchJSON(t, "/api/v1/service-accounts/"+sa+"/superadmin", map[string]any{"superAdmin": true}), http.StatusOK)

	// server
	want(t, s.get(t, "/api/v1/license-info"), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/acls/permissions"), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/stats/generate-reports?from=2020-01-01"), http.StatusOK)

	requests, responses := s.contract.RequestsChecked(), s.contract.Checked()
	for _, p := range adminRoutes {
		if requests[p] == 0 || responses[p] == 0 {
			t.Errorf("%s: %d requests and %d responses validated", p, requests[p], responses[p])
		}
	}
}

func TestNamespaceVariablesInheritance(t *testing.T) {
	s := newAdminSim(t)
	r := s.postJSON(t, "/api/v1/main/namespaces", map[string]any{"id": "company", "deleted": false,
		"variables": map[string]any{"env": "prod", "region": "eu", "db": map[string]any{"host": "db.company"}}})
	want(t, r, http.StatusOK)
	if v := r.Map(t)["variables"].(map[string]any); v["env"] != "prod" {
		t.Fatalf("created %s", r.Body)
	}
	// the child sees its parent's variables without defining any, by
	// namespace
	var inherited map[string]map[string]any
	r = s.get(t, "/api/v1/main/namespaces/company.team/inherited-variables")
	want(t, r, http.StatusOK)
	r.JSON(t, &inherited)
	if len(inherited) != 2 || inherited["company"]["env"] != "prod" || inherited["company"]["region"] != "eu" || len(inherited["company.team"]) != 0 {
		t.Errorf("company.team inherits %v", inherited)
	}
	// each level shows its own variables; a grandchild sees both
	want(t, s.postJSON(t, "/api/v1/main/namespaces", map[string]any{"id": "company.team", "deleted": false,
		"variables": map[string]any{"env": "staging"}}), http.StatusOK)
	inherited = nil
	s.get(t, "/api/v1/main/namespaces/company.team.sub/inherited-variables").JSON(t, &inherited)
	if inherited["company"]["env"] != "prod" || inherited["company.team"]["env"] != "staging" || len(inherited["company.team.sub"]) != 0 {
		t.Errorf("company.team.sub inherits %v", inherited)
	}
	// a parent inherits nothing from its children
	inherited = nil
	s.get(t, "/api/v1/main/namespaces/company/inherited-variables").JSON(t, &inherited)
	if len(inherited) != 1 || inherited["company"]["env"] != "prod" {
		t.Errorf("company %v", inherited)
	}
	// another tenant sees none of it
	s2 := newAdminSim(t, func(o *Options) { o.Tenants = []string{"main", "other"} })
	want(t, s2.postJSON(t, "/api/v1/main/namespaces", map[string]any{"id": "company", "deleted": false, "variables": map[string]any{"env": "prod"}}), http.StatusOK)
	inherited = nil
	s2.get(t, "/api/v1/other/namespaces/company.team/inherited-variables").JSON(t, &inherited)
	if len(inherited["company"]) != 0 {
		t.Errorf("tenant other inherits %v", inherited)
	}
	oss := newSim(t, func(o *Options) { o.Edition = "oss" })
	want(t, oss.get(t, "/api/v1/main/namespaces/company/inherited-variables"), http.StatusNotFound)
}

func TestNamespaceSettings(t *testing.T) {
	s := newAdminSim(t)
	for name, body := range map[string]map[string]any{
		"bad id":             {"id": "Bad NS", "deleted": false},
		"concurrency zero":   {"id": "a", "deleted": false, "concurrency": map[string]any{"limit": 0, "behavior": "QUEUE"}},
		"concurrency verb":   {"id": "a", "deleted": false, "concurrency": map[string]any{"limit": 1, "behavior": "WAIT"}},
		"quota too short":    {"id": "a", "deleted": false, "quotas": []any{map[string]any{"duration": "PT30S", "limit": 1, "behavior": "FAIL"}}},
		"quota in weeks":     {"id": "a", "deleted": false, "quotas": []any{map[string]any{"duration": "P1W", "limit": 1, "behavior": "FAIL"}}},
		"quota behavior":     {"id": "a", "deleted": false, "quotas": []any{map[string]any{"duration": "PT1H", "limit": 1, "behavior": "QUEUE"}}},
		"quota limit":        {"id": "a", "deleted": false, "quotas": []any{map[string]any{"duration": "PT1H", "limit": 0, "behavior": "FAIL"}}},
		"duplicate duration": {"id": "a", "deleted": false, "quotas": []any{map[string]any{"duration": "PT1H", "limit": 1, "behavior": "FAIL"}, map[string]any{"duration": "PT60M", "limit": 2, "behavior": "CANCEL"}}},
	} {
		t.Run(name, func(t *testing.T) {
			r := s.postJSON(t, "/api/v1/main/namespaces", body)
			want(t, r, http.StatusUnprocessableEntity)
			if !strings.HasPrefix(r.Message(t), "Invalid entity:") {
				t.Errorf("message %q", r.Message(t))
			}
		})
	}
	r := s.postJSON(t, "/api/v1/main/namespaces", map[string]any{"id": "prod", "deleted": false, "description": "Production",
		"concurrency": map[string]any{"limit": 5, "behavior": "CANCEL"},
		"quotas":      []any{map[string]any{"duration": "PT1H", "limit": 100, "behavior": "FAIL"}}})
	want(t, r, http.StatusOK)
	got := r.Map(t)
	if got["concurrency"].(map[string]any)["behavior"] != "CANCEL" || len(got["quotas"].([]any)) != 1 || got["description"] != "Production" {
		t.Errorf("created %v", got)
	}
	// PUT replaces: what the body leaves out is cleared
	r = s.putJSON(t, "/api/v1/main/namespaces/prod", map[string]any{"id": "prod", "deleted": false, "description": "Prod"})
	want(t, r, http.StatusOK)
	got = r.Map(t)
	if got["description"] != "Prod" || got["concurrency"] != nil || got["quotas"] != nil {
		t.Errorf("updated %v", got)
	}
	want(t, s.putJSON(t, "/api/v1/main/namespaces/prod", map[string]any{"id": "other", "deleted": false}), http.StatusUnprocessableEntity)
	want(t, s.putJSON(t, "/api/v1/main/namespaces/missing", map[string]any{"id": "missing", "deleted": false}), http.StatusNotFound)

	// autocomplete: ids containing q, plus the ones asked for, sorted
	want(t, s.postYAML(t, "/api/v1/main/flows", flowYAML("company.team", "f")), http.StatusOK)
	var names []string
	s.postJSON(t, "/api/v1/main/namespaces/autocomplete", map[string]any{"q": "TEAM", "ids": []string{"prod", "nope"}}).JSON(t, &names)
	if strings.Join(names, ",") != "company.team,prod" {
		t.Errorf("autocomplete %v", names)
	}

	// a namespace holding flows (or whose children do) cannot be deleted
	for _, ns := range []string{"company.team", "company"} {
		r = s.delete(t, "/api/v1/main/namespaces/"+ns)
		want(t, r, http.StatusConflict)
		if msg := r.Message(t); !strings.Contains(msg, "holds 1 flow") {
			t.Errorf("delete %s: %q", ns, msg)
		}
	}
	want(t, s.delete(t, "/api/v1/main/flows/company.team/f"), http.StatusNoContent)
	want(t, s.delete(t, "/api/v1/main/namespaces/company.team"), http.StatusNoContent)
	want(t, s.delete(t, "/api/v1/main/namespaces/company.team"), http.StatusNotFound)
}

const secretFlow = `id: uses-secret
namespace: company.team
tasks:
  - id: derived
    type: io.kestra.plugin.core.log.Log
    message:
      - "length {{ secret('API_KEY') | length }}"
      - "sha256 {{ secret('API_KEY') | sha256 }}"
  - id: raw
    type: io.kestra.plugin.core.log.Log
    message: "raw {{ secret('API_KEY') }} and {{ flow.id }}"
`

// A secret set through the API is used by a flow, which logs values derived
// from it; the value itself appears in no response and no log.
func TestSecretUsedByFlowNeverShown(t *testing.T) {
	const value = "Sup3r-s3cret-value"
	s := newAdminSim(t)
	var mu sync.Mutex
	var bodies [][]byte
	s.seen = func(b []byte) {
		mu.Lock()
		bodies = append(bodies, b)
		mu.Unlock()
	}

	r := s.putJSON(t, "/api/v1/main/namespaces/company/secrets", map[string]any{"key": "API_KEY", "value": value,
		"description": "Payment API", "tags": []any{map[string]any{"key": "team", "value": "ops"}}})
	want(t, r, http.StatusOK)
	var metas []map[string]any
	r.JSON(t, &metas)
	if len(metas) != 1 || metas[0]["key"] != "API_KEY" || metas[0]["namespace"] != "company" || metas[0]["description"] != "Payment API" {
		t.Fatalf("put answered %s", r.Body)
	}
	want(t, s.putJSON(t, "/api/v1/main/namespaces/company/secrets", map[string]any{"key": "Bad Key", "value": "x"}), http.StatusUnprocessableEntity)
	want(t, s.putJSON(t, "/api/v1/main/namespaces/company/secrets", map[string]any{"key": "EMPTY", "value": ""}), http.StatusUnprocessableEntity)

	// the child namespace's flow reads its parent's secret
	want(t, s.postYAML(t, "/api/v1/main/flows", secretFlow), http.StatusOK)
	r = s.run(t, "/api/v1/main/executions/company.team/uses-secret?wait=true", nil)
	want(t, r, http.StatusOK)
	exec := r.Map(t)
	if stateOf(exec) != "SUCCESS" {
		t.Fatalf("execution %s", r.Body)
	}
	var logs []map[string]any
	s.get(t, "/api/v1/main/logs/"+exec["id"].(string)).JSON(t, &logs)
	sum := sha256.Sum256([]byte(value))
	var messages []string
	for _, l := range logs {
		messages = append(messages, l["message"].(string))
	}
	wantLogs := []string{fmt.Sprintf("length %d", len(value)), "sha256 " + hex.EncodeToString(sum[:]), "raw ****** and uses-secret"}
	if !slices.Equal(messages, wantLogs) {
		t.Errorf("logs %q, want %q", messages, wantLogs)
	}
	s.get(t, "/api/v1/main/logs/"+exec["id"].(string)+"/follow")

	// listings show names, descriptions and tags only
	var list struct {
		ReadOnly bool             `json:"readOnly"`
		Results  []map[string]any `json:"results"`
		Total    int              `json:"total"`
	}
	s.get(t, "/api/v1/main/secrets?filters[namespace][PREFIX]=company").JSON(t, &list)
	if list.ReadOnly || list.Total != 1 || list.Results[0]["key"] != "API_KEY" {
		t.Errorf("list %+v", list)
	}
	var inherited map[string][]string
	s.get(t, "/api/v1/main/namespaces/company.team/inherited-secrets").JSON(t, &inherited)
	if fmt.Sprint(inherited) != "map[company:[API_KEY] company.team:[]]" {
		t.Errorf("inherited %v", inherited)
	}
	r = s.patchJSON(t, "/api/v1/main/namespaces/company/secrets/API_KEY", map[string]any{"key": "API_KEY", "description": "Payments", "tags": []any{}})
	want(t, r, http.StatusOK)
	r.JSON(t, &metas)
	if metas[0]["description"] != "Payments" || len(metas[0]["tags"].([]any)) != 0 {
		t.Errorf("patched %s", r.Body)
	}
	want(t, s.patchJSON(t, "/api/v1/main/namespaces/company/secrets/NOPE", map[string]any{"key": "NOPE", "tags": []any{}}), http.StatusNotFound)

	for _, b := range bodies {
		if bytes.Contains(b, []byte(value)) {
			t.Fatalf("a response shows the secret value: %s", b)
		}
	}

	// deleted: a flow using it fails with Kestra's message
	want(t, s.delete(t, "/api/v1/main/namespaces/company/secrets/API_KEY"), http.StatusOK)
	r = s.delete(t, "/api/v1/main/namespaces/company/secrets/API_KEY")
	want(t, r, http.StatusNotFound)
	r = s.run(t, "/api/v1/main/executions/company.team/uses-secret?wait=true", nil)
	if stateOf(r.Map(t)) != "FAILED" {
		t.Fatalf("without the secret: %s", r.Body)
	}
	s.get(t, "/api/v1/main/logs/"+r.Map(t)["id"].(string)).JSON(t, &logs)
	if len(logs) == 0 || logs[0]["message"] != "Cannot find secret for key 'API_KEY'." {
		t.Errorf("logs %v", logs)
	}

	// OSS: secrets come from the server's environment: read-only, empty
	oss := newSim(t, func(o *Options) { o.Edition = "oss" })
	r = oss.get(t, "/api/v1/main/secrets")
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["readOnly"] != true || m["total"] != 0.0 {
		t.Errorf("oss list %s", r.Body)
	}
	want(t, oss.putJSON(t, "/api/v1/main/namespaces/company/secrets", map[string]any{"key": "K", "value": "v"}), http.StatusNotFound)
}

// A tenant created through the API is served at once; over its execution
// quota a new execution ends without running any task, as Kestra's executor
// does (FAILED for behavior FAIL, CANCELLED for CANCEL).
func TestTenantQuotaRefusesExecution(t *testing.T) {
	clock := &fakeClock{t: time.Date(2025, 3, 10, 9, 15, 0, 0, time.UTC)}
	s := newAdminSim(t, func(o *Options) { o.Now = clock.now })
	want(t, s.get(t, "/api/v1/acme/flows/search"), http.StatusNotFound)
	r := s.postJSON(t, "/api/v1/tenants", map[string]any{"id": "acme", "name": "Acme", "deleted": false,
		"quotas": []any{map[string]any{"duration": "PT1H", "limit": 2, "behavior": "FAIL"}}})
	want(t, r, http.StatusOK)
	want(t, s.postJSON(t, "/api/v1/tenants", map[string]any{"id": "acme", "name": "Again", "deleted": false}), http.StatusConflict)
	want(t, s.postJSON(t, "/api/v1/tenants", map[string]any{"id": "Bad Id", "name": "x", "deleted": false}), http.StatusUnprocessableEntity)
	want(t, s.postJSON(t, "/api/v1/tenants", map[string]any{"id": "nameless", "deleted": false}), http.StatusUnprocessableEntity)
	want(t, s.postYAML(t, "/api/v1/acme/flows", "id: hello\nnamespace: acme.team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n"), http.StatusOK)

	run := func() map[string]any {
		t.Helper()
		r := s.run(t, "/api/v1/acme/executions/acme.team/hello?wait=true", nil)
		want(t, r, http.StatusOK)
		return r.Map(t)
	}
	for i := 0; i < 2; i++ {
		if e := run(); stateOf(e) != "SUCCESS" {
			t.Fatalf("execution %d within the quota: %v", i, e["state"])
		}
	}
	e := run()
	if stateOf(e) != "FAILED" || e["taskRunList"] != nil {
		t.Fatalf("over the quota: %v, task runs %v", e["state"], e["taskRunList"])
	}
	// a new window starts at the next clock hour
	clock.advance(45 * time.Minute)
	if e := run(); stateOf(e) != "SUCCESS" {
		t.Errorf("next hour: %v", e["state"])
	}

	// a namespace quota applies to its children; CANCEL cancels
	want(t, s.postJSON(t, "/api/v1/acme/namespaces", map[string]any{"id": "acme", "deleted": false,
		"quotas": []any{map[string]any{"duration": "P1D", "limit": 1, "behavior": "CANCEL"}}}), http.StatusOK)
	if e := run(); stateOf(e) != "SUCCESS" {
		t.Errorf("first of the day: %v", e["state"])
	}
	if e := run(); stateOf(e) != "CANCELLED" {
		t.Errorf("over the namespace quota: %v", e["state"])
	}
	// other tenants are not limited
	want(t, s.postYAML(t, "/api/v1/main/flows", "id: hello\nnamespace: acme.team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n"), http.StatusOK)
	for i := 0; i < 4; i++ {
		r := s.run(t, "/api/v1/main/executions/acme.team/hello?wait=true", nil)
		if stateOf(r.Map(t)) != "SUCCESS" {
			t.Fatalf("tenant main: %s", r.Body)
		}
	}

	// listing, update (PUT replaces) and delete
	var page struct {
		Results []map[string]any `json:"results"`
		Total   int              `json:"total"`
	}
	s.get(t, "/api/v1/tenants/search?sort=id:desc").JSON(t, &page)
	if page.Total != 2 || page.Results[0]["id"] != "main" || page.Results[1]["id"] != "acme" {
		t.Errorf("tenants %v", page.Results)
	}
	r = s.putJSON(t, "/api/v1/tenants/acme", map[string]any{"id": "acme", "name": "Acme Corp", "deleted": false,
		"concurrency": map[string]any{"limit": 3, "behavior": "QUEUE"}, "storageType": "gcs",
		"storageConfiguration": map[string]any{"bucket": "acme"}, "secretType": "vault", "secretReadOnly": true})
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["name"] != "Acme Corp" || m["quotas"] != nil || m["storageType"] != "gcs" {
		t.Errorf("updated %v", m)
	}
	want(t, s.putJSON(t, "/api/v1/acme/namespaces/acme/secrets", map[string]any{"key": "K", "value": "v"}), http.StatusConflict)
	want(t, s.putJSON(t, "/api/v1/tenants/acme", map[string]any{"id": "other", "name": "x", "deleted": false}), http.StatusUnprocessableEntity)
	want(t, s.delete(t, "/api/v1/tenants/acme"), http.StatusNoContent)
	want(t, s.get(t, "/api/v1/tenants/acme"), http.StatusNotFound)
	want(t, s.get(t, "/api/v1/acme/namespaces/search"), http.StatusNotFound)
	// re-created, it starts empty
	want(t, s.postJSON(t, "/api/v1/tenants", map[string]any{"id": "acme", "name": "Acme", "deleted": false}), http.StatusOK)
	if _, ok := s.get(t, "/api/v1/acme/namespaces/acme").Map(t)["quotas"]; ok {
		t.Error("the namespace of the deleted tenant came back")
	}

	// tenants are Enterprise-only and reserved to super-admins
	ids := setupViewer(t, s, map[string][]string{"FLOW": {"VIEW"}}, "")
	want(t, s.getAs(t, bearer(ids.token), "/api/v1/tenants/search"), http.StatusForbidden)
	oss := newSim(t, func(o *Options) { o.Edition = "oss" })
	want(t, oss.get(t, "/api/v1/tenants/search"), http.StatusNotFound)
}

func TestIAMAdministration(t *testing.T) {
	s := newAdminSim(t)
	r := s.postJSON(t, "/api/v1/users", map[string]any{"email": "bob@example.com", "firstName": "Bob", "lastName": "Builder",
		"password": "Pass-word1", "tenants": []string{"main"}})
	want(t, r, http.StatusCreated)
	bob := r.Map(t)["id"].(string)
	carol := s.postJSON(t, "/api/v1/users", map[string]any{"email": "carol@example.com"}).Map(t)["id"].(string)

	// users autocomplete: users of the tenant only
	var found []map[string]any
	s.postJSON(t, "/api/v1/main/tenant-access/autocomplete", map[string]any{"q": "BUILD"}).JSON(t, &found)
	if len(found) != 1 || found[0]["username"] != "bob@example.com" || found[0]["displayName"] != "Bob Builder" {
		t.Errorf("autocomplete %v", found)
	}
	s.postJSON(t, "/api/v1/main/tenant-access/autocomplete", map[string]any{"q": "carol"}).JSON(t, &found)
	if len(found) != 0 {
		t.Errorf("carol has no access to main: %v", found)
	}

	// impersonation gives a bearer token acting as the user
	r = s.postJSON(t, "/api/v1/users/"+bob+"/impersonate", nil)
	want(t, r, http.StatusOK)
	imp := r.Map(t)
	token, _ := imp["access_token"].(string)
	if strings.Count(token, ".") != 2 || imp["token_type"] != "Bearer" || imp["username"] != "bob@example.com" {
		t.Fatalf("impersonation %v", imp)
	}
	me := s.getAs(t, bearer(token), "/api/v1/me").Map(t)
	if me["id"] != bob || me["profile"].(map[string]any)["username"] != "bob@example.com" {
		t.Errorf("me as bob %v", me)
	}
	want(t, s.getAs(t, bearer(token), "/api/v1/users"), http.StatusForbidden)
	var tokens struct {
		Total int `json:"total"`
	}
	s.get(t, "/api/v1/users/"+bob+"/api-tokens").JSON(t, &tokens)
	if tokens.Total != 0 {
		t.Errorf("an impersonation token is not an API token: %d", tokens.Total)
	}
	want(t, s.delete(t, "/api/v1/users/"+bob+"/refresh-token"), http.StatusNoContent)
	want(t, s.getAs(t, bearer(token), "/api/v1/me"), http.StatusUnauthorized)
	want(t, s.postJSON(t, "/api/v1/users/nope/impersonate", nil), http.StatusNotFound)
	want(t, s.delete(t, "/api/v1/users/nope/refresh-token"), http.StatusNotFound)

	// targeted PATCHes change one flag and nothing else
	want(t, s.patchJSON(t, "/api/v1/users/"+bob+"/restricted", map[string]any{"restricted": true}), http.StatusOK)
	want(t, s.patchJSON(t, "/api/v1/users/"+bob+"/restricted", map[string]any{}), http.StatusUnprocessableEntity)
	u := s.get(t, "/api/v1/users/"+bob).Map(t)
	if u["restricted"] != true || u["superAdmin"] != false || u["firstName"] != "Bob" {
		t.Errorf("after restricted %v", u)
	}
	want(t, s.patchJSON(t, "/api/v1/users/"+bob+"/superadmin", map[string]any{"superAdmin": true}), http.StatusOK)
	if u := s.get(t, "/api/v1/users/"+bob).Map(t); u["superAdmin"] != true || u["restricted"] != true {
		t.Errorf("after superadmin %v", u)
	}
	want(t, s.patchJSON(t, "/api/v1/users/"+bob+"/superadmin", map[string]any{"superAdmin": false}), http.StatusOK)

	// change my password: the old one must match
	bobAuth := basic("bob@example.com", "Pass-word1")
	r = s.do(t, req{method: "PUT", path: "/api/v1/me/password", body: strings.NewReader(`{"oldPassword":"wrong","newPassword":"x"}`), contentType: "application/json", auth: &bobAuth})
	want(t, r, http.StatusUnprocessableEntity)
	r = s.do(t, req{method: "PUT", path: "/api/v1/me/password", body: strings.NewReader(`{"oldPassword":"Pass-word1","newPassword":"Next-pass2"}`), contentType: "application/json", auth: &bobAuth})
	want(t, r, http.StatusOK)
	want(t, s.getAs(t, bobAuth, "/api/v1/me"), http.StatusUnauthorized)
	newAuth := basic("bob@example.com", "Next-pass2")
	want(t, s.getAs(t, newAuth, "/api/v1/me"), http.StatusOK)

	// deleting the basic auth method removes the password
	want(t, s.delete(t, "/api/v1/users/"+bob+"/auths/OIDC"), http.StatusNotFound)
	r = s.delete(t, "/api/v1/users/"+bob+"/auths/BASIC_AUTH")
	want(t, r, http.StatusOK)
	if auths := r.Map(t)["auths"].([]any); len(auths) != 0 {
		t.Errorf("auths %v", auths)
	}
	want(t, s.getAs(t, newAuth, "/api/v1/me"), http.StatusUnauthorized)

	// groups: autocomplete, by ids, membership OWNER|MEMBER
	g1 := s.postJSON(t, "/api/v1/main/groups", map[string]any{"name": "platform"}).Map(t)["id"].(string)
	g2 := s.postJSON(t, "/api/v1/main/groups", map[string]any{"name": "data", "description": "Data team"}).Map(t)["id"].(string)
	if got := ids(t, s.postJSON(t, "/api/v1/main/groups/autocomplete", map[string]any{"q": "PLAT"})); !slices.Equal(got, []string{g1}) {
		t.Errorf("groups autocomplete %v", got)
	}
	if got := ids(t, s.postJSON(t, "/api/v1/main/groups/ids", map[string]any{"ids": []string{g2, "nope", g1}})); !slices.Equal(got, []string{g2, g1}) {
		t.Errorf("groups by ids %v", got)
	}
	for _, m := range []string{"OWNER", "MEMBER"} {
		r = s.do(t, req{method: "PUT", path: "/api/v1/main/groups/" + g1 + "/members/membership/" + carol + "?membership=" + m})
		want(t, r, http.StatusOK)
		if gs := r.Map(t)["groups"].([]any); len(gs) != 1 || gs[0].(map[string]any)["membership"] != m {
			t.Errorf("membership %s: %s", m, r.Body)
		}
	}
	want(t, s.do(t, req{method: "PUT", path: "/api/v1/main/groups/" + g1 + "/members/membership/" + carol + "?membership=ADMIN"}), http.StatusBadRequest)

	// roles: autocomplete, by ids
	role := s.postJSON(t, "/api/v1/main/roles", map[string]any{"name": "deployer", "permissions": map[string]any{"FLOW": []string{"CREATE"}}}).Map(t)["id"].(string)
	if got := ids(t, s.postJSON(t, "/api/v1/main/roles/autocomplete", map[string]any{"q": "deploy"})); !slices.Equal(got, []string{role}) {
		t.Errorf("roles autocomplete %v", got)
	}
	var full []map[string]any
	s.postJSON(t, "/api/v1/main/roles/ids", map[string]any{"ids": []string{role}}).JSON(t, &full)
	if len(full) != 1 || full[0]["permissions"] == nil {
		t.Errorf("roles by ids %v", full)
	}

	// bindings bulk: all or nothing
	want(t, s.postJSON(t, "/api/v1/main/bindings/bulk", []any{
		map[string]any{"type": "USER", "externalId": carol, "roleId": role},
		map[string]any{"type": "USER", "externalId": "nope", "roleId": role}}), http.StatusNotFound)
	var page struct {
		Total int `json:"total"`
	}
	s.get(t, "/api/v1/main/bindings/search").JSON(t, &page)
	if page.Total != 0 {
		t.Errorf("a failed bulk left %d bindings", page.Total)
	}
	var created []map[string]any
	r = s.postJSON(t, "/api/v1/main/bindings/bulk", []any{
		map[string]any{"type": "USER", "externalId": carol, "roleId": role},
		map[string]any{"type": "GROUP", "externalId": g2, "roleId": role, "namespaceId": "company"}})
	want(t, r, http.StatusOK)
	r.JSON(t, &created)
	if len(created) != 2 || created[1]["namespace"] != "company" || created[0]["namespace"] != nil {
		t.Errorf("bulk %s", r.Body)
	}

	// service accounts: super-admin flag
	sa := s.postJSON(t, "/api/v1/service-accounts", map[string]any{"name": "deploy-bot"}).Map(t)["id"].(string)
	want(t, s.patchJSON(t, "/api/v1/service-accounts/"+sa+"/superadmin", map[string]any{"superAdmin": true}), http.StatusOK)
	if m := s.get(t, "/api/v1/service-accounts/"+sa).Map(t); m["superAdmin"] != true {
		t.Errorf("service account %v", m)
	}
	want(t, s.patchJSON(t, "/api/v1/service-accounts/nope/superadmin", map[string]any{"superAdmin": true}), http.StatusNotFound)
}

func TestServerInformation(t *testing.T) {
	clock := &fakeClock{t: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
	s := newAdminSim(t, func(o *Options) { o.Now = clock.now })
	lic := s.get(t, "/api/v1/license-info").Map(t)
	if lic["type"] != "ENTERPRISE" || lic["expired"] != false || lic["expiry"] != "2026-06-01T00:00:00Z" {
		t.Errorf("license %v", lic)
	}
	var perms map[string][]string
	s.get(t, "/api/v1/main/acls/permissions").JSON(t, &perms)
	if !slices.Contains(perms["FLOW"], "EXECUTE") || !slices.Contains(perms["GROUP"], "MANAGE_MEMBERS") || len(perms["SECRET"]) != 5 {
		t.Errorf("permissions %v", perms)
	}

	want(t, s.postYAML(t, "/api/v1/main/flows", "id: f\nnamespace: company.team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n"), http.StatusOK)
	for i := 0; i < 3; i++ {
		want(t, s.run(t, "/api/v1/main/executions/company.team/f?wait=true", nil), http.StatusOK)
	}
	r := s.get(t, "/api/v1/main/stats/generate-reports?from=2025-05-01")
	want(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "application/octet-stream" || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("report headers %v", r.Header)
	}
	rep := r.Map(t)
	daily := rep["executions"].(map[string]any)["dailyExecutionsCount"].([]any)
	if rep["from"] != "2025-05-01" || rep["flows"].(map[string]any)["count"] != 1.0 || len(daily) != 1 ||
		daily[0].(map[string]any)["executionCounts"].(map[string]any)["SUCCESS"] != 3.0 {
		t.Errorf("report %s", r.Body)
	}
	r = s.get(t, "/api/v1/main/stats/generate-reports?from=2025-06-02")
	want(t, r, http.StatusUnprocessableEntity)
	want(t, s.get(t, "/api/v1/main/stats/generate-reports?from=yesterday"), http.StatusBadRequest)

	oss := newSim(t, func(o *Options) { o.Edition = "oss" })
	for _, p := range []string{"/api/v1/license-info", "/api/v1/main/acls/permissions", "/api/v1/main/stats/generate-reports"} {
		want(t, oss.get(t, p), http.StatusNotFound)
	}
}
