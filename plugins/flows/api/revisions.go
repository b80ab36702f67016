package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// GetFlowRevision returns one revision of a flow, with its source.
func (c *Client) GetFlowRevision(ctx context.Context, namespace, id string, revision int) (*Flow, error) {
	var raw json.RawMessage
	q := url.Values{"source": {"true"}, "allowDeleted": {"false"}, "revision": {strconv.Itoa(revision)}}
	if err := c.k.Get(ctx, c.k.TenantPath("flows", namespace, id), q, &raw); err != nil {
		return nil, err
	}
	return decodeFlow(raw)
}

// Revisions returns the revisions of a flow, oldest first, each with its
// source, as the server sent them.
func (c *Client) Revisions(ctx context.Context, namespace, id string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	err := c.k.Get(ctx, c.k.TenantPath("flows", namespace, id, "revisions"), nil, &out)
	return out, err
}

// DeleteRevisions drops revisions from a flow's history (never the
// current one: the server refuses it).
func (c *Client) DeleteRevisions(ctx context.Context, namespace, id string, revisions []int) error {
	parts := make([]string, len(revisions))
	for i, r := range revisions {
		parts[i] = strconv.Itoa(r)
	}
	req := &kestra.Request{Method: http.MethodDelete, Path: c.k.TenantPath("flows", namespace, id, "revisions"),
		Query: url.Values{"revisions": {strings.Join(parts, ",")}}}
	return c.k.JSON(ctx, req, nil)
}
