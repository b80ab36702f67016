package iamapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

func (c *Client) invitationPath(id string) string { return c.k.TenantPath("invitations", id) }

// SearchInvitations calls GET /api/v1/{tenant}/invitations/search.
func (c *Client) SearchInvitations(ctx context.Context, q Query, fn PageFunc) error {
	return c.Invitations().List(ctx, q, fn)
}

// GetInvitation calls GET /api/v1/{tenant}/invitations/{id}.
func (c *Client) GetInvitation(ctx context.Context, id string) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("get invitation %q", id), scope: tenant, method: http.MethodGet,
		path: c.invitationPath(id)}, &out)
	return out, err
}

// CreateInvitation calls POST /api/v1/{tenant}/invitations. It returns the
// status (201: invitation created, 204: access granted directly, no
// invitation) and the invitation when the server sent it.
func (c *Client) CreateInvitation(ctx context.Context, req InvitationRequest) (int, json.RawMessage, error) {
	return c.raw(ctx, call{op: fmt.Sprintf("invite %q", req.Email), scope: tenant, method: http.MethodPost,
		path: c.k.TenantPath("invitations"), body: req})
}

// DeleteInvitation calls DELETE /api/v1/{tenant}/invitations/{id}.
func (c *Client) DeleteInvitation(ctx context.Context, id string) error {
	return c.do(ctx, call{op: fmt.Sprintf("delete invitation %q", id), scope: tenant, method: http.MethodDelete,
		path: c.invitationPath(id)}, nil)
}
