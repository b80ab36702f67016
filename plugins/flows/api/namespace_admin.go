package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// CreateNamespace creates a namespace (POST /api/v1/{tenant}/namespaces,
// Enterprise) from its JSON document and returns the server's answer.
func (c *Client) CreateNamespace(ctx context.Context, doc json.RawMessage) (json.RawMessage, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("namespaces")}
	req.SetBody(doc, "application/json")
	var raw json.RawMessage
	if err := c.k.JSON(ctx, req, &raw); err != nil {
		return nil, err
	}
	return raw, nil
}

// UpdateNamespace replaces a namespace's settings (PUT
// /api/v1/{tenant}/namespaces/{id}, Enterprise): what doc leaves out is
// cleared, so doc is the current namespace with the changes applied.
func (c *Client) UpdateNamespace(ctx context.Context, id string, doc json.RawMessage) (json.RawMessage, error) {
	req := &kestra.Request{Method: http.MethodPut, Path: c.k.TenantPath("namespaces", id)}
	req.SetBody(doc, "application/json")
	var raw json.RawMessage
	if err := c.k.JSON(ctx, req, &raw); err != nil {
		return nil, err
	}
	return raw, nil
}

// DeleteNamespace deletes a namespace (DELETE
// /api/v1/{tenant}/namespaces/{id}, Enterprise).
func (c *Client) DeleteNamespace(ctx context.Context, id string) error {
	return c.k.JSON(ctx, &kestra.Request{Method: http.MethodDelete, Path: c.k.TenantPath("namespaces", id)}, nil)
}

// InheritedVariables returns the variables a flow of the namespace sees,
// by namespace (GET .../namespaces/{id}/inherited-variables, Enterprise),
// as the server sent them.
func (c *Client) InheritedVariables(ctx context.Context, id string) (json.RawMessage, error) {
	var raw json.RawMessage
	if err := c.k.Get(ctx, c.k.TenantPath("namespaces", id, "inherited-variables"), nil, &raw); err != nil {
		return nil, err
	}
	return raw, nil
}

// InheritedSecrets returns the names of the secrets a flow of the namespace
// sees, by namespace (GET .../namespaces/{namespace}/inherited-secrets).
func (c *Client) InheritedSecrets(ctx context.Context, id string) (json.RawMessage, error) {
	var raw json.RawMessage
	if err := c.k.Get(ctx, c.k.TenantPath("namespaces", id, "inherited-secrets"), nil, &raw); err != nil {
		return nil, err
	}
	return raw, nil
}

// Autocomplete is an ApiAutocomplete request.
type Autocomplete struct {
	Q            *string  `json:"q,omitempty"`
	IDs          []string `json:"ids,omitempty"`
	ExistingOnly bool     `json:"existingOnly,omitempty"`
}

// AutocompleteNamespaces returns the namespace ids the server suggests
// (POST .../namespaces/autocomplete), as it sent them.
func (c *Client) AutocompleteNamespaces(ctx context.Context, a Autocomplete) ([]json.RawMessage, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("namespaces", "autocomplete"), Idempotent: true}
	if err := req.JSONBody(a); err != nil {
		return nil, err
	}
	var out []json.RawMessage
	if err := c.k.JSON(ctx, req, &out); err != nil {
		return nil, err
	}
	if out == nil {
		out = []json.RawMessage{}
	}
	return out, nil
}
