package iamapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// LicenseInfo calls GET /api/v1/license-info.
func (c *Client) LicenseInfo(ctx context.Context) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: "read the license", scope: instance, method: http.MethodGet, path: kestra.APIPath("license-info")}, &out)
	return out, err
}

// Permissions calls GET /api/v1/{tenant}/acls/permissions: each
// permission (resource) with the actions this server knows for it.
func (c *Client) Permissions(ctx context.Context) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: "read the permission actions", scope: tenant, method: http.MethodGet,
		path: c.k.TenantPath("acls", "permissions")}, &out)
	return out, err
}

// UsageReport calls GET /api/v1/{tenant}/stats/generate-reports?from=DATE
// and returns the answer (a file), streamed; the caller closes the body.
func (c *Client) UsageReport(ctx context.Context, from string) (*http.Response, error) {
	r := call{op: "generate the usage report", scope: tenant, method: http.MethodGet, path: c.k.TenantPath("stats", "generate-reports")}
	q := url.Values{}
	if from != "" {
		q.Set("from", from)
	}
	resp, err := c.k.Do(ctx, &kestra.Request{Method: http.MethodGet, Path: r.path, Query: q, Accept: "*/*", Stream: true})
	if err != nil {
		return nil, c.fail(ctx, r, err)
	}
	return resp, nil
}
