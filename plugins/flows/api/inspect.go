package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// Graph returns a flow's FlowGraph (of a revision when revision > 0, with
// the given Subflow tasks expanded).
func (c *Client) Graph(ctx context.Context, namespace, id string, revision int, subflows []string) (json.RawMessage, error) {
	q := url.Values{}
	if revision > 0 {
		q.Set("revision", strconv.Itoa(revision))
	}
	if len(subflows) > 0 {
		q.Set("subflows", strings.Join(subflows, ","))
	}
	var raw json.RawMessage
	err := c.k.Get(ctx, c.k.TenantPath("flows", namespace, id, "graph"), q, &raw)
	return raw, err
}

// GraphFromSource returns the FlowGraph of a flow source.
func (c *Client) GraphFromSource(ctx context.Context, src []byte, subflows []string) (json.RawMessage, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("flows", "graph"), Idempotent: true}
	if len(subflows) > 0 {
		req.Query = url.Values{"subflows": {strings.Join(subflows, ",")}}
	}
	req.SetBody(src, yamlType)
	var raw json.RawMessage
	err := c.k.JSON(ctx, req, &raw)
	return raw, err
}

// Dependencies returns the FlowTopologyGraph of a flow's dependencies.
func (c *Client) Dependencies(ctx context.Context, namespace, id string, expandAll, destinationOnly bool) (json.RawMessage, error) {
	q := url.Values{"expandAll": {strconv.FormatBool(expandAll)}, "destinationOnly": {strconv.FormatBool(destinationOnly)}}
	var raw json.RawMessage
	err := c.k.Get(ctx, c.k.TenantPath("flows", namespace, id, "dependencies"), q, &raw)
	return raw, err
}

// NamespaceDependencies returns the FlowTopologyGraph of the dependencies
// of a namespace's flows.
func (c *Client) NamespaceDependencies(ctx context.Context, namespace string, destinationOnly bool) (json.RawMessage, error) {
	q := url.Values{"destinationOnly": {strconv.FormatBool(destinationOnly)}}
	var raw json.RawMessage
	err := c.k.Get(ctx, c.k.TenantPath("namespaces", namespace, "dependencies"), q, &raw)
	return raw, err
}

// Task returns one task of a flow (of a revision when revision > 0).
func (c *Client) Task(ctx context.Context, namespace, id, taskID string, revision int) (json.RawMessage, error) {
	q := url.Values{}
	if revision > 0 {
		q.Set("revision", strconv.Itoa(revision))
	}
	var raw json.RawMessage
	err := c.k.Get(ctx, c.k.TenantPath("flows", namespace, id, "tasks", taskID), q, &raw)
	return raw, err
}

// Expressions returns the expressions a flow source offers to a task
// (every task's outputs without taskID).
func (c *Client) Expressions(ctx context.Context, src []byte, taskID string) (json.RawMessage, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("flows", "expressions"), Idempotent: true}
	if taskID != "" {
		req.Query = url.Values{"taskId": {taskID}}
	}
	req.SetBody(src, yamlType)
	var raw json.RawMessage
	err := c.k.JSON(ctx, req, &raw)
	return raw, err
}

// ValidateTask validates a task (section TASKS) or a trigger (TRIGGERS)
// given as YAML; the answer is a ValidateConstraintViolation.
func (c *Client) ValidateTask(ctx context.Context, src []byte, section string) (json.RawMessage, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("flows", "validate", "task"),
		Query: url.Values{"section": {section}}, Idempotent: true}
	req.SetBody(src, yamlType)
	var raw json.RawMessage
	err := c.k.JSON(ctx, req, &raw)
	return raw, err
}

// ValidateTrigger validates a trigger given as JSON.
func (c *Client) ValidateTrigger(ctx context.Context, trigger json.RawMessage) (json.RawMessage, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("flows", "validate", "trigger"), Idempotent: true}
	req.SetBody(trigger, "application/json")
	var raw json.RawMessage
	err := c.k.JSON(ctx, req, &raw)
	return raw, err
}

// UpdateConcurrency sets the count of running executions of a flow's
// concurrency limit.
func (c *Client) UpdateConcurrency(ctx context.Context, namespace, id string, running int) (json.RawMessage, error) {
	body := map[string]any{"tenantId": c.k.Tenant(), "namespace": namespace, "flowId": id, "running": running}
	var raw json.RawMessage
	err := c.k.Send(ctx, http.MethodPut, c.k.TenantPath("concurrency-limit", namespace, id), body, &raw)
	return raw, err
}

// ConcurrencyLimits returns every concurrency limit (the endpoint does
// not page: one answer holds them all).
func (c *Client) ConcurrencyLimits(ctx context.Context) ([]json.RawMessage, error) {
	var page kestra.Page
	err := c.k.Get(ctx, c.k.TenantPath("concurrency-limit", "search"), nil, &page)
	return page.Results, err
}
