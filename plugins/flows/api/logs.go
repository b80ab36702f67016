package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kestractl/kestractl/plugins/flows/sse"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// LogEntry is one log line.
type LogEntry struct {
	Timestamp string          `json:"timestamp"`
	Level     string          `json:"level"`
	TaskID    string          `json:"taskId"`
	Message   string          `json:"message"`
	Raw       json.RawMessage `json:"-"`
}

// LogSelection selects the logs of one execution: a minimum level, a
// task, a task run, an attempt.
type LogSelection struct {
	MinLevel, TaskID, TaskRunID string
	// Attempt selects one attempt (0 is the first) when not nil.
	Attempt *int
}

// filters are the selection as the list, download and follow routes of
// the Kestra 2.0 document take it (filters[level][GREATER_THAN_OR_EQUAL_TO],
// filters[taskId], filters[taskRunId], filters[attemptNumber]).
func (s LogSelection) filters() url.Values {
	q := url.Values{}
	if s.MinLevel != "" {
		q.Set("filters[level][GREATER_THAN_OR_EQUAL_TO]", s.MinLevel)
	}
	if s.TaskID != "" {
		q.Set("filters[taskId][EQUALS]", s.TaskID)
	}
	if s.TaskRunID != "" {
		q.Set("filters[taskRunId][EQUALS]", s.TaskRunID)
	}
	if s.Attempt != nil {
		q.Set("filters[attemptNumber][EQUALS]", strconv.Itoa(*s.Attempt))
	}
	return q
}

// params are the selection as the delete route takes it (minLevel,
// taskId, taskRunId, attempt).
func (s LogSelection) params() url.Values {
	q := url.Values{}
	if s.MinLevel != "" {
		q.Set("minLevel", s.MinLevel)
	}
	if s.TaskID != "" {
		q.Set("taskId", s.TaskID)
	}
	if s.TaskRunID != "" {
		q.Set("taskRunId", s.TaskRunID)
	}
	if s.Attempt != nil {
		q.Set("attempt", strconv.Itoa(*s.Attempt))
	}
	return q
}

// Logs returns the selected logs of an execution.
func (c *Client) Logs(ctx context.Context, id string, sel LogSelection) ([]LogEntry, error) {
	var raws []json.RawMessage
	if err := c.k.Get(ctx, c.k.TenantPath("logs", id), sel.filters(), &raws); err != nil {
		return nil, err
	}
	out := make([]LogEntry, 0, len(raws))
	for _, r := range raws {
		var l LogEntry
		if err := json.Unmarshal(r, &l); err != nil {
			return nil, fmt.Errorf("decode log entry: %w", err)
		}
		l.Raw = r
		out = append(out, l)
	}
	return out, nil
}

// DeleteLogs deletes the selected logs of an execution.
func (c *Client) DeleteLogs(ctx context.Context, id string, sel LogSelection) error {
	return c.k.JSON(ctx, &kestra.Request{Method: http.MethodDelete, Path: c.k.TenantPath("logs", id), Query: sel.params()}, nil)
}

// DeleteFlowLogs deletes the logs of a flow's executions, or only of those
// a trigger started.
func (c *Client) DeleteFlowLogs(ctx context.Context, namespace, flowID, triggerID string) error {
	q := url.Values{}
	if triggerID != "" {
		q.Set("triggerId", triggerID)
	}
	return c.k.JSON(ctx, &kestra.Request{Method: http.MethodDelete, Path: c.k.TenantPath("logs", namespace, flowID), Query: q}, nil)
}

// FollowLogs streams the logs of an execution until the server closes the
// stream (the execution ended) or ctx is done.
func (c *Client) FollowLogs(ctx context.Context, id string, sel LogSelection, fn func(LogEntry) error) error {
	resp, err := c.k.Do(ctx, &kestra.Request{Method: http.MethodGet, Path: c.k.TenantPath("logs", id, "follow"), Query: sel.filters(), Stream: true, Accept: "text/event-stream"})
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	r := sse.NewReader(resp.Body)
	for {
		ev, err := r.Next()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return nil // end of stream
		}
		data := bytes.TrimSpace(ev.Data)
		if len(data) == 0 || bytes.Equal(data, []byte("{}")) {
			continue
		}
		var l LogEntry
		if err := json.Unmarshal(data, &l); err != nil || l.Message == "" && l.Level == "" {
			continue
		}
		l.Raw = append(json.RawMessage(nil), data...)
		if err := fn(l); err != nil {
			return err
		}
	}
}
