package executions

import (
	"net/http"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// flowForExecution is FlowForExecution: what someone allowed to execute a
// flow (not to read it) sees of it — its inputs, outputs, labels, and its
// tasks and triggers reduced to id and type (a Pause task shows its
// onResume inputs, a Subflow task the flow it starts).
func flowForExecution(rev *flows.Revision) map[string]any {
	d := rev.Def
	out := map[string]any{
		"id": d.ID, "namespace": d.Namespace, "revision": rev.Revision,
		"disabled": d.Disabled, "deleted": rev.Deleted, "draft": false,
		"tasks": tasksForExecution(d.Doc["tasks"]),
	}
	if d.Description != "" {
		out["description"] = d.Description
	}
	if len(d.Labels) > 0 {
		out["labels"] = d.Labels
	}
	for _, key := range []string{"inputs", "outputs"} {
		if v, ok := d.Doc[key]; ok {
			out[key] = v
		}
	}
	for _, key := range []string{"errors", "finally"} {
		if _, ok := d.Doc[key]; ok {
			out[key] = tasksForExecution(d.Doc[key])
		}
	}
	if list, ok := d.Doc["triggers"].([]any); ok {
		triggers := []map[string]any{}
		for _, t := range list {
			if m, ok := t.(map[string]any); ok {
				triggers = append(triggers, map[string]any{"id": m["id"], "type": m["type"]})
			}
		}
		out["triggers"] = triggers
	}
	return out
}

func tasksForExecution(raw any) []map[string]any {
	out := []map[string]any{}
	for _, t := range taskList(raw) {
		m := map[string]any{"id": t.ID, "type": t.Type}
		if sub, ok := t.Props["tasks"]; ok {
			m["tasks"] = tasksForExecution(sub)
		}
		switch flows.Canonical(t.Type) {
		case TypePause:
			if in, ok := t.Props["onResume"]; ok {
				m["inputs"] = in
			}
		case TypeSubflow:
			sub := map[string]any{"namespace": t.Props["namespace"], "flowId": t.Props["flowId"]}
			if r, ok := t.Props["revision"]; ok {
				sub["revision"] = r
			}
			m["subflowId"] = sub
		}
		out = append(out, m)
	}
	return out
}

// flowOfExecution answers the flow revision an execution runs.
func (h *Handlers) flowOfExecution(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	id := r.PathValue("executionId")
	e, err := h.Store.Get(a.Tenant, id)
	if err != nil {
		return rest.NotFound("Not Found: Execution %s not found when fetching flow", id)
	}
	if err := a.Require("EXECUTION", "VIEW", e.namespace); err != nil {
		return err
	}
	rev, err := h.Store.flows.Get(e.tenant, e.namespace, e.flowID, e.flowRevision, true)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, flowForExecution(rev))
	return nil
}

// flowInfo answers a flow (latest or given revision) as FlowForExecution.
func (h *Handlers) flowInfo(w http.ResponseWriter, r *http.Request) error {
	revision, err := rest.QueryInt(r, "revision", 1)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	rev, err := h.Store.flows.Get(a.Tenant, r.PathValue("namespace"), r.PathValue("flowId"), revision, revision > 0)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, flowForExecution(rev))
	return nil
}
