package iamapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/sdk/kestra"
)

func serviceAccountPath(id string) string { return kestra.APIPath("service-accounts", id) }

func serviceAccountListPath() string { return kestra.APIPath("service-accounts") }

// ListServiceAccounts calls GET /api/v1/service-accounts.
func (c *Client) ListServiceAccounts(ctx context.Context, q Query, fn PageFunc) error {
	return c.ServiceAccounts().List(ctx, q, fn)
}

// GetServiceAccount calls GET /api/v1/service-accounts/{id}.
func (c *Client) GetServiceAccount(ctx context.Context, id string) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("get service account %q", id), scope: instance, method: http.MethodGet,
		path: serviceAccountPath(id)}, &out)
	return out, err
}

// CreateServiceAccount calls POST /api/v1/service-accounts.
func (c *Client) CreateServiceAccount(ctx context.Context, req ServiceAccountCreate) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("create service account %q", req.Name), scope: instance, method: http.MethodPost,
		path: kestra.APIPath("service-accounts"), body: req}, &out)
	return out, err
}

// PatchServiceAccount calls PATCH /api/v1/service-accounts/{id}.
func (c *Client) PatchServiceAccount(ctx context.Context, id string, req ServiceAccountPatch) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("update service account %q", id), scope: instance, method: http.MethodPatch,
		path: serviceAccountPath(id), body: req, idempotent: true}, &out)
	return out, err
}

// DeleteServiceAccount calls DELETE /api/v1/service-accounts/{id}.
func (c *Client) DeleteServiceAccount(ctx context.Context, id string) error {
	return c.do(ctx, call{op: fmt.Sprintf("delete service account %q", id), scope: instance, method: http.MethodDelete,
		path: serviceAccountPath(id)}, nil)
}
