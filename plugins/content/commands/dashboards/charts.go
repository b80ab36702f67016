package dashboards

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/download"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// OverrideFlags are the global filters of a chart's data (Kestra's
// ChartFiltersOverrides): a file holding them, and shortcuts that win over
// it.
type OverrideFlags struct {
	Filters              string `name:"filters" placeholder:"FILE" completer:"file" help:"A YAML or JSON file of ChartFiltersOverrides (namespace, labels, startDate, endDate, filters, pageSize, pageNumber)."`
	plugin.NamespaceFlag `embed:""`
	plugin.LabelFlag     `embed:""`
	plugin.TimeFlags     `embed:""`
	Page                 int `placeholder:"N" help:"Page N of the rows (1-based)."`
	Size                 int `placeholder:"N" help:"Rows per page."`
}

// overrides builds the ChartFiltersOverrides body (nil: none).
func (o *OverrideFlags) overrides(c *plugin.Context, file string) (map[string]any, error) {
	m := map[string]any{}
	if file != "" {
		b, err := os.ReadFile(c.Path(file))
		if err != nil {
			return nil, cmderr.Usagef("cannot read the filters file %s: %v", file, err)
		}
		if err := yaml.Unmarshal(b, &m); err != nil {
			return nil, cmderr.Usagef("the filters file %s is not YAML or JSON: %v", file, err)
		}
		if m == nil {
			m = map[string]any{}
		}
	}
	if o.Namespace != "" {
		if err := plugin.ValidateNamespace(o.Namespace); err != nil {
			return nil, err
		}
		m["namespace"] = o.Namespace
	}
	if len(o.Label) > 0 {
		fs, err := o.LabelFlag.Filters()
		if err != nil {
			return nil, err
		}
		labels := map[string]any{}
		for _, f := range fs {
			labels[f.Key] = f.Values[0]
		}
		m["labels"] = labels
	}
	for _, b := range []struct{ flag, value, key string }{{"--since", o.Since, "startDate"}, {"--until", o.Until, "endDate"}} {
		if b.value == "" {
			continue
		}
		t, err := plugin.ParseTime(b.value, time.Now())
		if err != nil {
			return nil, cmderr.Usagef("invalid %s %q: %v", b.flag, b.value, err)
		}
		m[b.key] = t.UTC().Format(time.RFC3339)
	}
	if o.Page < 0 || o.Size < 0 {
		return nil, cmderr.Usagef("--page and --size must be at least 1")
	}
	if o.Page > 0 {
		m["pageNumber"] = o.Page
	}
	if o.Size > 0 {
		m["pageSize"] = o.Size
	}
	if len(m) == 0 {
		return nil, nil
	}
	return m, nil
}

// showData prints a chart's rows: the server's page with -o json, else a
// table whose columns are the chart's columns.
func showData(c *plugin.Context, raw json.RawMessage, d *api.ChartData) error {
	if c.Structured() {
		return c.Object(raw)
	}
	keys := columnKeys(d.Results)
	cols := make([]plugin.Column, len(keys))
	for i, k := range keys {
		cols[i] = plugin.Col(strings.ToUpper(k), k)
	}
	t := c.Table(cols...)
	for _, row := range d.Results {
		if err := t.Add(row); err != nil {
			return err
		}
	}
	n := int64(len(d.Results))
	var footer string
	switch {
	case n == 0:
		footer = "No rows"
	case n < d.Total:
		footer = fmt.Sprintf("Showing %s of %s rows; use --page and --size", humanize.Comma(n), humanize.Comma(d.Total))
	default:
		footer = fmt.Sprintf("%s rows", humanize.Comma(n))
	}
	return t.Close(footer)
}

// columnKeys lists the keys of the rows in the order the server sent them
// (the first row's order, then keys first seen later).
func columnKeys(rows []json.RawMessage) []string {
	var keys []string
	seen := map[string]bool{}
	for _, row := range rows {
		dec := json.NewDecoder(bytes.NewReader(row))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			continue
		}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			k, _ := tok.(string)
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				break
			}
		}
	}
	return keys
}

// PreviewChart is "dashboards preview-chart --file CHART".
type PreviewChart struct {
	File          string `short:"f" required:"" completer:"file" help:"The chart's YAML file (- reads stdin)."`
	OverrideFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*PreviewChart) Examples() []string {
	return []string{"kestractl dashboards preview-chart --file charts/by_state.yaml", "kestractl dashboards preview-chart -f charts/by_state.yaml -n company.team --since 7d -o json"}
}

// Run previews the chart.
func (p *PreviewChart) Run(c *plugin.Context) error {
	src, err := cmdutil.ReadSource(c, p.File, "chart")
	if err != nil {
		return err
	}
	ov, err := p.overrides(c, p.Filters)
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, d, err := cl.PreviewChart(c, src, ov)
	if err != nil {
		return fail(c, err, "")
	}
	return showData(c, raw, d)
}

// ChartData is "dashboards chart-data <dashboard> <chart>".
type ChartData struct {
	Dashboard     string `arg:"" completer:"dashboard" help:"The dashboard's id."`
	Chart         string `arg:"" help:"The chart's id in the dashboard."`
	File          string `short:"f" placeholder:"FILE" completer:"file" help:"A YAML or JSON file of filters (as --filters)."`
	OverrideFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*ChartData) Examples() []string {
	return []string{"kestractl dashboards chart-data ops by_state", "kestractl dashboards chart-data ops per_flow -n company.team --since 24h --size 50 -o json"}
}

// Run shows the chart's data.
func (cd *ChartData) Run(c *plugin.Context) error {
	if err := checkID(cd.Dashboard); err != nil {
		return err
	}
	if err := cmdutil.CheckID("chart id", cd.Chart); err != nil {
		return err
	}
	ov, err := cd.overrides(c, firstOf(cd.File, cd.Filters))
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, d, err := cl.ChartDataOf(c, cd.Dashboard, cd.Chart, ov)
	if err != nil {
		return fail(c, err, "chart %q not found in dashboard %q", cd.Chart, cd.Dashboard)
	}
	return showData(c, raw, d)
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// ExportChartCSV is "dashboards export-chart-csv --file CHART".
type ExportChartCSV struct {
	File          string `short:"f" required:"" completer:"file" help:"The chart's YAML file (- reads stdin)."`
	OutputFile    string `short:"O" name:"output-file" placeholder:"FILE" completer:"file" help:"Write the CSV to FILE (atomically) instead of stdout."`
	OverrideFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*ExportChartCSV) Examples() []string {
	return []string{"kestractl dashboards export-chart-csv --file charts/by_state.yaml --output-file by_state.csv"}
}

// Run exports the chart's data.
func (e *ExportChartCSV) Run(c *plugin.Context) error {
	src, err := cmdutil.ReadSource(c, e.File, "chart")
	if err != nil {
		return err
	}
	ov, err := e.overrides(c, e.Filters)
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	return output(c, e.OutputFile, func(ctx context.Context) (*http.Response, error) { return cl.ExportChartCSV(ctx, src, ov) },
		func(err error) error { return fail(c, err, "") })
}

// ExportChartDataCSV is "dashboards export-chart-data-csv <dashboard> <chart>".
type ExportChartDataCSV struct {
	Dashboard     string `arg:"" completer:"dashboard" help:"The dashboard's id."`
	Chart         string `arg:"" help:"The chart's id in the dashboard."`
	File          string `short:"f" placeholder:"FILE" completer:"file" help:"A YAML or JSON file of filters (as --filters)."`
	OutputFile    string `short:"O" name:"output-file" placeholder:"FILE" completer:"file" help:"Write the CSV to FILE (atomically) instead of stdout."`
	OverrideFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*ExportChartDataCSV) Examples() []string {
	return []string{"kestractl dashboards export-chart-data-csv ops per_flow --output-file per_flow.csv", "kestractl dashboards export-chart-data-csv ops per_flow --since 30d > per_flow.csv"}
}

// Run exports the chart's data.
func (e *ExportChartDataCSV) Run(c *plugin.Context) error {
	if err := checkID(e.Dashboard); err != nil {
		return err
	}
	if err := cmdutil.CheckID("chart id", e.Chart); err != nil {
		return err
	}
	ov, err := e.overrides(c, firstOf(e.File, e.Filters))
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	return output(c, e.OutputFile, func(ctx context.Context) (*http.Response, error) {
		return cl.ExportChartDataCSV(ctx, e.Dashboard, e.Chart, ov)
	}, func(err error) error { return fail(c, err, "chart %q not found in dashboard %q", e.Chart, e.Dashboard) })
}

// output downloads a CSV export (open asks for it) to stdout or FILE;
// explain words the server's errors.
func output(c *plugin.Context, file string, open func(context.Context) (*http.Response, error), explain func(error) error) error {
	err := cmdutil.Output(c, download.Download{Output: file, What: "CSV file",
		Open: func(ctx context.Context, _ int64, _ string) (*http.Response, error) { return open(ctx) }}, "CSV files")
	if err != nil {
		return explain(err)
	}
	return nil
}
