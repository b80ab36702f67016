package executions

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// maxWebhookBody bounds a webhook request body.
const maxWebhookBody = 8 << 20

func (h *Handlers) webhookRoutes() []rest.Route {
	const p = "/api/v1/{tenant}/executions/webhook/{namespace}/{id}/{key}"
	var out []rest.Route
	for _, m := range []string{"GET", "POST", "PUT"} {
		// Webhooks are open: the key is the secret (Kestra serves them
		// without authentication).
		out = append(out,
			rest.Route{Method: m, Path: p, Handler: h.webhook, Public: true},
			rest.Route{Method: m, Path: p + "/{path}", Handler: h.webhook, Public: true})
	}
	return out
}

// webhookResponse is WebhookResponse.
type webhookResponse struct {
	TenantID     string         `json:"tenantId"`
	ID           string         `json:"id"`
	Namespace    string         `json:"namespace"`
	FlowID       string         `json:"flowId"`
	FlowRevision int            `json:"flowRevision"`
	Trigger      *TriggerInfo   `json:"trigger,omitempty"`
	Outputs      map[string]any `json:"outputs,omitzero"`
	Labels       []flows.Label  `json:"labels"`
	State        stateJSON      `json:"state"`
	URL          string         `json:"url"`
}

// webhook starts an execution of a flow through its Webhook trigger whose
// key matches (ExecutionController.webhook): 404 "Flow not found" or
// "Webhook not found", 409 for a disabled flow. The trigger's variables are
// the request's body (JSON when it parses), headers and query parameters;
// a trigger with wait: true answers once the execution has ended.
func (h *Handlers) webhook(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	ns, flowID, key := r.PathValue("namespace"), r.PathValue("id"), r.PathValue("key")
	rev, err := h.Store.flows.Get(a.Tenant, ns, flowID, 0, false)
	if err != nil {
		return rest.NotFound("Not Found: Flow not found")
	}
	if rev.Def.Disabled {
		return conflict("Cannot execute flow: flow is disabled.")
	}
	var trigger map[string]any
	list, _ := rev.Def.Doc["triggers"].([]any)
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok || flows.Canonical(str(m["type"], "")) != flows.TypeWebhook {
			continue
		}
		if disabled, _ := m["disabled"].(bool); disabled {
			continue
		}
		if strings.TrimSpace(renderLenient(str(m["key"], ""), map[string]any{"flow": map[string]any{"id": flowID, "namespace": ns}})) == key {
			trigger = m
			break
		}
	}
	if trigger == nil {
		return rest.NotFound("Not Found: Webhook not found")
	}
	body, err := rest.ReadBody(r, maxWebhookBody)
	if err != nil {
		return err
	}
	var parsed any = string(body)
	if len(body) > 0 {
		var v any
		if json.Unmarshal(body, &v) == nil {
			parsed = v
		}
	} else {
		parsed = nil
	}
	headers := map[string]any{}
	for k, vs := range r.Header {
		if strings.EqualFold(k, "Authorization") {
			continue
		}
		list := make([]any, len(vs))
		for i, v := range vs {
			list[i] = v
		}
		headers[k] = list
	}
	params := map[string]any{}
	for k, vs := range r.URL.Query() {
		list := make([]any, len(vs))
		for i, v := range vs {
			list[i] = v
		}
		params[k] = list
	}
	vars := map[string]any{"body": parsed, "headers": headers, "parameters": params}
	if p := r.PathValue("path"); p != "" {
		vars["path"] = p
	}
	trigID, _ := trigger["id"].(string)
	values, _ := renderValue(trigger["inputs"], map[string]any{"trigger": vars}).(map[string]any)
	e, snap, err := h.Store.create(CreateRequest{
		Tenant: a.Tenant, Flow: rev, Values: values,
		Trigger: &TriggerInfo{ID: trigID, Type: str(trigger["type"], flows.TypeWebhook), Variables: vars},
	})
	if err != nil {
		return err
	}
	if wait, _ := trigger["wait"].(bool); wait {
		snap = e.Wait(r.Context())
	}
	resp := webhookResponse{
		TenantID: snap.TenantID, ID: snap.ID, Namespace: snap.Namespace, FlowID: snap.FlowID,
		FlowRevision: snap.FlowRevision, Trigger: snap.Trigger, Labels: snap.Labels, State: snap.State,
		URL: rest.BaseURL(r) + "/ui/" + a.Tenant + "/executions/" + ns + "/" + flowID + "/" + snap.ID,
	}
	if ret, ok := trigger["returnOutputs"].(bool); !ok || ret {
		resp.Outputs = snap.Outputs
	}
	rest.WriteJSON(w, http.StatusOK, resp)
	return nil
}
