// Package api holds the content plugin's typed calls to the Kestra API:
// test suites, apps, dashboards, blueprints, assets and reusable inputs.
// Resources come back as the server's JSON (json.RawMessage), so that
// -o json prints them unchanged; the few fields a command reads are
// decoded next to them.
package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// yamlType is the content type of YAML sources, as Kestra takes them.
const yamlType = "application/x-yaml"

// Client calls the content endpoints of one tenant.
type Client struct {
	K *kestra.Client
}

// New wraps a Kestra client.
func New(k *kestra.Client) *Client { return &Client{K: k} }

// path is a tenant path.
func (c *Client) path(segments ...string) string { return c.K.TenantPath(segments...) }

// get reads a JSON answer.
func (c *Client) get(ctx context.Context, path string, query url.Values) (json.RawMessage, error) {
	var raw json.RawMessage
	err := c.K.JSON(ctx, &kestra.Request{Method: http.MethodGet, Path: path, Query: query}, &raw)
	return raw, err
}

// sendYAML sends a YAML source and reads the JSON answer.
func (c *Client) sendYAML(ctx context.Context, method, path string, query url.Values, src []byte) (json.RawMessage, error) {
	req := &kestra.Request{Method: method, Path: path, Query: query}
	req.SetBody(src, yamlType)
	var raw json.RawMessage
	if err := c.K.JSON(ctx, req, &raw); err != nil {
		return nil, err
	}
	return raw, nil
}

// sendJSON sends a JSON body (nil: none) and reads the JSON answer (an
// empty answer is returned as nil).
func (c *Client) sendJSON(ctx context.Context, method, path string, query url.Values, in any, idempotent bool) (json.RawMessage, error) {
	req := &kestra.Request{Method: method, Path: path, Query: query, Idempotent: idempotent}
	if in != nil {
		if err := req.JSONBody(in); err != nil {
			return nil, err
		}
	}
	var body []byte
	if err := c.K.JSON(ctx, req, &body); err != nil {
		return nil, err
	}
	if len(body) == 0 {
		return nil, nil
	}
	if !json.Valid(body) {
		return nil, &kestra.APIError{Method: method, Path: path, Status: http.StatusOK, Message: "the server answered with something that is not JSON"}
	}
	return json.RawMessage(body), nil
}

// del sends a DELETE and discards the answer.
func (c *Client) del(ctx context.Context, path string) error {
	return c.K.JSON(ctx, &kestra.Request{Method: http.MethodDelete, Path: path}, nil)
}

// open sends a request whose answer is streamed (a download); the caller
// closes the body.
func (c *Client) open(ctx context.Context, req *kestra.Request) (*http.Response, error) {
	req.Stream = true
	if req.Accept == "" {
		req.Accept = "*/*"
	}
	return c.K.Do(ctx, req)
}

// decode reads fields of a raw answer.
func decode[T any](raw json.RawMessage) (T, error) {
	var v T
	err := json.Unmarshal(raw, &v)
	return v, err
}

// Validation is Kestra's ValidateConstraintViolation.
type Validation struct {
	Index            int      `json:"index"`
	Namespace        string   `json:"namespace,omitempty"`
	Flow             string   `json:"flow,omitempty"`
	Constraints      string   `json:"constraints,omitempty"`
	Outdated         bool     `json:"outdated,omitempty"`
	DeprecationPaths []string `json:"deprecationPaths,omitempty"`
	Warnings         []string `json:"warnings,omitempty"`
	Infos            []string `json:"infos,omitempty"`
}

// validate posts a YAML source to a validate endpoint.
func (c *Client) validate(ctx context.Context, path string, src []byte) (*Validation, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: path, Idempotent: true}
	req.SetBody(src, yamlType)
	var v Validation
	if err := c.K.JSON(ctx, req, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// BulkCount is Kestra's BulkResponse.
type BulkCount struct {
	Count int `json:"count"`
}

func itoa(n int) string { return strconv.Itoa(n) }
