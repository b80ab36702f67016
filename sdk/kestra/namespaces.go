package kestra

import (
	"context"
	"net/http"
)

// NamespaceExists reports whether a namespace exists (GET
// /api/v1/{tenant}/namespaces/{id}). A 401 or 403 counts as existing: the
// caller may be allowed to use it without reading it.
func (c *Client) NamespaceExists(ctx context.Context, ns string) (bool, error) {
	err := c.Get(ctx, c.TenantPath("namespaces", ns), nil, nil)
	switch {
	case err == nil:
		return true, nil
	case IsNotFound(err):
		return false, nil
	case IsStatus(err, http.StatusUnauthorized, http.StatusForbidden):
		return true, nil
	}
	return false, err
}
