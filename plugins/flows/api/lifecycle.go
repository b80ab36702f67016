package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// FlowRef names a flow: Kestra's IdWithNamespace.
type FlowRef struct {
	Namespace string `json:"namespace"`
	ID        string `json:"id"`
}

// String is the flow as the *-bulk commands take it: namespace/id.
func (r FlowRef) String() string { return r.Namespace + "/" + r.ID }

// bulkResponse is Kestra's BulkResponse.
type bulkResponse struct {
	Count int `json:"count"`
}

// SetFlowsDisabled enables or disables flows (POST /flows/{enable,disable}/by-ids)
// and returns how many changed state. Kestra checks every flow first: one
// missing flow is a 404 and nothing changes.
func (c *Client) SetFlowsDisabled(ctx context.Context, refs []FlowRef, disabled bool) (int, error) {
	verb := "enable"
	if disabled {
		verb = "disable"
	}
	// Setting a state is safe to repeat.
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("flows", verb, "by-ids"), Idempotent: true}
	if err := req.JSONBody(refs); err != nil {
		return 0, err
	}
	var out bulkResponse
	err := c.k.JSON(ctx, req, &out)
	return out.Count, err
}

// DeleteFlows deletes flows (DELETE /flows/delete/by-ids) and returns how
// many were deleted. One missing flow is a 404 and nothing is deleted.
func (c *Client) DeleteFlows(ctx context.Context, refs []FlowRef) (int, error) {
	req := &kestra.Request{Method: http.MethodDelete, Path: c.k.TenantPath("flows", "delete", "by-ids")}
	if err := req.JSONBody(refs); err != nil {
		return 0, err
	}
	var out bulkResponse
	err := c.k.JSON(ctx, req, &out)
	return out.Count, err
}

// DistinctNamespaces returns the namespaces that hold at least one flow
// (containing q when set).
func (c *Client) DistinctNamespaces(ctx context.Context, q string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	query := url.Values{}
	if q != "" {
		query["q"] = []string{q}
	}
	err := c.k.Get(ctx, c.k.TenantPath("flows", "distinct-namespaces"), query, &out)
	return out, err
}

// FlowsOfNamespace returns the flows of one namespace (GET /flows/{namespace}),
// as the server sent them.
func (c *Client) FlowsOfNamespace(ctx context.Context, namespace string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	err := c.k.Get(ctx, c.k.TenantPath("flows", namespace), nil, &out)
	return out, err
}

// DeprecatedFlows returns the flows using deprecated tasks (of a namespace
// and its children when namespace is set).
func (c *Client) DeprecatedFlows(ctx context.Context, namespace string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	query := url.Values{}
	if namespace != "" {
		query["namespace"] = []string{namespace}
	}
	err := c.k.Get(ctx, c.k.TenantPath("flows", "deprecated"), query, &out)
	return out, err
}
