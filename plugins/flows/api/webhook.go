package api

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// WebhookRequest is a call of a flow's Webhook trigger.
type WebhookRequest struct {
	Namespace, FlowID, Key string
	// Method is GET, POST or PUT; Path an optional last path segment.
	Method, Path string
	// Body and its content type (POST and PUT).
	Body        []byte
	ContentType string
}

// TriggerWebhook calls a Webhook trigger and answers the execution it
// started (WebhookResponse; an ended one when the trigger waits). The call
// carries no credentials: the key is the webhook's secret, and what the
// request carries (headers included) becomes the execution's trigger
// variables. It is never repeated: it starts an execution.
func (c *Client) TriggerWebhook(ctx context.Context, w WebhookRequest) (*Execution, error) {
	segs := []string{"executions", "webhook", w.Namespace, w.FlowID, w.Key}
	if w.Path != "" {
		segs = append(segs, w.Path)
	}
	// A body without GetBody is never repeated, even for GET and PUT.
	req := &kestra.Request{Method: w.Method, Path: c.k.TenantPath(segs...), Anonymous: true, Body: bytes.NewReader(w.Body)}
	if len(w.Body) > 0 {
		req.ContentType = w.ContentType
	}
	var raw json.RawMessage
	if err := c.k.JSON(ctx, req, &raw); err != nil {
		return nil, err
	}
	return decodeExecution(raw)
}
