package iamapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

func (c *Client) groupPath(id string, sub ...string) string {
	return c.k.TenantPath(append([]string{"groups", id}, sub...)...)
}

// SearchGroups calls GET /api/v1/{tenant}/groups/search.
func (c *Client) SearchGroups(ctx context.Context, q Query, fn PageFunc) error {
	return c.Groups().List(ctx, q, fn)
}

// GetGroup calls GET /api/v1/{tenant}/groups/{id}.
func (c *Client) GetGroup(ctx context.Context, id string) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("get group %q", id), scope: tenant, method: http.MethodGet, path: c.groupPath(id)}, &out)
	return out, err
}

// CreateGroup calls POST /api/v1/{tenant}/groups.
func (c *Client) CreateGroup(ctx context.Context, req GroupCreate) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("create group %q", req.Name), scope: tenant, method: http.MethodPost,
		path: c.k.TenantPath("groups"), body: req}, &out)
	return out, err
}

// UpdateGroup calls PUT /api/v1/{tenant}/groups/{id}.
func (c *Client) UpdateGroup(ctx context.Context, id string, req GroupUpdate) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("update group %q", id), scope: tenant, method: http.MethodPut,
		path: c.groupPath(id), body: req}, &out)
	return out, err
}

// DeleteGroup calls DELETE /api/v1/{tenant}/groups/{id}.
func (c *Client) DeleteGroup(ctx context.Context, id string) error {
	return c.do(ctx, call{op: fmt.Sprintf("delete group %q", id), scope: tenant, method: http.MethodDelete, path: c.groupPath(id)}, nil)
}

// SearchGroupMembers calls GET /api/v1/{tenant}/groups/{id}/members.
func (c *Client) SearchGroupMembers(ctx context.Context, id string, q Query, fn PageFunc) error {
	return c.GroupMembers(id).List(ctx, q, fn)
}

// AddGroupMember calls PUT /api/v1/{tenant}/groups/{id}/members/{userId}.
func (c *Client) AddGroupMember(ctx context.Context, id, userID string) (json.RawMessage, error) {
	_, out, err := c.raw(ctx, call{op: fmt.Sprintf("add user %q to group %q", userID, id), scope: tenant, method: http.MethodPut,
		path: c.groupPath(id, "members", userID)})
	return out, err
}

// RemoveGroupMember calls DELETE /api/v1/{tenant}/groups/{id}/members/{userId}.
func (c *Client) RemoveGroupMember(ctx context.Context, id, userID string) (json.RawMessage, error) {
	_, out, err := c.raw(ctx, call{op: fmt.Sprintf("remove user %q from group %q", userID, id), scope: tenant, method: http.MethodDelete,
		path: c.groupPath(id, "members", userID)})
	return out, err
}
