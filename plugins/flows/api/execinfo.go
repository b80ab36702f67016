package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// FlowFilter names a flow for LatestExecutions
// (ExecutionRepositoryInterface.FlowFilter).
type FlowFilter struct {
	Namespace string `json:"namespace"`
	ID        string `json:"id"`
}

// LatestExecutions answers, for each flow, its execution that ended last
// (ExecutionController.LastExecutionResponse items, in the order of the
// flows; flows without one are left out).
func (c *Client) LatestExecutions(ctx context.Context, flows []FlowFilter) ([]json.RawMessage, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("executions", "latest"), Idempotent: true}
	if err := req.JSONBody(flows); err != nil {
		return nil, err
	}
	var out []json.RawMessage
	return out, c.k.JSON(ctx, req, &out)
}

// ExecutionGraph answers the flow graph of an execution, expanding the
// given subflow tasks.
func (c *Client) ExecutionGraph(ctx context.Context, id string, subflows []string) (json.RawMessage, error) {
	q := url.Values{}
	for _, s := range subflows {
		q.Add("subflows", s)
	}
	var raw json.RawMessage
	return raw, c.k.Get(ctx, c.k.TenantPath("executions", id, "graph"), q, &raw)
}

// FlowOfExecution answers the flow revision an execution runs, as
// FlowForExecution (inputs, outputs, tasks reduced to id and type).
func (c *Client) FlowOfExecution(ctx context.Context, id string) (json.RawMessage, error) {
	var raw json.RawMessage
	return raw, c.k.Get(ctx, c.k.TenantPath("executions", id, "flow"), nil, &raw)
}

// FlowForExecution answers a flow (its latest revision, or revision) as
// FlowForExecution.
func (c *Client) FlowForExecution(ctx context.Context, namespace, flowID string, revision int) (json.RawMessage, error) {
	q := url.Values{}
	if revision > 0 {
		q.Set("revision", strconv.Itoa(revision))
	}
	var raw json.RawMessage
	return raw, c.k.Get(ctx, c.k.TenantPath("executions", "flows", namespace, flowID), q, &raw)
}

// EvalResult is ExecutionController.EvalResult.
type EvalResult struct {
	Result     *string `json:"result"`
	Error      string  `json:"error"`
	StackTrace string  `json:"stackTrace"`
}

// EvalExpression renders a Pebble expression against an execution (and
// one of its task runs when taskRunID is set). The server answers 200
// with either a result or an error.
func (c *Client) EvalExpression(ctx context.Context, id, taskRunID, expr string) (json.RawMessage, *EvalResult, error) {
	path := c.k.TenantPath("executions", id, "actions", "eval")
	if taskRunID != "" {
		path = c.k.TenantPath("executions", id, "actions", "eval", taskRunID)
	}
	req := &kestra.Request{Method: http.MethodPost, Path: path, Idempotent: true}
	req.SetBody([]byte(expr), "text/plain")
	var raw json.RawMessage
	if err := c.k.JSON(ctx, req, &raw); err != nil {
		return nil, nil, err
	}
	var r EvalResult
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, nil, err
	}
	return raw, &r, nil
}
