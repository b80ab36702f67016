package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

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

func logQuery(minLevel string) url.Values {
	q := url.Values{}
	if minLevel != "" {
		q.Set("minLevel", minLevel)
	}
	return q
}

// Logs returns the logs of an execution.
func (c *Client) Logs(ctx context.Context, id, minLevel string) ([]LogEntry, error) {
	var raws []json.RawMessage
	if err := c.k.Get(ctx, c.k.TenantPath("logs", id), logQuery(minLevel), &raws); err != nil {
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

// FollowLogs streams the logs of an execution until the server closes the
// stream (the execution ended) or ctx is done.
func (c *Client) FollowLogs(ctx context.Context, id, minLevel string, fn func(LogEntry) error) error {
	resp, err := c.k.Do(ctx, &kestra.Request{Method: http.MethodGet, Path: c.k.TenantPath("logs", id, "follow"), Query: logQuery(minLevel), Stream: true, Accept: "text/event-stream"})
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
