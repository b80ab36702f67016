package iamapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// Impersonate calls POST /api/v1/users/{id}/impersonate and returns the
// server's answer: a session token acting as the user.
func (c *Client) Impersonate(ctx context.Context, id string) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("impersonate user %q", id), scope: instance, method: http.MethodPost,
		path: userPath(id, "impersonate")}, &out)
	return out, err
}

// RevokeRefreshToken calls DELETE /api/v1/users/{id}/refresh-token: the
// user's sessions end (API tokens stay).
func (c *Client) RevokeRefreshToken(ctx context.Context, id string) error {
	return c.do(ctx, call{op: fmt.Sprintf("revoke the refresh token of user %q", id), scope: instance, method: http.MethodDelete,
		path: userPath(id, "refresh-token")}, nil)
}

// DeleteAuthMethod calls DELETE /api/v1/users/{id}/auths/{auth}; the
// answer is the user, or nil when the server sent none.
func (c *Client) DeleteAuthMethod(ctx context.Context, id, auth string) (json.RawMessage, error) {
	_, out, err := c.raw(ctx, call{op: fmt.Sprintf("remove authentication method %q of user %q", auth, id), scope: instance,
		method: http.MethodDelete, path: userPath(id, "auths", auth)})
	return out, err
}

// ChangeMyPassword calls PUT /api/v1/me/password: the caller's own
// password, the old one proving who asks.
func (c *Client) ChangeMyPassword(ctx context.Context, oldPassword, newPassword string) error {
	return c.do(ctx, call{op: "change your password", scope: instance, method: http.MethodPut, path: kestra.APIPath("me", "password"),
		body: map[string]string{"oldPassword": oldPassword, "newPassword": newPassword}}, nil)
}

// Me calls GET /api/v1/me: the caller's own account.
func (c *Client) Me(ctx context.Context) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: "read your account", scope: instance, method: http.MethodGet, path: kestra.APIPath("me")}, &out)
	return out, err
}

// SetServiceAccountSuperAdmin calls PATCH
// /api/v1/service-accounts/{id}/superadmin.
func (c *Client) SetServiceAccountSuperAdmin(ctx context.Context, id string, on bool) error {
	return c.do(ctx, call{op: fmt.Sprintf("set super-admin of service account %q", id), scope: instance, method: http.MethodPatch,
		path: kestra.APIPath("service-accounts", id, "superadmin"), body: map[string]bool{"superAdmin": on}, idempotent: true}, nil)
}

// SetGroupMembership calls PUT
// /api/v1/{tenant}/groups/{id}/members/membership/{userId}?membership=M
// (OWNER or MEMBER) and returns the member, or nil when the server sent
// none.
func (c *Client) SetGroupMembership(ctx context.Context, groupID, userID, membership string) (json.RawMessage, error) {
	_, out, err := c.raw(ctx, call{op: fmt.Sprintf("make user %q %s of group %q", userID, membership, groupID), scope: tenant,
		method: http.MethodPut, path: c.groupPath(groupID, "members", "membership", userID),
		query: map[string][]string{"membership": {membership}}})
	return out, err
}

// CreateBindings calls POST /api/v1/{tenant}/bindings/bulk: every binding
// is created, or none.
func (c *Client) CreateBindings(ctx context.Context, reqs []BindingRequest) ([]json.RawMessage, error) {
	var out []json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("create %d binding(s)", len(reqs)), scope: tenant, method: http.MethodPost,
		path: c.k.TenantPath("bindings", "bulk"), body: reqs}, &out)
	return nonNilItems(out), err
}
