package kvapi

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// DeleteKeys removes several keys of a namespace in one request (DELETE
// .../namespaces/{ns}/kv with {"keys": [...]}) and returns the keys the
// server deleted (those that existed).
func DeleteKeys(ctx context.Context, c *kestra.Client, namespace string, keys []string) ([]string, error) {
	req := &kestra.Request{Method: http.MethodDelete, Path: c.TenantPath("namespaces", namespace, "kv")}
	if err := req.JSONBody(map[string][]string{"keys": keys}); err != nil {
		return nil, err
	}
	var out struct {
		Keys []string `json:"keys"`
	}
	if err := c.JSON(ctx, req, &out); err != nil {
		return nil, err
	}
	return out.Keys, nil
}

// Inherited returns the keys a namespace inherits from its parents (GET
// .../namespaces/{ns}/kv/inheritance), as the server sent them.
func Inherited(ctx context.Context, c *kestra.Client, namespace string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	if err := c.Get(ctx, c.TenantPath("namespaces", namespace, "kv", "inheritance"), nil, &out); err != nil {
		return nil, err
	}
	if out == nil {
		out = []json.RawMessage{}
	}
	return out, nil
}
