package server

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
)

const dashboardYAML = `id: ops
title: Operations
description: executions per state
timeWindow:
  default: P7D
charts:
  - id: by_state
    type: io.kestra.plugin.core.dashboard.chart.Pie
    chartOptions:
      displayName: By state
    data:
      type: io.kestra.plugin.core.dashboard.data.Executions
      columns:
        state:
          field: STATE
        total:
          field: ID
          agg: COUNT
  - id: per_flow
    type: io.kestra.plugin.core.dashboard.chart.Table
    data:
      type: io.kestra.plugin.core.dashboard.data.Executions
      columns:
        namespace:
          field: NAMESPACE
        flow:
          field: FLOW_ID
        total:
          agg: COUNT
      orderBy:
        - column: flow
          order: ASC
  - id: notes
    type: io.kestra.plugin.core.dashboard.chart.Markdown
    content: "# Notes"
`

// runFlows deploys two flows, one failing, and runs them to the end: 2
// successes in ops.a, 1 failure in ops.b.
func runFlows(t *testing.T, s *sim) {
	t.Helper()
	ok := "id: ok\nnamespace: ops.a\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: fine\n"
	ko := "id: ko\nnamespace: ops.b\ntasks:\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n"
	want(t, s.postYAML(t, "/api/v1/main/flows", ok), http.StatusOK)
	want(t, s.postYAML(t, "/api/v1/main/flows", ko), http.StatusOK)
	for _, p := range []string{"ops.a/ok", "ops.a/ok", "ops.b/ko"} {
		want(t, s.run(t, "/api/v1/main/executions/"+p+"?wait=true", nil), http.StatusOK)
	}
}

type chartPage struct {
	Results []map[string]any `json:"results"`
	Total   int              `json:"total"`
}

func TestDashboards(t *testing.T) {
	s := newSim(t)
	runFlows(t, s)

	r := s.postYAML(t, "/api/v1/main/dashboards", dashboardYAML)
	want(t, r, http.StatusOK)
	d := r.Map(t)
	if d["sourceCode"] != dashboardYAML || d["timeWindow"].(map[string]any)["default"] != "PT168H" || len(d["charts"].([]any)) != 3 {
		t.Fatalf("created %s", r.Body)
	}
	want(t, s.postYAML(t, "/api/v1/main/dashboards", dashboardYAML), http.StatusUnprocessableEntity)
	want(t, s.postYAML(t, "/api/v1/main/dashboards", strings.Replace(dashboardYAML, "id: ops", "id: _default", 1)), http.StatusUnprocessableEntity)

	// chart data from the executions the simulator holds
	var p chartPage
	decode := func(r *resp) { t.Helper(); p = chartPage{}; r.JSON(t, &p) }
	r = s.postJSON(t, "/api/v1/main/dashboards/ops/charts/by_state", map[string]any{})
	want(t, r, http.StatusOK)
	r.JSON(t, &p)
	if p.Total != 2 || p.Results[0]["state"] != "FAILED" || p.Results[0]["total"] != 1.0 || p.Results[1]["total"] != 2.0 {
		t.Errorf("by state %s", r.Body)
	}
	decode(s.postJSON(t, "/api/v1/main/dashboards/ops/charts/by_state", map[string]any{"namespace": "ops.a"}))
	if p.Total != 1 || p.Results[0]["state"] != "SUCCESS" {
		t.Errorf("namespace override %+v", p)
	}
	decode(s.postJSON(t, "/api/v1/main/dashboards/ops/charts/per_flow", map[string]any{
		"filters": []map[string]any{{"field": "flowId", "operation": "EQUALS", "value": "ko"}}}))
	if p.Total != 1 || p.Results[0]["flow"] != "ko" {
		t.Errorf("flowId filter %+v", p)
	}
	decode(s.postJSON(t, "/api/v1/main/dashboards/ops/charts/per_flow", map[string]any{"pageSize": 1, "pageNumber": 2}))
	if p.Total != 2 || len(p.Results) != 1 || p.Results[0]["flow"] != "ok" {
		t.Errorf("paging %+v", p)
	}
	decode(s.postJSON(t, "/api/v1/main/dashboards/ops/charts/by_state", map[string]any{"startDate": "2000-01-01T00:00:00Z", "endDate": "2000-01-02T00:00:00Z"}))
	if p.Total != 0 {
		t.Errorf("time range %+v", p)
	}
	want(t, s.postJSON(t, "/api/v1/main/dashboards/ops/charts/notes", map[string]any{}), http.StatusUnprocessableEntity)
	want(t, s.postJSON(t, "/api/v1/main/dashboards/ops/charts/nope", map[string]any{}), http.StatusNotFound)

	// CSV export, header of column keys
	r = s.postJSON(t, "/api/v1/main/dashboards/ops/charts/per_flow/export/to-csv", map[string]any{})
	want(t, r, http.StatusOK)
	rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	if err != nil || len(rows) != 3 || strings.Join(rows[0], ",") != "namespace,flow,total" || strings.Join(rows[1], ",") != "ops.b,ko,1" {
		t.Errorf("csv %q %v", r.Body, err)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "per_flow.csv") {
		t.Errorf("disposition %q", cd)
	}

	// preview and export of a chart that is not saved
	kpi := "id: k\ntype: io.kestra.plugin.core.dashboard.chart.KPI\ndata:\n  type: io.kestra.plugin.core.dashboard.data.ExecutionsKPI\n  columns: {field: ID, agg: COUNT}\n  numerator:\n    - {type: EQUAL_TO, field: STATE, value: FAILED}\n"
	r = s.postJSON(t, "/api/v1/main/dashboards/charts/preview", map[string]any{"chart": kpi})
	want(t, r, http.StatusOK)
	r.JSON(t, &p)
	if p.Total != 1 || p.Results[0]["value"] != 33.33 {
		t.Errorf("kpi preview %s", r.Body)
	}
	r = s.postJSON(t, "/api/v1/main/dashboards/charts/export/to-csv", map[string]any{"chart": kpi, "globalFilter": map[string]any{"namespace": "ops.b"}})
	want(t, r, http.StatusOK)
	if string(r.Body) != "value\n100\n" {
		t.Errorf("kpi csv %q", r.Body)
	}
	want(t, s.postJSON(t, "/api/v1/main/dashboards/charts/preview", map[string]any{"chart": "id: x\ntype: nope\n"}), http.StatusUnprocessableEntity)

	// validation of dashboards and charts
	r = s.postYAML(t, "/api/v1/main/dashboards/validate", "title: t\n")
	if c, _ := r.Map(t)["constraints"].(string); !strings.Contains(c, "id: must not be blank") {
		t.Errorf("validate %s", r.Body)
	}
	r = s.postYAML(t, "/api/v1/main/dashboards/validate/chart", "id: c\ntype: io.kestra.plugin.core.dashboard.chart.Table\ndata:\n  type: io.kestra.plugin.core.dashboard.data.Executions\n  columns:\n    x: {field: NOPE}\n")
	if c, _ := r.Map(t)["constraints"].(string); !strings.Contains(c, "Invalid field 'NOPE'") {
		t.Errorf("validate chart %s", r.Body)
	}
	if _, has := s.postYAML(t, "/api/v1/main/dashboards/validate", dashboardYAML).Map(t)["constraints"]; has {
		t.Error("a valid dashboard has constraints")
	}

	// the built-in default dashboard, list, update, delete
	r = s.get(t, "/api/v1/main/dashboards/_default")
	want(t, r, http.StatusOK)
	if r.Map(t)["id"] != "_default" {
		t.Errorf("default %s", r.Body)
	}
	p = chartPage{}
	decode(s.postJSON(t, "/api/v1/main/dashboards/_default/charts/executions_by_namespace", map[string]any{}))
	if p.Total != 2 || p.Results[0]["namespace"] != "ops.a" || p.Results[0]["total"] != 2.0 {
		t.Errorf("default chart %+v", p)
	}
	decode(s.postJSON(t, "/api/v1/main/dashboards/_default/charts/logs_by_level", map[string]any{}))
	if p.Total == 0 {
		t.Errorf("logs chart %+v", p)
	}
	want(t, s.postYAML(t, "/api/v1/main/dashboards", strings.Replace(dashboardYAML, "id: ops", "id: other\n", 1)), http.StatusOK)
	var list chartPage
	s.get(t, "/api/v1/main/dashboards?q=operations&sort=id:desc").JSON(t, &list)
	if list.Total != 2 || list.Results[0]["id"] != "other" {
		t.Errorf("search %+v", list)
	}
	r = s.putYAML(t, "/api/v1/main/dashboards/ops", strings.Replace(dashboardYAML, "title: Operations", "title: Ops", 1))
	want(t, r, http.StatusOK)
	if r.Map(t)["title"] != "Ops" {
		t.Errorf("update %s", r.Body)
	}
	want(t, s.putYAML(t, "/api/v1/main/dashboards/ops", strings.Replace(dashboardYAML, "id: ops", "id: x", 1)), http.StatusUnprocessableEntity)
	want(t, s.delete(t, "/api/v1/main/dashboards/ops"), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/dashboards/ops"), http.StatusNotFound)

	// default dashboards of the tenant (settings are Enterprise, super-admin)
	if m := s.get(t, "/api/v1/main/dashboards/settings/default-dashboards").Map(t); len(m) != 0 {
		t.Errorf("unset defaults %v", m)
	}
	want(t, s.postJSON(t, "/api/v1/tenants/main/settings/default-dashboards", map[string]any{"defaultHomeDashboard": "ghost"}), http.StatusUnprocessableEntity)
	want(t, s.postJSON(t, "/api/v1/tenants/main/settings/default-dashboards", map[string]any{"defaultHomeDashboard": "other", "defaultFlowOverviewDashboard": "_default"}), http.StatusOK)
	if m := s.get(t, "/api/v1/main/dashboards/settings/default-dashboards").Map(t); m["defaultHomeDashboard"] != "other" {
		t.Errorf("defaults %v", m)
	}
	if m := s.get(t, "/api/v1/tenants/main/settings/default-dashboards").Map(t); m["defaultFlowOverviewDashboard"] != "_default" {
		t.Errorf("tenant defaults %v", m)
	}
	want(t, s.get(t, "/api/v1/tenants/nope/settings/default-dashboards"), http.StatusNotFound)

	oss := newSim(t, func(o *Options) { o.Edition = "oss" })
	want(t, oss.get(t, "/api/v1/main/dashboards"), http.StatusOK)
	want(t, oss.get(t, "/api/v1/tenants/main/settings/default-dashboards"), http.StatusNotFound)
}
