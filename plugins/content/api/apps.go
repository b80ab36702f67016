package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// App is the part of an app (ApiApp or ApiAppSource) the commands read.
type App struct {
	UID       string `json:"uid"`
	ID        string `json:"id"`
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
	Source    string `json:"source"`
}

// ImportResult is AppsController.ApiBulkImportResponse.
type ImportResult struct {
	Success []string `json:"success"`
	Errors  []struct {
		Source  string `json:"source"`
		Message string `json:"message"`
	} `json:"errors"`
}

// AppsPath is the app search endpoint.
func (c *Client) AppsPath() string { return c.path("apps", "search") }

// AppCatalogPath is the app catalog endpoint.
func (c *Client) AppCatalogPath() string { return c.path("apps", "catalog") }

// GetApp reads an app and its source.
func (c *Client) GetApp(ctx context.Context, uid string) (json.RawMessage, *App, error) {
	raw, err := c.get(ctx, c.path("apps", uid), nil)
	if err != nil {
		return nil, nil, err
	}
	a, err := decode[App](raw)
	return raw, &a, err
}

// CreateApp creates an app from its YAML source.
func (c *Client) CreateApp(ctx context.Context, src []byte) (json.RawMessage, *App, error) {
	raw, err := c.sendYAML(ctx, http.MethodPost, c.path("apps"), nil, src)
	if err != nil {
		return nil, nil, err
	}
	a, err := decode[App](raw)
	return raw, &a, err
}

// UpdateApp replaces an app's source.
func (c *Client) UpdateApp(ctx context.Context, uid string, src []byte) (json.RawMessage, *App, error) {
	raw, err := c.sendYAML(ctx, http.MethodPut, c.path("apps", uid), nil, src)
	if err != nil {
		return nil, nil, err
	}
	a, err := decode[App](raw)
	return raw, &a, err
}

// DeleteApp deletes an app.
func (c *Client) DeleteApp(ctx context.Context, uid string) error {
	return c.del(ctx, c.path("apps", uid))
}

// SetAppEnabled enables or disables an app and answers the ApiApp.
func (c *Client) SetAppEnabled(ctx context.Context, uid string, enabled bool) (json.RawMessage, error) {
	action := "disable"
	if enabled {
		action = "enable"
	}
	return c.sendJSON(ctx, http.MethodPost, c.path("apps", uid, action), nil, nil, true)
}

// BulkApps deletes, enables or disables apps (action "delete", "enable",
// "disable") and answers the uids it acted on.
func (c *Client) BulkApps(ctx context.Context, action string, uids []string) ([]string, error) {
	body := map[string]any{"uids": uids}
	var raw json.RawMessage
	var err error
	if action == "delete" {
		raw, err = c.sendJSON(ctx, http.MethodDelete, c.path("apps"), nil, body, false)
	} else {
		raw, err = c.sendJSON(ctx, http.MethodPost, c.path("apps", action), nil, body, true)
	}
	if err != nil || raw == nil {
		return nil, err
	}
	out, err := decode[struct {
		Success []string `json:"success"`
	}](raw)
	return out.Success, err
}

// FindApps lists the apps of a namespace (ApiApp items).
func (c *Client) FindApps(ctx context.Context, ns string) ([]App, error) {
	q := url.Values{"filters[namespace][EQUALS]": {ns}}
	var out []App
	err := kestra.Paginate(ctx, c.K, c.AppsPath(), q, 200, func(items []App, _ int64) error {
		out = append(out, items...)
		return nil
	})
	return out, err
}

// AllAppUIDs lists the uid of every app the caller sees.
func (c *Client) AllAppUIDs(ctx context.Context) ([]string, error) {
	var out []string
	err := kestra.Paginate(ctx, c.K, c.AppsPath(), url.Values{}, 200, func(items []App, _ int64) error {
		for _, a := range items {
			out = append(out, a.UID)
		}
		return nil
	})
	return out, err
}

// ExportApps streams a ZIP of the apps' sources.
func (c *Client) ExportApps(ctx context.Context, uids []string) (*http.Response, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.path("apps", "export"), Idempotent: true, Accept: "application/octet-stream"}
	if err := req.JSONBody(map[string]any{"uids": uids}); err != nil {
		return nil, err
	}
	return c.open(ctx, req)
}

// ImportApps uploads a ZIP or a multi-document YAML of apps.
func (c *Client) ImportApps(ctx context.Context, part kestra.FilePart) (json.RawMessage, *ImportResult, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.path("apps", "import")}
	part.Field = "fileUpload"
	if err := req.SetMultipartFile(part); err != nil {
		return nil, nil, err
	}
	var raw json.RawMessage
	if err := c.K.JSON(ctx, req, &raw); err != nil {
		return nil, nil, err
	}
	res, err := decode[ImportResult](raw)
	return raw, &res, err
}

// AppTags answers ApiAppTags.
func (c *Client) AppTags(ctx context.Context) (json.RawMessage, []string, error) {
	raw, err := c.get(ctx, c.path("apps", "tags"), nil)
	if err != nil {
		return nil, nil, err
	}
	t, err := decode[struct {
		Tags []string `json:"tags"`
	}](raw)
	return raw, t.Tags, err
}

// AppFileMeta answers the FileMetas of a file an execution of the app's
// flow stored.
func (c *Client) AppFileMeta(ctx context.Context, uid, path string) (json.RawMessage, error) {
	return c.get(ctx, c.path("apps", "view", uid, "file", "meta"), url.Values{"path": {path}})
}

// AppFilePreview answers the preview of such a file.
func (c *Client) AppFilePreview(ctx context.Context, uid, path string, maxRows int, encoding string) (json.RawMessage, error) {
	q := url.Values{"path": {path}}
	if maxRows > 0 {
		q.Set("maxRows", itoa(maxRows))
	}
	if encoding != "" {
		q.Set("encoding", encoding)
	}
	return c.get(ctx, c.path("apps", "view", uid, "file", "preview"), q)
}

// AppLogs streams the logs of an execution of the app.
func (c *Client) AppLogs(ctx context.Context, uid, executionID, minLevel string, taskIDs []string) (*http.Response, error) {
	q := url.Values{"executionId": {executionID}}
	if minLevel != "" {
		q.Set("minLevel", minLevel)
	}
	for _, t := range taskIDs {
		q.Add("taskIds", t)
	}
	return c.open(ctx, &kestra.Request{Method: http.MethodGet, Path: c.path("apps", "view", uid, "logs", "download"), Query: q, Accept: "application/octet-stream"})
}
