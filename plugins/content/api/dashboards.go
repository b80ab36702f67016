package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// Dashboard is the part of a DashboardResponse the commands read.
type Dashboard struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	SourceCode string `json:"sourceCode"`
}

// ChartData is PagedResults_Map_String.Object_: the rows of a chart.
type ChartData struct {
	Results []json.RawMessage `json:"results"`
	Total   int64             `json:"total"`
}

// DashboardsPath is the dashboard list endpoint.
func (c *Client) DashboardsPath() string { return c.path("dashboards") }

// GetDashboard reads a dashboard.
func (c *Client) GetDashboard(ctx context.Context, id string) (json.RawMessage, *Dashboard, error) {
	raw, err := c.get(ctx, c.path("dashboards", id), nil)
	if err != nil {
		return nil, nil, err
	}
	d, err := decode[Dashboard](raw)
	return raw, &d, err
}

// CreateDashboard creates a dashboard from its YAML source.
func (c *Client) CreateDashboard(ctx context.Context, src []byte) (json.RawMessage, *Dashboard, error) {
	raw, err := c.sendYAML(ctx, http.MethodPost, c.path("dashboards"), nil, src)
	if err != nil {
		return nil, nil, err
	}
	d, err := decode[Dashboard](raw)
	return raw, &d, err
}

// UpdateDashboard replaces a dashboard's source.
func (c *Client) UpdateDashboard(ctx context.Context, id string, src []byte) (json.RawMessage, *Dashboard, error) {
	raw, err := c.sendYAML(ctx, http.MethodPut, c.path("dashboards", id), nil, src)
	if err != nil {
		return nil, nil, err
	}
	d, err := decode[Dashboard](raw)
	return raw, &d, err
}

// DeleteDashboard deletes a dashboard.
func (c *Client) DeleteDashboard(ctx context.Context, id string) error {
	return c.del(ctx, c.path("dashboards", id))
}

// DefaultDashboards answers the tenant's DashboardSettings.
func (c *Client) DefaultDashboards(ctx context.Context) (json.RawMessage, error) {
	return c.get(ctx, c.path("dashboards", "settings", "default-dashboards"), nil)
}

// ValidateDashboard validates a dashboard source.
func (c *Client) ValidateDashboard(ctx context.Context, src []byte) (*Validation, error) {
	return c.validate(ctx, c.path("dashboards", "validate"), src)
}

// ValidateChart validates a chart source.
func (c *Client) ValidateChart(ctx context.Context, src []byte) (*Validation, error) {
	return c.validate(ctx, c.path("dashboards", "validate", "chart"), src)
}

// PreviewChart computes the data of a chart that is not saved.
// overrides is a ChartFiltersOverrides (nil: none).
func (c *Client) PreviewChart(ctx context.Context, chart []byte, overrides map[string]any) (json.RawMessage, *ChartData, error) {
	raw, err := c.sendJSON(ctx, http.MethodPost, c.path("dashboards", "charts", "preview"), nil, previewBody(chart, overrides), true)
	return chartData(raw, err)
}

// ChartDataOf computes the data of a chart of a dashboard.
func (c *Client) ChartDataOf(ctx context.Context, dashboard, chart string, overrides map[string]any) (json.RawMessage, *ChartData, error) {
	raw, err := c.sendJSON(ctx, http.MethodPost, c.path("dashboards", dashboard, "charts", chart), nil, orEmpty(overrides), true)
	return chartData(raw, err)
}

// ExportChartCSV streams the CSV of a chart that is not saved.
func (c *Client) ExportChartCSV(ctx context.Context, chart []byte, overrides map[string]any) (*http.Response, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.path("dashboards", "charts", "export", "to-csv"), Idempotent: true, Accept: "application/octet-stream"}
	if err := req.JSONBody(previewBody(chart, overrides)); err != nil {
		return nil, err
	}
	return c.open(ctx, req)
}

// ExportChartDataCSV streams the CSV of a chart of a dashboard.
func (c *Client) ExportChartDataCSV(ctx context.Context, dashboard, chart string, overrides map[string]any) (*http.Response, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.path("dashboards", dashboard, "charts", chart, "export", "to-csv"), Idempotent: true, Accept: "application/octet-stream"}
	if err := req.JSONBody(orEmpty(overrides)); err != nil {
		return nil, err
	}
	return c.open(ctx, req)
}

func previewBody(chart []byte, overrides map[string]any) map[string]any {
	body := map[string]any{"chart": string(chart)}
	if len(overrides) > 0 {
		body["globalFilter"] = overrides
	}
	return body
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func chartData(raw json.RawMessage, err error) (json.RawMessage, *ChartData, error) {
	if err != nil {
		return nil, nil, err
	}
	d, err := decode[ChartData](raw)
	return raw, &d, err
}
