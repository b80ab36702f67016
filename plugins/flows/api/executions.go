package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/kestractl/kestractl/plugins/flows/sse"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// State is an execution's state.
type State struct {
	Current   string `json:"current"`
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate"`
	Duration  any    `json:"duration"`
}

// Execution holds the fields the commands use; Raw is the whole object.
type Execution struct {
	ID           string                     `json:"id"`
	Namespace    string                     `json:"namespace"`
	FlowID       string                     `json:"flowId"`
	FlowRevision int                        `json:"flowRevision"`
	State        State                      `json:"state"`
	URL          string                     `json:"url"`
	Labels       []Label                    `json:"labels"`
	Inputs       map[string]json.RawMessage `json:"inputs"`
	Outputs      map[string]json.RawMessage `json:"outputs"`
	TaskRuns     []TaskRun                  `json:"taskRunList"`
	OriginalID   string                     `json:"originalId"`
	ParentID     string                     `json:"parentId"`
	Raw          json.RawMessage            `json:"-"`
}

// Label is a key and a value.
type Label struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// TaskRun is one run of a task.
type TaskRun struct {
	ID       string                     `json:"id"`
	TaskID   string                     `json:"taskId"`
	ParentID string                     `json:"parentTaskRunId"`
	Value    string                     `json:"value"`
	State    State                      `json:"state"`
	Attempts []struct{ State State }    `json:"attempts"`
	Outputs  map[string]json.RawMessage `json:"outputs"`
}

// Terminal reports whether a state is final.
func Terminal(state string) bool {
	switch state {
	case "SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "SKIPPED", "RETRIED":
		return true
	}
	return false
}

// Failed reports whether a final state is a failure.
func Failed(state string) bool {
	switch state {
	case "FAILED", "KILLED", "CANCELLED":
		return true
	}
	return false
}

func decodeExecution(raw json.RawMessage) (*Execution, error) {
	var e Execution
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, fmt.Errorf("decode execution: %w", err)
	}
	e.Raw = raw
	return &e, nil
}

// RunOptions are the options of a new execution.
type RunOptions struct {
	// Inputs are key=value inputs; Files are key=path file inputs.
	Inputs   [][2]string
	Files    [][2]string
	Labels   []string // key:value
	Revision int
	Schedule string // RFC 3339, or ""
}

// CreateExecution starts an execution of a flow. The request is never
// repeated once it may have reached the server (an execution must not be
// triggered twice); file inputs are streamed from disk.
func (c *Client) CreateExecution(ctx context.Context, namespace, flowID string, opts RunOptions) (*Execution, error) {
	q := url.Values{"wait": {"false"}}
	for _, l := range opts.Labels {
		q.Add("labels", l)
	}
	if opts.Revision > 0 {
		q.Set("revision", strconv.Itoa(opts.Revision))
	}
	if opts.Schedule != "" {
		q.Set("scheduleDate", opts.Schedule)
	}
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("executions", namespace, flowID), Query: q}
	closeBody, err := setForm(req, opts.Inputs, opts.Files)
	if err != nil {
		return nil, err
	}
	defer closeBody()
	var raw json.RawMessage
	if err := c.k.JSON(ctx, req, &raw); err != nil {
		return nil, err
	}
	return decodeExecution(raw)
}

// setForm gives req a multipart body of inputs (key=value) and file
// inputs (key=path): replayable when there is no file (the client may
// repeat it on 429 only), else streamed from disk. The caller calls the
// returned function once the request is done.
func setForm(req *kestra.Request, inputs, files [][2]string) (func(), error) {
	if len(files) == 0 {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for _, kv := range inputs {
			if err := mw.WriteField(kv[0], kv[1]); err != nil {
				return nil, fmt.Errorf("encode input %s: %w", kv[0], err)
			}
		}
		if err := mw.Close(); err != nil {
			return nil, err
		}
		req.SetBody(body.Bytes(), mw.FormDataContentType())
		return func() {}, nil
	}
	body, contentType, err := streamForm(inputs, files)
	if err != nil {
		return nil, err
	}
	req.Body = body
	req.ContentType = contentType
	return func() { body.Close() }, nil
}

// streamForm writes the multipart body through a pipe, so file inputs are
// never read whole into memory.
func streamForm(inputs, fileInputs [][2]string) (io.ReadCloser, string, error) {
	files := make([]*os.File, 0, len(fileInputs))
	for _, kv := range fileInputs {
		f, err := os.Open(kv[1])
		if err != nil {
			for _, o := range files {
				o.Close()
			}
			return nil, "", fmt.Errorf("input %s: %w", kv[0], err)
		}
		files = append(files, f)
	}
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := func() error {
			for _, kv := range inputs {
				if err := mw.WriteField(kv[0], kv[1]); err != nil {
					return err
				}
			}
			for i, kv := range fileInputs {
				part, err := mw.CreateFormFile(kv[0], filepath.Base(kv[1]))
				if err != nil {
					return err
				}
				if _, err := io.Copy(part, files[i]); err != nil {
					return fmt.Errorf("read input file %s: %w", kv[1], err)
				}
			}
			return mw.Close()
		}()
		for _, f := range files {
			f.Close()
		}
		pw.CloseWithError(err)
	}()
	return pr, mw.FormDataContentType(), nil
}

// GetExecution returns an execution.
func (c *Client) GetExecution(ctx context.Context, id string) (*Execution, error) {
	var raw json.RawMessage
	if err := c.k.Get(ctx, c.k.TenantPath("executions", id), nil, &raw); err != nil {
		return nil, err
	}
	return decodeExecution(raw)
}

// SearchExecutions pages through executions matching the filters. With
// page > 0 only that page is fetched.
func (c *Client) SearchExecutions(ctx context.Context, filters url.Values, page, size int, fn func(items []json.RawMessage, total int64) error) error {
	path := c.k.TenantPath("executions", "search")
	if page > 0 {
		q := url.Values{}
		for k, v := range filters {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(page))
		q.Set("size", strconv.Itoa(size))
		var res kestra.PagedResults[json.RawMessage]
		if err := c.k.Get(ctx, path, q, &res); err != nil {
			return err
		}
		return fn(res.Results, res.Total)
	}
	return kestra.Paginate(ctx, c.k, path, filters, size, fn)
}

// ErrStreamUnavailable says the server offered no event stream; the caller
// falls back to polling.
var ErrStreamUnavailable = errors.New("event stream unavailable")

// FollowExecution reads the execution's event stream and calls fn with
// every state it reports, until the execution ends (fn gets the final
// execution) or ctx is done.
func (c *Client) FollowExecution(ctx context.Context, id string, fn func(*Execution) error) error {
	resp, err := c.k.Do(ctx, &kestra.Request{Method: http.MethodGet, Path: c.k.TenantPath("executions", id, "follow"), Stream: true, Accept: "text/event-stream"})
	if err != nil {
		if kestra.IsStatus(err, http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotAcceptable) {
			return fmt.Errorf("%w: %v", ErrStreamUnavailable, err)
		}
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
			return fmt.Errorf("%w: the stream ended early: %v", ErrStreamUnavailable, err)
		}
		if len(bytes.TrimSpace(ev.Data)) == 0 || bytes.Equal(bytes.TrimSpace(ev.Data), []byte("{}")) {
			continue
		}
		e, err := decodeExecution(ev.Data)
		if err != nil {
			continue
		}
		if err := fn(e); err != nil {
			return err
		}
		if Terminal(e.State.Current) {
			return nil
		}
	}
}

// PollExecution polls the execution until it ends, calling fn on every
// state change.
func (c *Client) PollExecution(ctx context.Context, id string, interval time.Duration, fn func(*Execution) error) error {
	last := ""
	for {
		e, err := c.GetExecution(ctx, id)
		if err != nil {
			return err
		}
		if e.State.Current != last || Terminal(e.State.Current) {
			last = e.State.Current
			if err := fn(e); err != nil {
				return err
			}
		}
		if Terminal(e.State.Current) {
			return nil
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
