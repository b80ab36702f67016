package iamapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/sdk/kestra"
)

func tenantPath(id string) string { return kestra.APIPath("tenants", id) }

// Tenants is GET /api/v1/tenants/search (instance-level, super-admin).
func (c *Client) Tenants() Search {
	return c.search("list tenants", instance, kestra.APIPath("tenants", "search"))
}

// GetTenant calls GET /api/v1/tenants/{id}.
func (c *Client) GetTenant(ctx context.Context, id string) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("get tenant %q", id), scope: instance, method: http.MethodGet, path: tenantPath(id)}, &out)
	return out, err
}

// CreateTenant calls POST /api/v1/tenants with a Tenant document.
func (c *Client) CreateTenant(ctx context.Context, id string, doc map[string]any) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("create tenant %q", id), scope: instance, method: http.MethodPost,
		path: kestra.APIPath("tenants"), body: doc}, &out)
	return out, err
}

// UpdateTenant calls PUT /api/v1/tenants/{id}: the tenant becomes doc
// (what it leaves out is cleared).
func (c *Client) UpdateTenant(ctx context.Context, id string, doc map[string]any) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("update tenant %q", id), scope: instance, method: http.MethodPut,
		path: tenantPath(id), body: doc}, &out)
	return out, err
}

// DeleteTenant calls DELETE /api/v1/tenants/{id}.
func (c *Client) DeleteTenant(ctx context.Context, id string) error {
	return c.do(ctx, call{op: fmt.Sprintf("delete tenant %q", id), scope: instance, method: http.MethodDelete, path: tenantPath(id)}, nil)
}
