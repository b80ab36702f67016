package iamapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

func (c *Client) rolePath(id string) string { return c.k.TenantPath("roles", id) }

// SearchRoles calls GET /api/v1/{tenant}/roles/search.
func (c *Client) SearchRoles(ctx context.Context, q Query, fn PageFunc) error {
	return c.Roles().List(ctx, q, fn)
}

// GetRole calls GET /api/v1/{tenant}/roles/{id}.
func (c *Client) GetRole(ctx context.Context, id string) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("get role %q", id), scope: tenant, method: http.MethodGet, path: c.rolePath(id)}, &out)
	return out, err
}

// CreateRole calls POST /api/v1/{tenant}/roles.
func (c *Client) CreateRole(ctx context.Context, req RoleRequest) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("create role %q", req.Name), scope: tenant, method: http.MethodPost,
		path: c.k.TenantPath("roles"), body: req, permissions: true}, &out)
	return out, err
}

// UpdateRole calls PUT /api/v1/{tenant}/roles/{id}.
func (c *Client) UpdateRole(ctx context.Context, id string, req RoleRequest) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("update role %q", id), scope: tenant, method: http.MethodPut,
		path: c.rolePath(id), body: req, permissions: true}, &out)
	return out, err
}

// DeleteRole calls DELETE /api/v1/{tenant}/roles/{id}.
func (c *Client) DeleteRole(ctx context.Context, id string) error {
	return c.do(ctx, call{op: fmt.Sprintf("delete role %q", id), scope: tenant, method: http.MethodDelete, path: c.rolePath(id)}, nil)
}
