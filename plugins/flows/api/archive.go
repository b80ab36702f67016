package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// ExportFlows downloads a ZIP of flow sources: by query (GET
// /flows/export/by-query with the filters) when refs is nil, else by ids
// (POST /flows/export/by-ids). read gets the answer; it may be called again
// when a dropped connection is retried, and must then start over.
func (c *Client) ExportFlows(ctx context.Context, filters url.Values, refs []FlowRef, read func(*http.Response) error) error {
	req, err := c.exportRequest(filters, refs)
	if err != nil {
		return err
	}
	return c.k.Call(ctx, req, read)
}

// OpenExport opens the ZIP of ExportFlows, streamed; the caller closes the
// body. The request is safe to repeat.
func (c *Client) OpenExport(ctx context.Context, filters url.Values, refs []FlowRef) (*http.Response, error) {
	req, err := c.exportRequest(filters, refs)
	if err != nil {
		return nil, err
	}
	return c.k.Do(ctx, req)
}

func (c *Client) exportRequest(filters url.Values, refs []FlowRef) (*kestra.Request, error) {
	if refs == nil {
		return &kestra.Request{Method: http.MethodGet, Path: c.k.TenantPath("flows", "export", "by-query"), Query: filters,
			Stream: true, Accept: "application/octet-stream"}, nil
	}
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("flows", "export", "by-ids"),
		Stream: true, Accept: "application/octet-stream", Idempotent: true}
	if err := req.JSONBody(refs); err != nil {
		return nil, err
	}
	return req, nil
}

// ImportFlows uploads a ZIP of flow sources or a multi-document YAML file
// (POST /flows/import, part fileUpload, streamed) and returns the entries
// the server could not import (ZIP entry names, or document indexes of a
// YAML file). An import is safe to repeat: it creates or updates.
func (c *Client) ImportFlows(ctx context.Context, file kestra.FilePart, failOnError bool) ([]string, error) {
	file.Field = "fileUpload"
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("flows", "import"),
		Query: url.Values{"failOnError": {strconv.FormatBool(failOnError)}}, Idempotent: true}
	if err := req.SetMultipartFile(file); err != nil {
		return nil, err
	}
	var wrong []string
	if err := c.k.JSON(ctx, req, &wrong); err != nil {
		return nil, err
	}
	return wrong, nil
}
