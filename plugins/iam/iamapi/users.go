package iamapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/sdk/kestra"
)

func userPath(id string, sub ...string) string {
	return kestra.APIPath(append([]string{"users", id}, sub...)...)
}

func userListPath() string { return kestra.APIPath("users") }

// ListUsers calls GET /api/v1/users.
func (c *Client) ListUsers(ctx context.Context, q Query, fn PageFunc) error {
	return c.Users().List(ctx, q, fn)
}

// GetUser calls GET /api/v1/users/{id}.
func (c *Client) GetUser(ctx context.Context, id string) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("get user %q", id), scope: instance, method: http.MethodGet, path: userPath(id)}, &out)
	return out, err
}

// CreateUser calls POST /api/v1/users.
func (c *Client) CreateUser(ctx context.Context, req UserRequest) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("create user %q", req.Email), scope: instance, method: http.MethodPost,
		path: kestra.APIPath("users"), body: req}, &out)
	return out, err
}

// ReplaceUser calls PUT /api/v1/users/{id} (a full replace).
func (c *Client) ReplaceUser(ctx context.Context, id string, req UserRequest) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("update user %q", id), scope: instance, method: http.MethodPut,
		path: userPath(id), body: req}, &out)
	return out, err
}

// PatchUserDetails calls PATCH /api/v1/users/{id} (names and e-mail only).
func (c *Client) PatchUserDetails(ctx context.Context, id string, d UserDetails) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("update the details of user %q", id), scope: instance, method: http.MethodPatch,
		path: userPath(id), body: d, idempotent: true}, &out)
	return out, err
}

// SetUserSuperAdmin calls PATCH /api/v1/users/{id}/superadmin.
func (c *Client) SetUserSuperAdmin(ctx context.Context, id string, on bool) error {
	return c.do(ctx, call{op: fmt.Sprintf("set super-admin of user %q", id), scope: instance, method: http.MethodPatch,
		path: userPath(id, "superadmin"), body: map[string]bool{"superAdmin": on}, idempotent: true}, nil)
}

// SetUserRestricted calls PATCH /api/v1/users/{id}/restricted.
func (c *Client) SetUserRestricted(ctx context.Context, id string, on bool) error {
	return c.do(ctx, call{op: fmt.Sprintf("set restricted of user %q", id), scope: instance, method: http.MethodPatch,
		path: userPath(id, "restricted"), body: map[string]bool{"restricted": on}, idempotent: true}, nil)
}

// SetUserPassword calls PATCH /api/v1/users/{id}/password.
func (c *Client) SetUserPassword(ctx context.Context, id, password string) error {
	return c.do(ctx, call{op: fmt.Sprintf("set the password of user %q", id), scope: instance, method: http.MethodPatch,
		path: userPath(id, "password"), body: map[string]string{"password": password}, idempotent: true}, nil)
}

// DeleteUser calls DELETE /api/v1/users/{id}.
func (c *Client) DeleteUser(ctx context.Context, id string) error {
	return c.do(ctx, call{op: fmt.Sprintf("delete user %q", id), scope: instance, method: http.MethodDelete, path: userPath(id)}, nil)
}

// SetUserGroups calls PUT /api/v1/{tenant}/users/{id}/groups: the user's
// groups in the active tenant become exactly groupIDs.
func (c *Client) SetUserGroups(ctx context.Context, id string, groupIDs []string) error {
	if groupIDs == nil {
		groupIDs = []string{}
	}
	return c.do(ctx, call{op: fmt.Sprintf("set the groups of user %q in tenant %q", id, c.k.Tenant()), scope: tenant,
		method: http.MethodPut, path: c.k.TenantPath("users", id, "groups"),
		body: map[string][]string{"groupIds": groupIDs}}, nil)
}
