package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// The actions on one execution (kestra-io/kestra webserver
// ExecutionController): each answers the execution as it is after the
// action — the same execution, or a new one for a replay and for a restart
// on another revision. None is repeated once it may have reached the
// server, except on 429.

// action sends an action request and decodes the execution it answers.
func (c *Client) action(ctx context.Context, req *kestra.Request) (*Execution, error) {
	var raw json.RawMessage
	if err := c.k.JSON(ctx, req, &raw); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	return decodeExecution(raw)
}

func (c *Client) actionPath(id, action string) string {
	return c.k.TenantPath("executions", id, "actions", action)
}

// Kill asks the server to kill an execution and, with cascade, the
// executions its subflow tasks started (isOnKillCascade). The answer may
// be empty: the execution is then nil.
func (c *Client) Kill(ctx context.Context, id string, cascade bool) (*Execution, error) {
	return c.action(ctx, &kestra.Request{Method: http.MethodDelete, Path: c.actionPath(id, "kill"),
		Query: url.Values{"isOnKillCascade": {strconv.FormatBool(cascade)}}, Accept: "application/json, text/json"})
}

// Restart restarts a failed or paused execution from its failed (or
// paused) task runs: the same execution gets a new attempt, or, with a
// revision, a new execution runs that revision.
func (c *Client) Restart(ctx context.Context, id string, revision int) (*Execution, error) {
	q := url.Values{}
	if revision > 0 {
		q.Set("revision", strconv.Itoa(revision))
	}
	return c.action(ctx, &kestra.Request{Method: http.MethodPost, Path: c.actionPath(id, "restart"), Query: q})
}

// Resume resumes a paused execution with the resume inputs its Pause task
// declares (key=value; files as key=path, streamed).
func (c *Client) Resume(ctx context.Context, id string, inputs, files [][2]string) (*Execution, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.actionPath(id, "resume")}
	done, err := setForm(req, inputs, files)
	if err != nil {
		return nil, err
	}
	defer done()
	return c.action(ctx, req)
}

// Pause pauses a running execution after its current task.
func (c *Client) Pause(ctx context.Context, id string) (*Execution, error) {
	return c.action(ctx, &kestra.Request{Method: http.MethodPost, Path: c.actionPath(id, "pause")})
}

// ForceRun runs a created, queued or paused execution now.
func (c *Client) ForceRun(ctx context.Context, id string) (*Execution, error) {
	return c.action(ctx, &kestra.Request{Method: http.MethodPost, Path: c.actionPath(id, "force-run")})
}

// Unqueue takes a queued execution out of its flow's queue, to state
// (RUNNING, CANCELLED or FAILED).
func (c *Client) Unqueue(ctx context.Context, id, state string) (*Execution, error) {
	return c.action(ctx, &kestra.Request{Method: http.MethodPost, Path: c.actionPath(id, "unqueue"),
		Query: url.Values{"state": {state}}})
}

// ReplayOptions say where a replay starts and what it runs.
type ReplayOptions struct {
	// TaskRunID starts the replay from that task run ("" from the start).
	TaskRunID string
	// Revision runs another revision of the flow (0: the execution's).
	Revision int
	// Breakpoints are task ids (id.value) the new execution stops at.
	Breakpoints string
}

func (o ReplayOptions) query() url.Values {
	q := url.Values{}
	if o.TaskRunID != "" {
		q.Set("taskRunId", o.TaskRunID)
	}
	if o.Revision > 0 {
		q.Set("revision", strconv.Itoa(o.Revision))
	}
	if o.Breakpoints != "" {
		q.Set("breakpoints", o.Breakpoints)
	}
	return q
}

// Replay creates a new execution from a terminated one and answers it.
func (c *Client) Replay(ctx context.Context, id string, o ReplayOptions) (*Execution, error) {
	return c.action(ctx, &kestra.Request{Method: http.MethodPost, Path: c.actionPath(id, "replay"), Query: o.query()})
}

// ReplayWithInputs replays an execution with new inputs (key=value; files
// as key=path, streamed) and answers the new execution.
func (c *Client) ReplayWithInputs(ctx context.Context, id string, o ReplayOptions, inputs, files [][2]string) (*Execution, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.actionPath(id, "replay-with-inputs"), Query: o.query()}
	done, err := setForm(req, inputs, files)
	if err != nil {
		return nil, err
	}
	defer done()
	return c.action(ctx, req)
}

// ChangeStatus sets a terminated execution to another terminal state.
func (c *Client) ChangeStatus(ctx context.Context, id, status string) (*Execution, error) {
	return c.action(ctx, &kestra.Request{Method: http.MethodPost, Path: c.actionPath(id, "change-status"),
		Query: url.Values{"status": {status}}})
}

// SetTaskRunState changes the state of a task run of a terminated
// execution, which then runs on from there (ExecutionController.StateRequest).
func (c *Client) SetTaskRunState(ctx context.Context, id, taskRunID, state string) (*Execution, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.actionPath(id, "state")}
	if err := req.JSONBody(map[string]string{"taskRunId": taskRunID, "state": state}); err != nil {
		return nil, err
	}
	return c.action(ctx, req)
}

// SetLabels replaces the labels of a terminated execution (its system
// labels stay).
func (c *Client) SetLabels(ctx context.Context, id string, labels []Label) (*Execution, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.actionPath(id, "labels"), Idempotent: true}
	if err := req.JSONBody(labels); err != nil {
		return nil, err
	}
	return c.action(ctx, req)
}

// DeleteOptions say what goes with a deleted execution. The server's
// defaults delete everything: every field is sent.
type DeleteOptions struct {
	Logs, Metrics, Storage bool
	// NonTerminated deletes executions that have not ended (bulk only).
	NonTerminated bool
}

func (o DeleteOptions) query(bulk bool) url.Values {
	q := url.Values{"deleteLogs": {strconv.FormatBool(o.Logs)}, "deleteMetrics": {strconv.FormatBool(o.Metrics)},
		"deleteStorage": {strconv.FormatBool(o.Storage)}}
	if bulk {
		q.Set("includeNonTerminated", strconv.FormatBool(o.NonTerminated))
	}
	return q
}

// DeleteExecution deletes an execution.
func (c *Client) DeleteExecution(ctx context.Context, id string, o DeleteOptions) error {
	return c.k.JSON(ctx, &kestra.Request{Method: http.MethodDelete, Path: c.k.TenantPath("executions", id), Query: o.query(false)}, nil)
}
