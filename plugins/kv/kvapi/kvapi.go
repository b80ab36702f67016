// Package kvapi calls the key-value endpoints of the Kestra API.
package kvapi

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// Detail is a KvDetail: a typed value.
type Detail struct {
	Type     string          `json:"type"`
	Value    json.RawMessage `json:"value"`
	Revision *int            `json:"revision,omitempty"`
	Updated  *string         `json:"updated,omitempty"`
}

// Get reads a key (GET .../namespaces/{ns}/kv/{key}).
func Get(ctx context.Context, c *kestra.Client, namespace, key string) (Detail, error) {
	var d Detail
	err := c.Get(ctx, c.TenantPath("namespaces", namespace, "kv", key), nil, &d)
	return d, err
}

// GetRaw reads a key and returns the server's KvDetail as it was sent.
func GetRaw(ctx context.Context, c *kestra.Client, namespace, key string) (json.RawMessage, error) {
	var raw json.RawMessage
	err := c.Get(ctx, c.TenantPath("namespaces", namespace, "kv", key), nil, &raw)
	return raw, err
}

// PutOptions are the optional parts of a write, which Kestra reads from
// request headers.
type PutOptions struct {
	// TTL is an ISO-8601 duration (header "ttl").
	TTL string
	// Description (header "description").
	Description string
}

// Put writes a value (PUT .../namespaces/{ns}/kv/{key}, text/plain); the
// server infers the stored type from body.
func Put(ctx context.Context, c *kestra.Client, namespace, key string, body []byte, opts PutOptions) error {
	req := &kestra.Request{Method: http.MethodPut, Path: c.TenantPath("namespaces", namespace, "kv", key), Header: http.Header{}}
	req.SetBody(body, "text/plain")
	if opts.TTL != "" {
		req.Header.Set("ttl", opts.TTL)
	}
	if opts.Description != "" {
		req.Header.Set("description", opts.Description)
	}
	return c.JSON(ctx, req, nil)
}

// Delete removes a key (DELETE .../namespaces/{ns}/kv/{key}) and reports
// whether it existed.
func Delete(ctx context.Context, c *kestra.Client, namespace, key string) (bool, error) {
	var deleted bool
	err := c.JSON(ctx, &kestra.Request{Method: http.MethodDelete, Path: c.TenantPath("namespaces", namespace, "kv", key)}, &deleted)
	return deleted, err
}
