package dashboards

import (
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	_, src := defaultDashboard()
	f.Add(src)
	f.Add("id: d\ntitle: t\ncharts:\n  - id: c\n    type: io.kestra.plugin.core.dashboard.chart.Table\n    data:\n      type: io.kestra.plugin.core.dashboard.data.Executions\n      columns: {a: {field: STATE}}\n      where: [{type: OR, values: [{type: IN, field: STATE, values: [A]}]}]\n")
	f.Fuzz(func(t *testing.T, src string) {
		d, vs := Parse([]byte(src))
		if len(vs) > 0 || d == nil {
			return
		}
		q := Query{Start: t0.Add(-time.Hour), End: t0.Add(48 * time.Hour)}
		for _, c := range d.Charts {
			if c.Data != nil {
				Compute(c, execs(), q)
			}
		}
	})
}
