package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// TriggerRef names a trigger: Kestra's ApiTriggerId.
type TriggerRef struct {
	Namespace string `json:"namespace"`
	FlowID    string `json:"flowId"`
	TriggerID string `json:"triggerId"`
}

// String is the trigger as the *-by-ids commands take it:
// namespace/flow/trigger.
func (r TriggerRef) String() string { return r.Namespace + "/" + r.FlowID + "/" + r.TriggerID }

// TriggerState holds the fields of an ApiTriggerState the commands use.
type TriggerState struct {
	TriggerRef
	Disabled bool `json:"disabled"`
	Locked   bool `json:"locked"`
	Backfill *struct {
		Paused bool `json:"paused"`
	} `json:"backfill"`
}

// asyncResponse is ApiAsyncOperationResponse.
type asyncResponse struct {
	TotalItems int `json:"totalItems"`
}

func (c *Client) triggersPath(segments ...string) string {
	return c.k.TenantPath(append([]string{"triggers"}, segments...)...)
}

// TriggersOfFlow returns the trigger states of one flow (every page).
func (c *Client) TriggersOfFlow(ctx context.Context, namespace, flowID string) ([]TriggerState, error) {
	var out []TriggerState
	err := kestra.Paginate(ctx, c.k, c.triggersPath(namespace, flowID), nil, 100, func(items []json.RawMessage, _ int64) error {
		for _, raw := range items {
			var st TriggerState
			if err := json.Unmarshal(raw, &st); err != nil {
				return err
			}
			out = append(out, st)
		}
		return nil
	})
	return out, err
}

// SetTriggerDisabled enables or disables one trigger; the answer is its
// state.
func (c *Client) SetTriggerDisabled(ctx context.Context, ref TriggerRef, disabled bool) (json.RawMessage, error) {
	body := struct {
		TriggerRef
		Disabled bool `json:"disabled"`
	}{ref, disabled}
	var raw json.RawMessage
	err := c.k.Send(ctx, http.MethodPut, c.triggersPath("set-disabled"), body, &raw)
	return raw, err
}

// UnlockTrigger unlocks a trigger (a 409 when it is not locked).
func (c *Client) UnlockTrigger(ctx context.Context, ref TriggerRef) (json.RawMessage, error) {
	var raw json.RawMessage
	req := &kestra.Request{Method: http.MethodPost, Path: c.triggersPath(ref.Namespace, ref.FlowID, ref.TriggerID, "unlock"), Idempotent: true}
	err := c.k.JSON(ctx, req, &raw)
	return raw, err
}

// RestartTrigger resets a trigger: unlocked, its next date computed anew.
func (c *Client) RestartTrigger(ctx context.Context, ref TriggerRef) (json.RawMessage, error) {
	var raw json.RawMessage
	req := &kestra.Request{Method: http.MethodPost, Path: c.triggersPath(ref.Namespace, ref.FlowID, ref.TriggerID, "restart"), Idempotent: true}
	err := c.k.JSON(ctx, req, &raw)
	return raw, err
}

// DeleteTrigger deletes a trigger's state (the next revision of its flow
// creates it anew).
func (c *Client) DeleteTrigger(ctx context.Context, ref TriggerRef) error {
	return c.k.JSON(ctx, &kestra.Request{Method: http.MethodDelete, Path: c.triggersPath(ref.Namespace, ref.FlowID, ref.TriggerID)}, nil)
}

// TriggerAction is a bulk action on triggers.
type TriggerAction int

// The bulk actions of the triggers API.
const (
	ActionEnable TriggerAction = iota
	ActionDisable
	ActionUnlock
	ActionDelete
	ActionPauseBackfill
	ActionUnpauseBackfill
	ActionDeleteBackfill
)

// TriggersByIDs applies an action to triggers (the by-triggers endpoints)
// and returns the number of items the server submitted.
func (c *Client) TriggersByIDs(ctx context.Context, action TriggerAction, refs []TriggerRef) (int, error) {
	var req *kestra.Request
	var body any = refs
	switch action {
	case ActionEnable, ActionDisable:
		req = &kestra.Request{Method: http.MethodPost, Path: c.triggersPath("set-disabled", "by-triggers"), Idempotent: true}
		body = struct {
			Triggers []TriggerRef `json:"triggers"`
			Disabled bool         `json:"disabled"`
		}{refs, action == ActionDisable}
	case ActionUnlock:
		req = &kestra.Request{Method: http.MethodPost, Path: c.triggersPath("unlock", "by-triggers"), Idempotent: true}
	case ActionDelete:
		req = &kestra.Request{Method: http.MethodDelete, Path: c.triggersPath("delete", "by-triggers")}
	case ActionPauseBackfill:
		req = &kestra.Request{Method: http.MethodPost, Path: c.triggersPath("backfill", "pause", "by-triggers"), Idempotent: true}
	case ActionUnpauseBackfill:
		req = &kestra.Request{Method: http.MethodPost, Path: c.triggersPath("backfill", "unpause", "by-triggers"), Idempotent: true}
	case ActionDeleteBackfill:
		req = &kestra.Request{Method: http.MethodPost, Path: c.triggersPath("backfill", "delete", "by-triggers"), Idempotent: true}
	}
	if err := req.JSONBody(body); err != nil {
		return 0, err
	}
	var out asyncResponse
	err := c.k.JSON(ctx, req, &out)
	return out.TotalItems, err
}

// Backfill is a backfill to create.
type Backfill struct {
	Start  time.Time      `json:"start"`
	End    *time.Time     `json:"end,omitempty"`
	Inputs map[string]any `json:"inputs,omitempty"`
	Labels []Label        `json:"labels,omitempty"`
}

// CreateBackfill starts a backfill of a Schedule trigger; the answer is the
// trigger's state.
func (c *Client) CreateBackfill(ctx context.Context, ref TriggerRef, b Backfill) (json.RawMessage, error) {
	body := struct {
		TriggerRef
		Backfill Backfill `json:"backfill"`
	}{ref, b}
	var raw json.RawMessage
	err := c.k.Send(ctx, http.MethodPut, c.triggersPath("backfill", "create"), body, &raw)
	return raw, err
}

// PauseBackfill pauses (or resumes) a trigger's backfill.
func (c *Client) PauseBackfill(ctx context.Context, ref TriggerRef, pause bool) (json.RawMessage, error) {
	verb := "unpause"
	if pause {
		verb = "pause"
	}
	var raw json.RawMessage
	err := c.k.Send(ctx, http.MethodPut, c.triggersPath("backfill", verb), ref, &raw)
	return raw, err
}

// DeleteBackfill drops a trigger's backfill.
func (c *Client) DeleteBackfill(ctx context.Context, ref TriggerRef) (json.RawMessage, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.triggersPath("backfill", "delete"), Idempotent: true}
	if err := req.JSONBody(ref); err != nil {
		return nil, err
	}
	var raw json.RawMessage
	err := c.k.JSON(ctx, req, &raw)
	return raw, err
}

// OpenTriggersCSV opens the CSV of the triggers the filters select,
// streamed; the caller closes the body.
func (c *Client) OpenTriggersCSV(ctx context.Context, filters url.Values) (*http.Response, error) {
	return c.k.Do(ctx, &kestra.Request{Method: http.MethodGet, Path: c.triggersPath("export", "by-query", "csv"), Query: filters,
		Stream: true, Accept: "text/csv"})
}
