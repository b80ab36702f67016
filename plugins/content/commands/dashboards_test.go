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

const opsDashboard = `id: ops
title: Operations
timeWindow:
  default: P7D
charts:
  - id: by_state
    type: io.kestra.plugin.core.dashboard.chart.Table
    data:
      type: io.kestra.plugin.core.dashboard.data.Executions
      columns:
        state:
          field: STATE
        total:
          field: ID
          agg: COUNT
`

const byNamespaceChart = `id: by_ns
type: io.kestra.plugin.core.dashboard.chart.Table
data:
  type: io.kestra.plugin.core.dashboard.data.Executions
  columns:
    namespace:
      field: NAMESPACE
    total:
      agg: COUNT
`

func TestDashboards(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	deployFlow(t, url, "id: ok\nnamespace: ops.a\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: fine\n")
	for i := 0; i < 3; i++ {
		startExecution(t, url, "ops.a", "ok")
	}
	dir := write(t, map[string]string{"ops.yaml": opsDashboard, "chart.yaml": byNamespaceChart, "bad.yaml": "id: x\ntitle: X\ncharts:\n  - id: c\n    type: nope\n",
		"filters.yaml": "namespace: ops.a\n"})
	f := func(n string) string { return filepath.Join(dir, n) }

	run(t, opts(url), "dashboards", "validate", "--file", f("ops.yaml")).Report(t)
	r := plugintest.Run(t, contentPlugin(), opts(url), "dashboards", "validate", "--file", f("bad.yaml"))
	if rep := r.Report(t); r.Code() != cmderr.Generic || rep.Results[0]["status"] != "invalid" {
		t.Fatalf("invalid dashboard: %v %+v", r.Err, rep)
	}
	run(t, opts(url), "dashboards", "validate-chart", "--file", f("chart.yaml")).Report(t)

	if m := run(t, opts(url), "dashboards", "create", "--file", f("ops.yaml")).Object(t); m["id"] != "ops" {
		t.Fatalf("create %v", m)
	}
	if r := run(t, tableOpts(url), "dashboards", "get", "ops"); r.Stdout != opsDashboard {
		t.Fatalf("get %q", r.Stdout)
	}
	r = run(t, opts(url), "dashboards", "list")
	if len(r.Records) < 1 {
		t.Fatalf("list %v", r.Records)
	}
	os.WriteFile(f("ops.yaml"), []byte(strings.Replace(opsDashboard, "Operations", "Ops", 1)), 0o644)
	if m := run(t, opts(url), "dashboards", "update", "ops", "--file", f("ops.yaml")).Object(t); m["title"] != "Ops" {
		t.Fatalf("update %v", m)
	}
	run(t, opts(url), "dashboards", "defaults").Object(t)

	// Chart data: a table whose columns are the chart's.
	r = run(t, tableOpts(url), "dashboards", "chart-data", "ops", "by_state")
	if len(r.Columns) != 2 || r.Columns[0].Header != "STATE" || r.Columns[1].Header != "TOTAL" || len(r.Records) != 1 ||
		fmt.Sprint(r.Records[0]["total"]) != "3" {
		t.Fatalf("chart data %v %v", r.Columns, r.Records)
	}
	if r := plugintest.Run(t, contentPlugin(), opts(url), "dashboards", "chart-data", "ops", "nope"); r.Code() != cmderr.NotFound {
		t.Fatalf("unknown chart: %v", r.Err)
	}
	r = run(t, tableOpts(url), "dashboards", "preview-chart", "--file", f("chart.yaml"), "-n", "ops.a")
	if len(r.Records) != 1 || r.Records[0]["namespace"] != "ops.a" || r.Footer != "1 rows" {
		t.Fatalf("preview %v %q", r.Records, r.Footer)
	}
	r = run(t, opts(url), "dashboards", "preview-chart", "--file", f("chart.yaml"), "--filters", f("filters.yaml"), "--since", "1d")
	if m := r.Object(t); m["total"] != 1.0 {
		t.Fatalf("preview json %v", m)
	}
	csvFile := f("out.csv")
	run(t, opts(url), "dashboards", "export-chart-data-csv", "ops", "by_state", "--output-file", csvFile)
	if b, _ := os.ReadFile(csvFile); !strings.HasPrefix(string(b), "state,total\n") {
		t.Fatalf("csv %q", b)
	}
	if r := run(t, tableOpts(url), "dashboards", "export-chart-csv", "--file", f("chart.yaml")); !strings.HasPrefix(r.Stdout, "namespace,total\n") {
		t.Fatalf("csv stdout %q", r.Stdout)
	}

	o := opts(url)
	o.AssumeYes = true
	if m := run(t, o, "dashboards", "delete", "ops").Object(t); m["status"] != "deleted" {
		t.Fatalf("delete %v", m)
	}
	if r := plugintest.Run(t, contentPlugin(), o, "dashboards", "get", "ops"); r.Code() != cmderr.NotFound {
		t.Fatalf("deleted: %v", r.Err)
	}
}
