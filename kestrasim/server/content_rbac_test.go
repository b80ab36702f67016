package server

import (
	"net/http"
	"strings"
	"testing"
)

// TestContentRBAC checks the permissions of the content areas for a user
// bound to a role on one namespace.
func TestContentRBAC(t *testing.T) {
	s := newSim(t)
	fixed := strings.Replace(greetFlowBroken, "Helo", "Hello", 1)
	other := strings.ReplaceAll(fixed, "namespace: qa.team", "namespace: ops")
	want(t, s.postYAML(t, "/api/v1/main/flows", fixed), http.StatusOK)
	want(t, s.postYAML(t, "/api/v1/main/flows", other), http.StatusOK)
	want(t, s.postYAML(t, "/api/v1/main/tests", greetSuite), http.StatusOK)
	want(t, s.postYAML(t, "/api/v1/main/tests", strings.ReplaceAll(greetSuite, "namespace: qa.team", "namespace: ops")), http.StatusOK)
	want(t, s.putYAML(t, "/api/v1/main/namespaces/ops/reusable-inputs/ad_credentials", adCredentials), http.StatusOK)

	ids := setupViewer(t, s, map[string][]string{"TESTSUITE": {"LIST", "VIEW", "EXECUTE"}, "REUSABLE_INPUTS": {"VIEW"}}, "qa")
	tok := bearer(ids.token)
	as := func(method, path string, body string) *resp {
		r := req{method: method, path: path, auth: &tok}
		if body != "" {
			r.body, r.contentType = strings.NewReader(body), "application/json"
			if !strings.HasPrefix(body, "{") {
				r.contentType = "application/x-yaml"
			}
		}
		return s.do(t, r)
	}

	var p struct {
		Results []map[string]any `json:"results"`
		Total   int              `json:"total"`
	}
	as("GET", "/api/v1/main/tests/search", "").JSON(t, &p)
	if p.Total != 1 || p.Results[0]["namespace"] != "qa.team" {
		t.Errorf("search shows other namespaces: %+v", p)
	}
	want(t, as("GET", "/api/v1/main/tests/qa.team/greet_suite", ""), http.StatusOK)
	want(t, as("GET", "/api/v1/main/tests/ops/greet_suite", ""), http.StatusForbidden)
	want(t, as("POST", "/api/v1/main/tests/qa.team/greet_suite/run", "{}"), http.StatusOK)
	r := as("POST", "/api/v1/main/tests/run", `{"includeChildNamespaces": true}`)
	want(t, r, http.StatusOK)
	if n := r.Map(t)["numberOfTestSuitesToBeRun"]; n != 1.0 {
		t.Errorf("run by query runs suites of other namespaces: %v", n)
	}
	r = as("POST", "/api/v1/main/tests", strings.ReplaceAll(greetSuite, "greet_suite", "mine"))
	want(t, r, http.StatusForbidden)
	if !strings.Contains(r.Message(t), "TESTSUITE:CREATE") {
		t.Errorf("403 message %q", r.Message(t))
	}
	want(t, as("DELETE", "/api/v1/main/tests/by-ids", `{"ids":[{"namespace":"qa.team","id":"greet_suite"}]}`), http.StatusForbidden)

	// reusable inputs: readable where bound (VIEW implies LIST), not elsewhere
	want(t, as("GET", "/api/v1/main/namespaces/qa.team/reusable-inputs", ""), http.StatusOK)
	want(t, as("GET", "/api/v1/main/namespaces/ops/reusable-inputs/ad_credentials", ""), http.StatusForbidden)
	want(t, as("PUT", "/api/v1/main/namespaces/qa/reusable-inputs/ad_credentials", adCredentials), http.StatusForbidden)
}
