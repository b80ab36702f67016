// Package kvapi calls the key-value endpoints of the Kestra API.
package kvapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// PageSize is the page size of the tenant-wide listing.
const PageSize = 100

// Entry is a KVEntry of the listing.
type Entry struct {
	Namespace      string  `json:"namespace"`
	Key            string  `json:"key"`
	Description    *string `json:"description"`
	Revision       *int    `json:"revision,omitempty"`
	CreationDate   *string `json:"creationDate"`
	UpdateDate     *string `json:"updateDate"`
	ExpirationDate *string `json:"expirationDate"`
}

// Detail is a KvDetail: a typed value.
type Detail struct {
	Type     string          `json:"type"`
	Value    json.RawMessage `json:"value"`
	Revision *int            `json:"revision,omitempty"`
	Updated  *string         `json:"updated,omitempty"`
}

// List calls fn with each page of the tenant-wide listing
// (GET /api/v1/{tenant}/kv), restricted to one namespace when namespace is
// not empty.
func List(ctx context.Context, c *kestra.Client, namespace string, fn func(page []Entry) error) error {
	q := url.Values{}
	if namespace != "" {
		q.Set("filters[namespace][EQUALS]", namespace)
	}
	return kestra.Paginate(ctx, c, c.TenantPath("kv"), q, PageSize, func(items []Entry, _ int64) error {
		return fn(items)
	})
}

// Get reads a key (GET .../namespaces/{ns}/kv/{key}).
func Get(ctx context.Context, c *kestra.Client, namespace, key string) (Detail, error) {
	var d Detail
	err := c.Get(ctx, c.TenantPath("namespaces", namespace, "kv", key), nil, &d)
	return d, err
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
