package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// ExecutionsBulk is one of the executions by-ids endpoints
// (ExecutionController *ByIds).
type ExecutionsBulk struct {
	// Method and Path: "DELETE" and "kill/by-ids" (under executions/).
	Method, Path string
	Query        url.Values
	// Body is the request body for ids (nil: the JSON list of ids).
	Body func(ids []string) any
}

// The by-ids endpoints of the executions API.
var (
	BulkKill     = ExecutionsBulk{Method: http.MethodDelete, Path: "kill/by-ids"}
	BulkRestart  = ExecutionsBulk{Method: http.MethodPost, Path: "restart/by-ids"}
	BulkPause    = ExecutionsBulk{Method: http.MethodPost, Path: "pause/by-ids"}
	BulkResume   = ExecutionsBulk{Method: http.MethodPost, Path: "resume/by-ids"}
	BulkForceRun = ExecutionsBulk{Method: http.MethodPost, Path: "force-run/by-ids"}
)

// BulkDelete deletes executions.
func BulkDelete(o DeleteOptions) ExecutionsBulk {
	return ExecutionsBulk{Method: http.MethodDelete, Path: "by-ids", Query: o.query(true)}
}

// BulkReplay replays terminated executions, on their revision or the
// flow's latest.
func BulkReplay(latestRevision bool) ExecutionsBulk {
	q := url.Values{}
	if latestRevision {
		q.Set("latestRevision", "true")
	}
	return ExecutionsBulk{Method: http.MethodPost, Path: "replay/by-ids", Query: q}
}

// BulkUnqueue unqueues queued executions to state.
func BulkUnqueue(state string) ExecutionsBulk {
	return ExecutionsBulk{Method: http.MethodPost, Path: "unqueue/by-ids", Query: url.Values{"state": {state}}}
}

// BulkChangeStatus sets terminated executions to another terminal state.
func BulkChangeStatus(status string) ExecutionsBulk {
	return ExecutionsBulk{Method: http.MethodPost, Path: "change-status/by-ids", Query: url.Values{"newStatus": {status}}}
}

// BulkSetLabels adds labels to terminated executions.
func BulkSetLabels(labels []Label) ExecutionsBulk {
	return ExecutionsBulk{Method: http.MethodPost, Path: "labels/by-ids", Body: func(ids []string) any {
		return struct {
			ExecutionsID    []string `json:"executionsId"`
			ExecutionLabels []Label  `json:"executionLabels"`
		}{ids, labels}
	}}
}

// ExecutionsByIDs applies a by-ids action to executions and returns the
// ids the server refused, with why. The server checks every execution of a
// request first and refuses the whole request (400, or 422 for deletion)
// when one is invalid, naming each invalid one in a BulkErrorResponse; the
// SDK's client does not hand that body over, so a refused request is split
// in halves until each refused execution stands alone: every other one is
// acted on, and the reason of a refusal is the server's message with the
// execution's state. Any other error fails the whole request.
func (c *Client) ExecutionsByIDs(ctx context.Context, b ExecutionsBulk, ids []string) (map[string]string, error) {
	failures := map[string]string{}
	if err := c.byIDs(ctx, b, ids, failures); err != nil {
		return nil, err
	}
	return failures, nil
}

func (c *Client) byIDs(ctx context.Context, b ExecutionsBulk, ids []string, failures map[string]string) error {
	if len(ids) == 0 {
		return nil
	}
	err := c.sendByIDs(ctx, b, ids)
	if !kestra.IsStatus(err, http.StatusBadRequest, http.StatusUnprocessableEntity) {
		return err
	}
	if len(ids) == 1 {
		failures[ids[0]] = c.refusal(ctx, ids[0], err)
		return nil
	}
	half := len(ids) / 2
	if err := c.byIDs(ctx, b, ids[:half], failures); err != nil {
		return err
	}
	return c.byIDs(ctx, b, ids[half:], failures)
}

func (c *Client) sendByIDs(ctx context.Context, b ExecutionsBulk, ids []string) error {
	req := &kestra.Request{Method: b.Method, Path: c.k.TenantPath("executions") + "/" + b.Path, Query: b.Query}
	var body any = ids
	if b.Body != nil {
		body = b.Body(ids)
	}
	if err := req.JSONBody(body); err != nil {
		return err
	}
	return c.k.JSON(ctx, req, nil)
}

// refusal explains why the server refused one execution: it does not
// exist, or the action does not apply in its state.
func (c *Client) refusal(ctx context.Context, id string, err error) string {
	msg := err.Error()
	var apiErr *kestra.APIError
	if errors.As(err, &apiErr) && apiErr.Message != "" {
		msg = apiErr.Message
	}
	e, gerr := c.GetExecution(ctx, id)
	switch {
	case kestra.IsNotFound(gerr):
		return "execution not found"
	case gerr != nil:
		return msg
	}
	return fmt.Sprintf("%s: the execution is %s", msg, e.State.Current)
}
