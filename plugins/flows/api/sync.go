package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// decodeFlows decodes a list of flows.
func decodeFlows(raws []json.RawMessage) ([]*Flow, error) {
	out := make([]*Flow, 0, len(raws))
	for _, r := range raws {
		f, err := decodeFlow(r)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// SyncNamespace replaces the flows of a namespace with the documents of a
// multi-document YAML body (POST /flows/{namespace}). The server deletes
// the namespace's other flows unless del is false (its default is true: the
// caller always says which it wants); override rewrites each document's
// namespace to this one. The answer is the resulting flows.
func (c *Client) SyncNamespace(ctx context.Context, namespace string, body []byte, del, override bool) ([]*Flow, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("flows", namespace), Idempotent: true,
		Query: url.Values{"delete": {strconv.FormatBool(del)}, "override": {strconv.FormatBool(override)}}}
	req.SetBody(body, yamlType)
	var raws []json.RawMessage
	if err := c.k.JSON(ctx, req, &raws); err != nil {
		return nil, err
	}
	return decodeFlows(raws)
}

// BulkUpdate creates or updates the flows of a multi-document YAML body
// (POST /flows/bulk). With del the server deletes the other flows of the
// namespace — of the whole tenant when namespace is "": the caller must
// make sure that is meant.
func (c *Client) BulkUpdate(ctx context.Context, body []byte, namespace string, del, allowChild bool) ([]*Flow, error) {
	q := url.Values{"delete": {strconv.FormatBool(del)}, "allowNamespaceChild": {strconv.FormatBool(allowChild)}}
	if namespace != "" {
		q.Set("namespace", namespace)
	}
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("flows", "bulk"), Query: q, Idempotent: true}
	req.SetBody(body, yamlType)
	var raws []json.RawMessage
	if err := c.k.JSON(ctx, req, &raws); err != nil {
		return nil, err
	}
	return decodeFlows(raws)
}
