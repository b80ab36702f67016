package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// yamlType is the content type Kestra reads flow sources with.
const yamlType = "application/x-yaml"

// Flow holds the fields of a flow the commands use; Raw is the whole
// object as the server sent it.
type Flow struct {
	ID          string          `json:"id"`
	Namespace   string          `json:"namespace"`
	Revision    int             `json:"revision"`
	Description string          `json:"description"`
	Disabled    bool            `json:"disabled"`
	Source      string          `json:"source"`
	Raw         json.RawMessage `json:"-"`
}

func decodeFlow(raw json.RawMessage) (*Flow, error) {
	var f Flow
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("decode flow: %w", err)
	}
	f.Raw = raw
	return &f, nil
}

// GetFlow returns a flow, with its source when source is true. A missing
// flow is a *kestra.APIError with status 404 (kestra.IsNotFound).
func (c *Client) GetFlow(ctx context.Context, namespace, id string, source bool) (*Flow, error) {
	var raw json.RawMessage
	q := url.Values{"source": {strconv.FormatBool(source)}, "allowDeleted": {"false"}}
	if err := c.k.Get(ctx, c.k.TenantPath("flows", namespace, id), q, &raw); err != nil {
		return nil, err
	}
	return decodeFlow(raw)
}

// CreateFlow creates a flow from its YAML source. It is safe to repeat: a
// repeat of a create that was applied answers a conflict, which the caller
// resolves by reading the flow back.
func (c *Client) CreateFlow(ctx context.Context, src []byte) (*Flow, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("flows"), Idempotent: true}
	req.SetBody(src, yamlType)
	var raw json.RawMessage
	if err := c.k.JSON(ctx, req, &raw); err != nil {
		return nil, err
	}
	return decodeFlow(raw)
}

// UpdateFlow replaces a flow's source (a new revision).
func (c *Client) UpdateFlow(ctx context.Context, namespace, id string, src []byte) (*Flow, error) {
	req := &kestra.Request{Method: http.MethodPut, Path: c.k.TenantPath("flows", namespace, id)}
	req.SetBody(src, yamlType)
	var raw json.RawMessage
	if err := c.k.JSON(ctx, req, &raw); err != nil {
		return nil, err
	}
	return decodeFlow(raw)
}

// DeleteFlow deletes a flow.
func (c *Client) DeleteFlow(ctx context.Context, namespace, id string) error {
	return c.k.JSON(ctx, &kestra.Request{Method: http.MethodDelete, Path: c.k.TenantPath("flows", namespace, id)}, nil)
}

// SearchFlows pages through the flows (of one namespace when namespace is
// set) and calls fn with each page as the server sent it.
func (c *Client) SearchFlows(ctx context.Context, namespace string, size int, fn func(page []json.RawMessage, total int64) error) error {
	q := url.Values{}
	if namespace != "" {
		q.Set("filters[namespace][EQUALS]", namespace)
	}
	q.Set("sort", "id:asc")
	return kestra.Paginate(ctx, c.k, c.k.TenantPath("flows", "search"), q, size, fn)
}

// Violation is one entry of a validation answer.
type Violation struct {
	Index            int      `json:"index"`
	Flow             string   `json:"flow"`
	Namespace        string   `json:"namespace"`
	Constraints      string   `json:"constraints"`
	Warnings         []string `json:"warnings"`
	Infos            []string `json:"infos"`
	DeprecationPaths []string `json:"deprecationPaths"`
	Outdated         bool     `json:"outdated"`
}

// ValidateFlows sends documents as one multi-document YAML body and returns
// the server's verdicts, indexed by document.
func (c *Client) ValidateFlows(ctx context.Context, docs [][]byte) ([]Violation, error) {
	var body bytes.Buffer
	for i, d := range docs {
		if i > 0 {
			if !bytes.HasSuffix(body.Bytes(), []byte("\n")) {
				body.WriteByte('\n')
			}
			body.WriteString("---\n")
		}
		body.Write(d)
	}
	req := &kestra.Request{Method: http.MethodPost, Path: c.k.TenantPath("flows", "validate"), Idempotent: true}
	req.SetBody(body.Bytes(), yamlType)
	var out []Violation
	if err := c.k.JSON(ctx, req, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// FlowIDs returns the ids of the flows of one namespace (not of its
// children).
func (c *Client) FlowIDs(ctx context.Context, namespace string) (map[string]bool, error) {
	ids := map[string]bool{}
	err := c.SearchFlows(ctx, namespace, 1000, func(page []json.RawMessage, _ int64) error {
		for _, raw := range page {
			var f struct {
				ID        string `json:"id"`
				Namespace string `json:"namespace"`
			}
			if err := json.Unmarshal(raw, &f); err != nil {
				return fmt.Errorf("decode flow: %w", err)
			}
			if f.Namespace == namespace {
				ids[f.ID] = true
			}
		}
		return nil
	})
	return ids, err
}
