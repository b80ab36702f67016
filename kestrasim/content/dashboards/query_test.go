package dashboards

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC)

func execs() []record {
	mk := func(id, ns, flow, state string, start time.Duration, dur float64, labels map[string]string) record {
		s := t0.Add(start)
		return record{"ID": id, "NAMESPACE": ns, "FLOW_ID": flow, "STATE": state, "START_DATE": s,
			"END_DATE": s.Add(time.Duration(dur * float64(time.Second))), "DURATION": dur, "FLOW_REVISION": int64(1), "LABELS": labels}
	}
	return []record{
		mk("e1", "a", "f1", "SUCCESS", 0, 2, map[string]string{"team": "data"}),
		mk("e2", "a", "f1", "FAILED", 30*time.Minute, 4, nil),
		mk("e3", "a.b", "f2", "SUCCESS", 2*time.Hour, 7, map[string]string{"team": "ops"}),
		mk("e4", "c", "f3", "SUCCESS", 26*time.Hour, 8, nil),
	}
}

func chart(t *testing.T, src string) *Chart {
	t.Helper()
	c, vs := ParseChart([]byte(src))
	if len(vs) > 0 {
		t.Fatalf("chart: %s", vs.Constraints())
	}
	return c
}

func TestComputeCharts(t *testing.T) {
	day := Query{Start: t0.Add(-time.Hour), End: t0.Add(23 * time.Hour)}
	week := Query{Start: t0.Add(-time.Hour), End: t0.Add(7 * 24 * time.Hour)}
	cases := []struct {
		name, chart, data string
		// body is the rest of the data block.
		body string
		q    Query
		want []map[string]any
	}{
		{"count by state", "Pie", "Executions", `  columns:
    state: {field: STATE}
    total: {field: ID, agg: COUNT}
`, day, []map[string]any{{"state": "FAILED", "total": int64(1)}, {"state": "SUCCESS", "total": int64(2)}}},
		{"per namespace with filter and order", "Bar", "Executions", `  columns:
    ns: {field: NAMESPACE}
    total: {agg: COUNT}
    duration: {field: DURATION, agg: SUM}
  where:
    - {type: PREFIX, field: NAMESPACE, value: a}
  orderBy:
    - {column: duration, order: DESC}
`, week, []map[string]any{{"ns": "a.b", "total": int64(1), "duration": 7.0}, {"ns": "a", "total": int64(2), "duration": 6.0}}},
		{"time series by hour over a day", "TimeSeries", "Executions", `  columns:
    date: {field: START_DATE}
    total: {agg: COUNT}
`, day, []map[string]any{{"date": "2025-03-10T08:00:00Z", "total": int64(2)}, {"date": "2025-03-10T10:00:00Z", "total": int64(1)}}},
		{"time series by day over a week", "TimeSeries", "Executions", `  columns:
    date: {field: START_DATE}
    total: {agg: COUNT}
`, week, []map[string]any{{"date": "2025-03-10T00:00:00Z", "total": int64(3)}, {"date": "2025-03-11T00:00:00Z", "total": int64(1)}}},
		{"table without aggregation, label column, OR", "Table", "Executions", `  columns:
    id: {field: ID}
    team: {field: LABELS, labelKey: team}
  where:
    - type: OR
      values:
        - {type: EQUAL_TO, field: STATE, value: FAILED}
        - {type: EQUAL_TO, field: LABELS, labelKey: team, value: ops}
  orderBy:
    - {column: id, order: DESC}
`, week, []map[string]any{{"id": "e3", "team": "ops"}, {"id": "e2", "team": nil}}},
		{"KPI ratio", "KPI", "ExecutionsKPI", `  columns: {field: ID, agg: COUNT}
  numerator:
    - {type: IN, field: STATE, values: [SUCCESS]}
`, week, []map[string]any{{"value": 75.0}}},
		{"KPI count with override", "KPI", "ExecutionsKPI", `  columns: {field: ID, agg: COUNT}
  where:
    - {type: EQUAL_TO, field: NAMESPACE, value: c}
`, Query{Start: week.Start, End: week.End, Overrides: []Filter{{Type: "PREFIX", Field: "NAMESPACE", Value: "a"}}}, []map[string]any{{"value": 3.0}}},
		{"explicit end date bounds the end of executions", "KPI", "ExecutionsKPI", `  columns: {field: ID, agg: COUNT}
`, Query{Start: t0.Add(-time.Hour), End: t0.Add(30*time.Minute + 2*time.Second), EndGiven: true}, []map[string]any{{"value": 1.0}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "id: c\ntype: io.kestra.plugin.core.dashboard.chart." + c.chart +
				"\ndata:\n  type: io.kestra.plugin.core.dashboard.data." + c.data + "\n" + c.body
			got := Compute(chart(t, src), execs(), c.q)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %v\nwant %v", got, c.want)
			}
		})
	}
}

func TestGroupBy(t *testing.T) {
	for _, c := range []struct {
		span time.Duration
		want string
	}{{time.Hour, "MINUTE"}, {7 * time.Hour, "HOUR"}, {2 * 24 * time.Hour, "DAY"}, {200 * 24 * time.Hour, "WEEK"}, {400 * 24 * time.Hour, "MONTH"}} {
		if got := groupBy(c.span); got != c.want {
			t.Errorf("%s: %s, want %s", c.span, got, c.want)
		}
	}
	if got := bucket(time.Date(2025, 3, 13, 5, 4, 3, 0, time.UTC), "WEEK"); !got.Equal(time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("week bucket %s", got)
	}
}

func TestParseDashboard(t *testing.T) {
	d, src := defaultDashboard()
	if d.ID != DefaultID || !strings.HasPrefix(src, "id: _default\n") || len(d.Charts) < 5 || d.TimeWindow.Default != "PT24H" {
		t.Fatalf("default dashboard %+v", d)
	}
	if cols := d.Charts[3].Data.Columns; cols[0].Key != "date" || cols[3].Key != "duration" {
		t.Errorf("column order %+v", cols)
	}
	bad := []struct{ src, want string }{
		{"title: t\n", "id: must not be blank"},
		{"id: d\ntitle: t\ntimeWindow: {default: P400D}\n", "Time window can't be more than 1 year"},
		{"id: d\ntitle: t\ntimeWindow: {default: P10D, max: P5D}\n", "default can't be greater than max"},
		{"id: d\ntitle: t\ncharts:\n  - id: x\n    type: io.kestra.plugin.core.dashboard.chart.Radar\n", "charts[0].type: Invalid type"},
		{"id: d\ntitle: t\ncharts:\n  - id: x\n    type: io.kestra.plugin.core.dashboard.chart.Table\n    data:\n      type: io.kestra.plugin.core.dashboard.data.Executions\n      columns:\n        s: {field: COLOR}\n", "Invalid field 'COLOR'"},
		{"id: d\ntitle: t\ncharts:\n  - id: x\n    type: io.kestra.plugin.core.dashboard.chart.KPI\n    data:\n      type: io.kestra.plugin.core.dashboard.data.Executions\n      columns:\n        s: {field: ID}\n", "a KPI chart needs KPI data"},
		{"id: d\ntitle: t\ncharts:\n  - id: x\n    type: io.kestra.plugin.core.dashboard.chart.Table\n    data:\n      type: io.kestra.plugin.core.dashboard.data.Executions\n      columns:\n        s: {field: ID, agg: MEDIAN}\n      where:\n        - {type: LIKE, field: ID}\n", "Invalid aggregation 'MEDIAN'"},
	}
	for _, b := range bad {
		_, vs := Parse([]byte(b.src))
		if !strings.Contains(vs.Constraints(), b.want) {
			t.Errorf("%q: %q, want %q", b.src, vs.Constraints(), b.want)
		}
	}
}
