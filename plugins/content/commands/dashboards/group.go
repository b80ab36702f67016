// Package dashboards is the "dashboards" command group: dashboards as
// code, their validation, and the data of their charts (tables and CSV).
package dashboards

import (
	"context"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Group is "kestractl dashboards".
type Group struct {
	List               List               `cmd:"" aliases:"ls" help:"List dashboards."`
	Get                Get                `cmd:"" aliases:"show" help:"Print a dashboard: its YAML source (table) or the dashboard object (json, yaml)."`
	Create             Create             `cmd:"" help:"Create a dashboard from a YAML file."`
	Update             Update             `cmd:"" help:"Replace a dashboard's source with a YAML file."`
	Delete             Delete             `cmd:"" aliases:"rm" help:"Delete a dashboard (asks first; --yes to skip)."`
	Defaults           Defaults           `cmd:"" help:"Show the tenant's default dashboards (home, flow and namespace overviews)."`
	Validate           Validate           `cmd:"" help:"Validate a dashboard file on the server; exits 1 if it is invalid."`
	ValidateChart      ValidateChart      `cmd:"" name:"validate-chart" help:"Validate a chart file on the server; exits 1 if it is invalid."`
	PreviewChart       PreviewChart       `cmd:"" name:"preview-chart" help:"Show the data of a chart file without saving it."`
	ChartData          ChartData          `cmd:"" name:"chart-data" help:"Show the data of a chart of a dashboard."`
	ExportChartCSV     ExportChartCSV     `cmd:"" name:"export-chart-csv" help:"Export the data of a chart file as CSV."`
	ExportChartDataCSV ExportChartDataCSV `cmd:"" name:"export-chart-data-csv" help:"Export the data of a chart of a dashboard as CSV."`
}

// fail explains an error of the dashboards API. Dashboards exist in both
// editions: a 404 is a missing dashboard or chart, never "Enterprise only".
func fail(_ *plugin.Context, err error, notFound string, args ...any) error {
	if notFound == "" {
		return err
	}
	return kestra.NotFoundAs(err, notFound, args...)
}

func checkID(id string) error { return cmdutil.CheckID("dashboard id", id) }

// dashboard is the dashboard a command names by id.
type dashboard string

// Check refuses an id that cannot name a dashboard.
func (id dashboard) Check() error { return checkID(string(id)) }

// Fail explains an error of a call about the dashboard.
func (id dashboard) Fail(c *plugin.Context, err error) error {
	return fail(c, err, "dashboard %q not found", string(id))
}

// Find reads the dashboard.
func (id dashboard) Find(ctx context.Context, cl *api.Client) (*api.Dashboard, error) {
	_, d, err := cl.GetDashboard(ctx, string(id))
	return d, err
}

// Delete deletes the dashboard.
func (id dashboard) Delete(ctx context.Context, cl *api.Client) error {
	return cl.DeleteDashboard(ctx, string(id))
}
