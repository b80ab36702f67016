package api

import (
	"context"
	"encoding/json"
)

// GetNamespace returns a namespace as the server sent it.
func (c *Client) GetNamespace(ctx context.Context, id string) (json.RawMessage, error) {
	var raw json.RawMessage
	if err := c.k.Get(ctx, c.k.TenantPath("namespaces", id), nil, &raw); err != nil {
		return nil, err
	}
	return raw, nil
}
