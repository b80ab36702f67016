package iamapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

func (c *Client) bindingPath(id string) string { return c.k.TenantPath("bindings", id) }

// BindingFilter holds the search parameters of bindings.
type BindingFilter struct {
	Type       string // USER or GROUP
	ExternalID string // sent as id
	Namespace  string
}

// SearchBindings calls GET /api/v1/{tenant}/bindings/search with the type,
// id and namespace parameters.
func (c *Client) SearchBindings(ctx context.Context, f BindingFilter, q Query, fn PageFunc) error {
	params := f.Params()
	for k, v := range q.Params {
		params[k] = append([]string(nil), v...)
	}
	q.Params = params
	return c.Bindings().List(ctx, q, fn)
}

// GetBinding calls GET /api/v1/{tenant}/bindings/{id}.
func (c *Client) GetBinding(ctx context.Context, id string) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("get binding %q", id), scope: tenant, method: http.MethodGet, path: c.bindingPath(id)}, &out)
	return out, err
}

// CreateBinding calls POST /api/v1/{tenant}/bindings. The answer is nil
// when the server sent no document.
func (c *Client) CreateBinding(ctx context.Context, req BindingRequest) (json.RawMessage, error) {
	_, out, err := c.raw(ctx, call{op: fmt.Sprintf("bind role %q to %s %q", req.RoleID, req.Type, req.ExternalID), scope: tenant,
		method: http.MethodPost, path: c.k.TenantPath("bindings"), body: req})
	return out, err
}

// DeleteBinding calls DELETE /api/v1/{tenant}/bindings/{id}.
func (c *Client) DeleteBinding(ctx context.Context, id string) error {
	return c.do(ctx, call{op: fmt.Sprintf("delete binding %q", id), scope: tenant, method: http.MethodDelete, path: c.bindingPath(id)}, nil)
}
