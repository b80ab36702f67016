package server

import (
	"net/http"
	"strings"
	"testing"
)

const greetFlowBroken = `id: greet
namespace: qa.team
inputs:
  - id: name
    type: STRING
tasks:
  - id: fetch
    type: io.kestra.plugin.core.http.Request
    uri: https://example.com/api
  - id: greeting
    type: io.kestra.plugin.core.debug.Return
    format: "Helo {{ inputs.name }}, code {{ outputs.fetch.code }}"
`

const greetSuite = `id: greet_suite
namespace: qa.team
description: the greeting uses the name
flowId: greet
testCases:
  - id: greets_by_name
    type: io.kestra.core.tests.flow.UnitTest
    description: the greeting is right
    fixtures:
      inputs:
        name: Kestra
      tasks:
        - id: fetch
          description: no HTTP call from tests
          outputs:
            code: 200
    assertions:
      - value: "{{ outputs.greeting.value }}"
        equalTo: "Hello Kestra, code 200"
        description: greeting text
      - value: "{{ outputs.fetch.code }}"
        greaterThanOrEqualTo: 200
  - id: ends_well
    type: io.kestra.core.tests.flow.UnitTest
    expectedState: SUCCESS
    fixtures:
      inputs:
        name: World
      tasks:
        - id: fetch
    assertions:
      - value: "{{ execution.state }}"
        in: [SUCCESS, WARNING]
`

type runResult struct {
	ID          string `json:"id"`
	TestSuiteID string `json:"testSuiteId"`
	State       string `json:"state"`
	Results     []struct {
		TestID           string `json:"testId"`
		ExecutionID      string `json:"executionId"`
		URL              string `json:"url"`
		State            string `json:"state"`
		AssertionResults []struct {
			Operator     string `json:"operator"`
			Expected     any    `json:"expected"`
			Actual       any    `json:"actual"`
			IsSuccess    bool   `json:"isSuccess"`
			ErrorMessage string `json:"errorMessage"`
		} `json:"assertionResults"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	} `json:"results"`
}

// TestTestSuiteFailsThenPassesOnceTheFlowIsFixed runs a suite whose flow
// has a bug: one assertion fails; the flow is fixed and redeployed; the same
// suite passes.
func TestTestSuiteFailsThenPassesOnceTheFlowIsFixed(t *testing.T) {
	s := newSim(t)
	want(t, s.postYAML(t, "/api/v1/main/flows", greetFlowBroken), http.StatusOK)
	r := s.postYAML(t, "/api/v1/main/tests", greetSuite)
	want(t, r, http.StatusOK)
	created := r.Map(t)
	if created["source"] != greetSuite || created["flowId"] != "greet" || created["disabled"] != false {
		t.Fatalf("created %s", r.Body)
	}

	var res runResult
	r = s.postJSON(t, "/api/v1/main/tests/qa.team/greet_suite/run", map[string]any{})
	want(t, r, http.StatusOK)
	r.JSON(t, &res)
	if res.State != "FAILED" || len(res.Results) != 2 {
		t.Fatalf("first run: %s", r.Body)
	}
	byName := res.Results[0]
	if byName.TestID != "greets_by_name" || byName.State != "FAILED" || len(byName.AssertionResults) != 2 {
		t.Fatalf("greets_by_name: %+v", byName)
	}
	failed := byName.AssertionResults[0]
	if failed.IsSuccess || failed.Operator != "equalTo" || failed.Actual != "Helo Kestra, code 200" ||
		failed.ErrorMessage != "expected '{{ outputs.greeting.value }}' to equal 'Hello Kestra, code 200' but was 'Helo Kestra, code 200'" {
		t.Errorf("failed assertion %+v", failed)
	}
	if !byName.AssertionResults[1].IsSuccess {
		t.Errorf("fixture outputs: %+v", byName.AssertionResults[1])
	}
	if res.Results[1].State != "SUCCESS" || len(res.Results[1].AssertionResults) != 2 {
		t.Errorf("ends_well: %+v", res.Results[1])
	}
	if !strings.HasSuffix(byName.URL, "/ui/main/executions/qa.team/greet/"+byName.ExecutionID) {
		t.Errorf("url %s", byName.URL)
	}
	// The test execution is a real execution of kind TEST whose mocked task
	// did not run (an HTTP Request fails in the simulator).
	ex := s.get(t, "/api/v1/main/executions/"+byName.ExecutionID)
	want(t, ex, http.StatusOK)
	exm := ex.Map(t)
	if exm["kind"] != "TEST" || exm["state"].(map[string]any)["current"] != "SUCCESS" {
		t.Errorf("test execution %s", ex.Body)
	}
	firstID := res.ID

	fixed := strings.Replace(greetFlowBroken, "Helo", "Hello", 1)
	want(t, s.putYAML(t, "/api/v1/main/flows/qa.team/greet", fixed), http.StatusOK)
	r = s.postJSON(t, "/api/v1/main/tests/qa.team/greet_suite/run", map[string]any{"testCases": []string{"greets_by_name"}})
	want(t, r, http.StatusOK)
	r.JSON(t, &res)
	if res.State != "SUCCESS" || len(res.Results) != 1 || res.Results[0].State != "SUCCESS" {
		t.Fatalf("after the fix: %s", r.Body)
	}
	want(t, s.postJSON(t, "/api/v1/main/tests/qa.team/greet_suite/run", map[string]any{"testCases": []string{"nope"}}), http.StatusNotFound)

	// Results are stored and searchable.
	var page struct {
		Results []runResult `json:"results"`
		Total   int         `json:"total"`
	}
	s.get(t, "/api/v1/main/tests/results/search?testSuiteId=greet_suite&namespace=qa&size=10").JSON(t, &page)
	if page.Total != 2 || page.Results[0].ID != res.ID || page.Results[1].ID != firstID {
		t.Errorf("results search (newest first): %+v", page)
	}
	s.get(t, "/api/v1/main/tests/results/search?flowId=other").JSON(t, &page)
	if page.Total != 0 {
		t.Errorf("flowId filter: %+v", page)
	}
	var got runResult
	s.get(t, "/api/v1/main/tests/results/"+firstID).JSON(t, &got)
	if got.State != "FAILED" {
		t.Errorf("get result %+v", got)
	}
	want(t, s.get(t, "/api/v1/main/tests/results/nope"), http.StatusNotFound)
	var last struct {
		Results []runResult `json:"results"`
	}
	r = s.postJSON(t, "/api/v1/main/tests/results/search/last", map[string]any{"testSuiteIds": []map[string]string{{"namespace": "qa.team", "id": "greet_suite"}, {"namespace": "qa.team", "id": "none"}}})
	want(t, r, http.StatusOK)
	r.JSON(t, &last)
	if len(last.Results) != 1 || last.Results[0].ID != res.ID {
		t.Errorf("last %s", r.Body)
	}
}

func TestTestSuitesCRUDAndBulk(t *testing.T) {
	s := newSim(t)
	fixed := strings.Replace(greetFlowBroken, "Helo", "Hello", 1)
	want(t, s.postYAML(t, "/api/v1/main/flows", fixed), http.StatusOK)
	want(t, s.postYAML(t, "/api/v1/main/flows", strings.Replace(fixed, "namespace: qa.team", "namespace: qa.team.sub", 1)), http.StatusOK)
	sub := strings.Replace(greetSuite, "namespace: qa.team", "namespace: qa.team.sub", 1)

	want(t, s.postYAML(t, "/api/v1/main/tests", greetSuite), http.StatusOK)
	want(t, s.postYAML(t, "/api/v1/main/tests", sub), http.StatusOK)
	r := s.postYAML(t, "/api/v1/main/tests", greetSuite)
	want(t, r, http.StatusUnprocessableEntity)

	// validation: constraints, unknown flow
	r = s.postYAML(t, "/api/v1/main/tests/validate", "id: x\nnamespace: qa.team\n")
	want(t, r, http.StatusOK)
	if c := r.Map(t)["constraints"].(string); !strings.Contains(c, "flowId: must not be null") || !strings.Contains(c, "testCases: must not be empty") {
		t.Errorf("constraints %q", c)
	}
	r = s.postYAML(t, "/api/v1/main/tests/validate", greetSuite)
	if _, has := r.Map(t)["constraints"]; has {
		t.Errorf("valid suite: %s", r.Body)
	}
	r = s.postYAML(t, "/api/v1/main/tests", strings.Replace(greetSuite, "flowId: greet", "flowId: missing", 1))
	want(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Message(t), "Flow with id: 'missing' does not exist on Namespace: 'qa.team'") {
		t.Errorf("unknown flow: %s", r.Message(t))
	}

	// search: namespace with and without children, flowId
	type page struct {
		Results []map[string]any `json:"results"`
		Total   int              `json:"total"`
	}
	var p page
	s.get(t, "/api/v1/main/tests/search?namespace=qa.team").JSON(t, &p)
	if p.Total != 2 {
		t.Errorf("with children: %d", p.Total)
	}
	s.get(t, "/api/v1/main/tests/search?namespace=qa.team&includeChildNamespaces=false&flowId=greet&sort=namespace:desc").JSON(t, &p)
	if p.Total != 1 || p.Results[0]["namespace"] != "qa.team" {
		t.Errorf("without children: %+v", p)
	}

	// update: description changes, id and namespace must match the path
	upd := strings.Replace(greetSuite, "the greeting uses the name", "updated", 1)
	r = s.putYAML(t, "/api/v1/main/tests/qa.team/greet_suite", upd)
	want(t, r, http.StatusOK)
	if r.Map(t)["description"] != "updated" || r.Map(t)["source"] != upd {
		t.Errorf("update %s", r.Body)
	}
	want(t, s.putYAML(t, "/api/v1/main/tests/qa.team/greet_suite", strings.Replace(upd, "id: greet_suite", "id: other", 1)), http.StatusUnprocessableEntity)
	want(t, s.putYAML(t, "/api/v1/main/tests/qa.team/nope", upd), http.StatusNotFound)

	// disable by ids: the source says so, a run is SKIPPED; enable again
	ids := map[string]any{"ids": []map[string]string{{"namespace": "qa.team", "id": "greet_suite"}, {"namespace": "qa.team", "id": "ghost"}}}
	r = s.postJSON(t, "/api/v1/main/tests/disable/by-ids", ids)
	want(t, r, http.StatusOK)
	if r.Map(t)["count"] != 1.0 {
		t.Errorf("disable count %s", r.Body)
	}
	g := s.get(t, "/api/v1/main/tests/qa.team/greet_suite").Map(t)
	if g["disabled"] != true || !strings.HasSuffix(g["source"].(string), "\ndisabled: true") {
		t.Errorf("disabled suite %v", g)
	}
	var res runResult
	s.postJSON(t, "/api/v1/main/tests/qa.team/greet_suite/run", nil).JSON(t, &res)
	if res.State != "SKIPPED" || len(res.Results) != 0 {
		t.Errorf("disabled run %+v", res)
	}
	want(t, s.postJSON(t, "/api/v1/main/tests/enable/by-ids", ids), http.StatusOK)
	if g := s.get(t, "/api/v1/main/tests/qa.team/greet_suite").Map(t); g["disabled"] != false || !strings.HasSuffix(g["source"].(string), "\ndisabled: false\n") {
		t.Errorf("enabled suite %v", g)
	}
	want(t, s.postJSON(t, "/api/v1/main/tests/enable/by-ids", map[string]any{"ids": []any{}}), http.StatusUnprocessableEntity)

	// run by query: both suites under qa.team, only one without children
	var q struct {
		TenantID   string      `json:"tenantId"`
		Suites     int         `json:"numberOfTestSuitesToBeRun"`
		Cases      int         `json:"numberOfTestCasesToBeRun"`
		Results    []runResult `json:"results"`
		RequestMad struct {
			Namespace string `json:"namespace"`
		} `json:"requestMade"`
	}
	r = s.postJSON(t, "/api/v1/main/tests/run", map[string]any{"namespace": "qa.team", "includeChildNamespaces": true})
	want(t, r, http.StatusOK)
	r.JSON(t, &q)
	if q.TenantID != "main" || q.Suites != 2 || q.Cases != 4 || len(q.Results) != 2 || q.RequestMad.Namespace != "qa.team" {
		t.Errorf("run by query %s", r.Body)
	}
	for _, x := range q.Results {
		if x.State != "SUCCESS" {
			t.Errorf("by query result %+v", x)
		}
	}
	r = s.postJSON(t, "/api/v1/main/tests/run", map[string]any{"namespace": "qa.team", "flowId": "greet", "includeChildNamespaces": false})
	r.JSON(t, &q)
	if q.Suites != 1 {
		t.Errorf("without children %s", r.Body)
	}

	// delete by ids, then one by one
	r = s.sendJSON(t, "DELETE", "/api/v1/main/tests/by-ids", map[string]any{"ids": []map[string]string{{"namespace": "qa.team.sub", "id": "greet_suite"}}})
	want(t, r, http.StatusOK)
	if r.Map(t)["count"] != 1.0 {
		t.Errorf("delete by ids %s", r.Body)
	}
	want(t, s.get(t, "/api/v1/main/tests/qa.team.sub/greet_suite"), http.StatusNotFound)
	want(t, s.delete(t, "/api/v1/main/tests/qa.team/greet_suite"), http.StatusOK)
	want(t, s.delete(t, "/api/v1/main/tests/qa.team/greet_suite"), http.StatusNotFound)
	// a deleted suite can be created again
	want(t, s.postYAML(t, "/api/v1/main/tests", greetSuite), http.StatusOK)

	oss := newSim(t, func(o *Options) { o.Edition = "oss" })
	want(t, oss.get(t, "/api/v1/main/tests/search"), http.StatusNotFound)
}

func TestTestSuiteErrors(t *testing.T) {
	s := newSim(t)
	fixed := strings.Replace(greetFlowBroken, "Helo", "Hello", 1)
	want(t, s.postYAML(t, "/api/v1/main/flows", fixed), http.StatusOK)
	suite := `id: errs
namespace: qa.team
flowId: greet
testCases:
  - id: missing_input
    type: io.kestra.core.tests.flow.UnitTest
    assertions:
      - value: "{{ outputs.greeting.value }}"
        isNotNull: true
  - id: unknown_variable
    type: io.kestra.core.tests.flow.UnitTest
    fixtures:
      inputs: {name: x}
      tasks:
        - id: fetch
          state: WARNING
          outputs: {code: 500}
    expectedState: SUCCESS
    assertions:
      - value: "{{ outputs.nothing.value }}"
        equalTo: x
  - id: skipped
    type: io.kestra.core.tests.flow.UnitTest
    disabled: true
    assertions:
      - value: x
        equalTo: x
`
	want(t, s.postYAML(t, "/api/v1/main/tests", suite), http.StatusOK)
	var res runResult
	r := s.postJSON(t, "/api/v1/main/tests/qa.team/errs/run", nil)
	want(t, r, http.StatusOK)
	r.JSON(t, &res)
	if res.State != "ERROR" || len(res.Results) != 3 {
		t.Fatalf("run %s", r.Body)
	}
	if c := res.Results[0]; c.State != "ERROR" || c.ExecutionID != "" || !strings.Contains(c.Errors[0].Message, "missing required input") {
		t.Errorf("missing input %+v", c)
	}
	c := res.Results[1]
	if c.State != "ERROR" || !strings.Contains(c.Errors[0].Message, "Could not evaluate assertion") {
		t.Errorf("unknown variable %+v", c)
	}
	if n := len(c.AssertionResults); n != 1 || c.AssertionResults[0].Operator != "expectedState" || c.AssertionResults[0].IsSuccess || c.AssertionResults[0].Actual != "WARNING" {
		t.Errorf("expected state %+v", c.AssertionResults)
	}
	if res.Results[2].State != "SKIPPED" {
		t.Errorf("disabled case %+v", res.Results[2])
	}
}

// TestTestExecutionsStayOutOfSearches: the executions a test suite runs
// (kind TEST) and their logs are left out of the executions and logs
// searches, as Kestra's repositories leave them out; an explicit kind
// filter finds them, and they stay readable by id.
func TestTestExecutionsStayOutOfSearches(t *testing.T) {
	s := newSim(t)
	want(t, s.postYAML(t, "/api/v1/main/flows", "id: hello\nnamespace: qa.team\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hello from {{ execution.id }}\n"), http.StatusOK)
	want(t, s.postYAML(t, "/api/v1/main/tests", "id: hello_suite\nnamespace: qa.team\nflowId: hello\ntestCases:\n  - id: says_hello\n    type: io.kestra.core.tests.flow.UnitTest\n    assertions:\n      - value: \"{{ execution.state }}\"\n        equalTo: SUCCESS\n"), http.StatusOK)
	var res runResult
	r := s.postJSON(t, "/api/v1/main/tests/qa.team/hello_suite/run", map[string]any{})
	want(t, r, http.StatusOK)
	r.JSON(t, &res)
	if res.State != "SUCCESS" || len(res.Results) != 1 {
		t.Fatalf("run: %s", r.Body)
	}
	testID := res.Results[0].ExecutionID
	normal := s.run(t, "/api/v1/main/executions/qa.team/hello?wait=true", nil).Map(t)["id"].(string)

	ids := func(path string) []string {
		t.Helper()
		var page struct {
			Results []struct {
				ID          string `json:"id"`
				ExecutionID string `json:"executionId"`
			} `json:"results"`
		}
		r := s.get(t, path)
		want(t, r, http.StatusOK)
		r.JSON(t, &page)
		var out []string
		for _, x := range page.Results {
			out = append(out, x.ID+x.ExecutionID)
		}
		return out
	}
	same := func(got []string, want ...string) bool { return strings.Join(got, ",") == strings.Join(want, ",") }
	if got := ids("/api/v1/main/executions/search?namespace=qa.team"); !same(got, normal) {
		t.Errorf("executions search: %v, want only %s", got, normal)
	}
	if got := ids("/api/v1/main/executions/search?filters[kind][EQUALS]=TEST"); !same(got, testID) {
		t.Errorf("kind TEST search: %v, want %s", got, testID)
	}
	if got := ids("/api/v1/main/executions/search?filters[kind][IN]=NORMAL&filters[kind][IN]=TEST"); len(got) != 2 {
		t.Errorf("kind NORMAL or TEST search: %v", got)
	}
	if got := ids("/api/v1/main/logs/search?filters[namespace][EQUALS]=qa.team"); !same(got, normal) {
		t.Errorf("logs search: lines of %v, want only %s", got, normal)
	}
	var lines []struct {
		ExecutionID   string `json:"executionId"`
		ExecutionKind string `json:"executionKind"`
	}
	r = s.get(t, "/api/v1/main/logs/"+testID)
	want(t, r, http.StatusOK)
	r.JSON(t, &lines)
	if len(lines) != 1 || lines[0].ExecutionID != testID || lines[0].ExecutionKind != "TEST" {
		t.Errorf("logs of the test execution: %s", r.Body)
	}
	want(t, s.get(t, "/api/v1/main/executions/"+testID), http.StatusOK)
}
