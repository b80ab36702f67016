package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// FileMetas is the metadata of a file of an execution (FileMetas).
type FileMetas struct {
	Size int64 `json:"size"`
}

// FileMetadata answers the metadata of a file of an execution's internal
// storage (a kestra:/// URI).
func (c *Client) FileMetadata(ctx context.Context, id, uri string) (json.RawMessage, *FileMetas, error) {
	var raw json.RawMessage
	if err := c.k.Get(ctx, c.k.TenantPath("executions", id, "file", "metas"), url.Values{"path": {uri}}, &raw); err != nil {
		return nil, nil, err
	}
	var m FileMetas
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, nil, fmt.Errorf("decode file metadata: %w", err)
	}
	return raw, &m, nil
}

// OpenFile opens a file of an execution's internal storage for reading,
// from byte offset on (a Range request; the answer is then 206, or 200
// with the whole file when the server ignores ranges). ifRange makes the
// range conditional on the file being the one first read (its ETag). The
// request's timeout applies until the answer starts; the caller closes the
// body and bounds a stalled transfer through ctx.
func (c *Client) OpenFile(ctx context.Context, id, uri string, offset int64, ifRange string) (*http.Response, error) {
	req := &kestra.Request{Method: http.MethodGet, Path: c.k.TenantPath("executions", id, "file"),
		Query: url.Values{"path": {uri}}, Stream: true, Accept: "application/octet-stream, */*"}
	if offset > 0 {
		req.Header = http.Header{"Range": {fmt.Sprintf("bytes=%d-", offset)}}
		if ifRange != "" {
			req.Header.Set("If-Range", ifRange)
		}
	}
	return c.k.Do(ctx, req)
}

// OpenLogs opens the text download of an execution's logs (one line per
// log: instant, level, message), selected by sel.
func (c *Client) OpenLogs(ctx context.Context, id string, sel LogSelection) (*http.Response, error) {
	return c.k.Do(ctx, &kestra.Request{Method: http.MethodGet, Path: c.k.TenantPath("logs", id, "download"),
		Query: sel.filters(), Stream: true, Accept: "text/plain, */*"})
}
