package api

import (
	"context"
	"encoding/json"
	"net/url"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// SearchNamespaces pages through the namespaces (matching query when set).
func (c *Client) SearchNamespaces(ctx context.Context, query string, size int, fn func(items []json.RawMessage, total int64) error) error {
	q := url.Values{"existing": {"true"}, "sort": {"id:asc"}}
	if query != "" {
		q.Set("filters[q][EQUALS]", query)
	}
	return kestra.Paginate(ctx, c.k, c.k.TenantPath("namespaces", "search"), q, size, fn)
}

// GetNamespace returns a namespace as the server sent it.
func (c *Client) GetNamespace(ctx context.Context, id string) (json.RawMessage, error) {
	var raw json.RawMessage
	if err := c.k.Get(ctx, c.k.TenantPath("namespaces", id), nil, &raw); err != nil {
		return nil, err
	}
	return raw, nil
}
