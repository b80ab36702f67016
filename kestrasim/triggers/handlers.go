package triggers

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Handlers serves the triggers API.
type Handlers struct {
	Store *Store
}

// Routes lists the trigger routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/triggers"
	perm := rest.PermissionOn("FLOW")
	return []rest.Route{
		{Method: "GET", Path: p + "/search", Handler: h.search, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/export/by-query/csv", Handler: h.exportCSV, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/{namespace}/{flowId}", Handler: h.forFlow, Perm: perm("VIEW"), NamespaceParam: "namespace"},
		{Method: "PUT", Path: p + "/set-disabled", Handler: h.setDisabled, Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/set-disabled/by-triggers", Handler: h.setDisabledByIDs, Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/set-disabled/by-query", Handler: h.setDisabledByQuery, Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/{namespace}/{flowId}/{triggerId}/unlock", Handler: h.one(h.Store.Unlock), Perm: perm("UPDATE"), NamespaceParam: "namespace"},
		{Method: "POST", Path: p + "/unlock/by-triggers", Handler: h.byIDs(h.Store.Unlock, true), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/unlock/by-query", Handler: h.byQuery(h.Store.Unlock, true), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/{namespace}/{flowId}/{triggerId}/restart", Handler: h.one(h.Store.Restart), Perm: perm("UPDATE"), NamespaceParam: "namespace"},
		{Method: "DELETE", Path: p + "/{namespace}/{flowId}/{triggerId}", Handler: h.deleteOne, Perm: perm("UPDATE"), NamespaceParam: "namespace"},
		{Method: "DELETE", Path: p + "/delete/by-triggers", Handler: h.byIDs(h.deleteState, false), Perm: perm("UPDATE")},
		{Method: "DELETE", Path: p + "/delete/by-query", Handler: h.byQuery(h.deleteState, false), Perm: perm("UPDATE")},
		{Method: "PUT", Path: p + "/backfill/create", Handler: h.createBackfill, Perm: perm("UPDATE")},
		{Method: "PUT", Path: p + "/backfill/pause", Handler: h.bodyOne(h.pause(true)), Perm: perm("UPDATE")},
		{Method: "PUT", Path: p + "/backfill/unpause", Handler: h.bodyOne(h.pause(false)), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/backfill/delete", Handler: h.bodyOne(h.Store.DeleteBackfill), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/backfill/pause/by-triggers", Handler: h.byIDs(h.pause(true), false), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/backfill/pause/by-query", Handler: h.byQuery(h.pause(true), false), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/backfill/unpause/by-triggers", Handler: h.byIDs(h.pause(false), false), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/backfill/unpause/by-query", Handler: h.byQuery(h.pause(false), false), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/backfill/delete/by-triggers", Handler: h.byIDs(h.Store.DeleteBackfill, false), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/backfill/delete/by-query", Handler: h.byQuery(h.Store.DeleteBackfill, false), Perm: perm("UPDATE")},
	}
}

// action is one change to a trigger.
type action func(tenant string, id ID) (*State, error)

func (h *Handlers) pause(paused bool) action {
	return func(tenant string, id ID) (*State, error) { return h.Store.SetBackfillPaused(tenant, id, paused) }
}

func (h *Handlers) deleteState(tenant string, id ID) (*State, error) {
	return nil, h.Store.Delete(tenant, id)
}

func pathID(r *http.Request) ID {
	return ID{Namespace: r.PathValue("namespace"), FlowID: r.PathValue("flowId"), TriggerID: r.PathValue("triggerId")}
}

// one serves an action on the trigger of the path: the refreshed state.
func (h *Handlers) one(fn action) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		st, err := fn(auth.From(r.Context()).Tenant, pathID(r))
		if err != nil {
			return err
		}
		rest.WriteJSON(w, http.StatusOK, st.api())
		return nil
	}
}

func (h *Handlers) deleteOne(w http.ResponseWriter, r *http.Request) error {
	if err := h.Store.Delete(auth.From(r.Context()).Tenant, pathID(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// readID reads an ApiTriggerId body and checks the caller may update it.
func readID(r *http.Request, v any, id func() ID) error {
	if err := rest.DecodeJSON(r, v); err != nil {
		return err
	}
	t := id()
	if t.Namespace == "" || t.FlowID == "" || t.TriggerID == "" {
		return rest.BadRequest("namespace, flowId and triggerId are required")
	}
	return auth.From(r.Context()).Require("FLOW", "UPDATE", t.Namespace)
}

// bodyOne serves an action on the trigger a JSON ApiTriggerId names.
func (h *Handlers) bodyOne(fn action) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var id ID
		if err := readID(r, &id, func() ID { return id }); err != nil {
			return err
		}
		st, err := fn(auth.From(r.Context()).Tenant, id)
		if err != nil {
			return err
		}
		rest.WriteJSON(w, http.StatusOK, st.api())
		return nil
	}
}

func (h *Handlers) setDisabled(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		ID
		Disabled bool `json:"disabled"`
	}
	if err := readID(r, &req, func() ID { return req.ID }); err != nil {
		return err
	}
	st, err := h.Store.SetDisabled(auth.From(r.Context()).Tenant, req.ID, req.Disabled)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, st.api())
	return nil
}

type backfillBody struct {
	Start  *time.Time     `json:"start"`
	End    *time.Time     `json:"end"`
	Inputs map[string]any `json:"inputs"`
	Labels []flows.Label  `json:"labels"`
}

func (h *Handlers) createBackfill(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		ID
		Backfill *backfillBody `json:"backfill"`
	}
	if err := readID(r, &req, func() ID { return req.ID }); err != nil {
		return err
	}
	if req.Backfill == nil {
		return rest.Invalid(rest.Violation{Path: "backfill", Message: "must not be null"})
	}
	inputs := map[string]any{}
	for k, v := range req.Backfill.Inputs {
		if n, ok := v.(json.Number); ok {
			v = n.String()
		}
		inputs[k] = v
	}
	st, err := h.Store.CreateBackfill(auth.From(r.Context()).Tenant, req.ID, BackfillRequest{
		Start: req.Backfill.Start, End: req.Backfill.End, Inputs: inputs, Labels: req.Backfill.Labels,
	})
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, st.api())
	return nil
}

// asyncResponse is ApiAsyncOperationResponse. The simulator applies bulk
// actions before answering 202, so the operation is already done.
type asyncResponse struct {
	OperationID string `json:"operationId"`
	TotalItems  int    `json:"totalItems"`
}

func accepted(w http.ResponseWriter, n int) {
	rest.WriteJSON(w, http.StatusAccepted, asyncResponse{OperationID: rand.Text()[:22], TotalItems: n})
}

// apply runs fn on each id and counts those it applied to. With onlyOK,
// only successes count (unlocking skips triggers that are not locked, as
// TriggerStateService.unlockAllByIds does); otherwise every existing
// trigger counts (submitExistingBatch) and errors are ignored.
func (h *Handlers) apply(r *http.Request, ids []ID, fn action, onlyOK bool) int {
	a := auth.From(r.Context())
	n := 0
	for _, id := range ids {
		if !a.Allowed("FLOW", "UPDATE", id.Namespace) {
			continue
		}
		if _, err := h.Store.Get(a.Tenant, id); err != nil {
			continue
		}
		if _, err := fn(a.Tenant, id); err == nil || !onlyOK {
			n++
		}
	}
	return n
}

// byIDs serves an action on a JSON list of ApiTriggerId.
func (h *Handlers) byIDs(fn action, onlyOK bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var ids []ID
		if err := rest.DecodeJSON(r, &ids); err != nil {
			return err
		}
		accepted(w, h.apply(r, ids, fn, onlyOK))
		return nil
	}
}

// byQuery serves an action on the triggers the query filters select.
func (h *Handlers) byQuery(fn action, onlyOK bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		sel, err := h.selection(r)
		if err != nil {
			return err
		}
		accepted(w, h.apply(r, sel, fn, onlyOK))
		return nil
	}
}

func (h *Handlers) setDisabledByIDs(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Triggers []ID  `json:"triggers"`
		Disabled *bool `json:"disabled"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if len(req.Triggers) == 0 || req.Disabled == nil {
		return rest.Invalid(rest.Violation{Path: "request", Message: "triggers must not be empty and disabled must not be null"})
	}
	disabled := *req.Disabled
	accepted(w, h.apply(r, req.Triggers, func(t string, id ID) (*State, error) { return h.Store.SetDisabled(t, id, disabled) }, false))
	return nil
}

func (h *Handlers) setDisabledByQuery(w http.ResponseWriter, r *http.Request) error {
	disabled := true
	if v := r.URL.Query().Get("disabled"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return rest.BadRequest("Failed to convert argument [disabled] for value [%s]", v)
		}
		disabled = b
	}
	sel, err := h.selection(r)
	if err != nil {
		return err
	}
	accepted(w, h.apply(r, sel, func(t string, id ID) (*State, error) { return h.Store.SetDisabled(t, id, disabled) }, false))
	return nil
}

// selection returns the ids of the triggers the request's filters select.
func (h *Handlers) selection(r *http.Request) ([]ID, error) {
	match, err := filterOf(r)
	if err != nil {
		return nil, err
	}
	var ids []ID
	for _, st := range h.visible(r, match) {
		ids = append(ids, st.ID)
	}
	return ids, nil
}

// visible returns the states the caller may list that match.
func (h *Handlers) visible(r *http.Request, match func(*State) bool) []*State {
	a := auth.From(r.Context())
	return h.Store.list(a.Tenant, func(st *State) bool {
		if !a.Allowed("FLOW", "LIST", st.Namespace) && !a.Allowed("FLOW", "VIEW", st.Namespace) {
			return false
		}
		return match(st)
	})
}

// filterOf builds the trigger filter of a request: `filters[...]` query
// parameters (namespace, flowId, triggerId, q, locked, workerId,
// nextExecutionDate, lastTriggeredDate) and, for DELETE by-query, a JSON
// body {"filters": [QueryFilter...]}.
func filterOf(r *http.Request) (func(*State) bool, error) {
	fs, err := rest.ParseFilters(r.URL.Query())
	if err != nil {
		return nil, err
	}
	if r.Method == http.MethodDelete && r.ContentLength != 0 && r.Body != nil {
		var body struct {
			Filters []struct {
				Field     string `json:"field"`
				Operation string `json:"operation"`
				Value     any    `json:"value"`
			} `json:"filters"`
		}
		if err := rest.DecodeJSON(r, &body); err != nil {
			return nil, err
		}
		for _, f := range body.Filters {
			var values []string
			switch v := f.Value.(type) {
			case []any:
				for _, x := range v {
					values = append(values, toString(x))
				}
			case nil:
			default:
				values = append(values, toString(v))
			}
			fs = append(fs, rest.Filter{Field: f.Field, Op: strings.ToUpper(f.Operation), Values: values})
		}
	}
	text, _ := fs.Equals("q")
	if v := r.URL.Query().Get("q"); v != "" {
		text = v
	}
	return func(st *State) bool {
		if text != "" && !strings.Contains(strings.ToLower(st.Namespace+" "+st.FlowID+" "+st.TriggerID), strings.ToLower(text)) {
			return false
		}
		if !fs.Match("namespace", st.Namespace) || !fs.Match("flowId", st.FlowID) || !fs.Match("triggerId", st.TriggerID) ||
			!fs.Match("locked", strconv.FormatBool(st.Locked)) || !fs.Match("enabled", strconv.FormatBool(!st.Disabled)) {
			return false
		}
		for field, d := range map[string]*time.Time{"nextExecutionDate": st.NextEvaluationDate, "lastTriggeredDate": st.LastTriggeredDate} {
			if len(fs.On(field)) > 0 && (d == nil || !fs.Match(field, d.UTC().Format(time.RFC3339))) {
				return false
			}
		}
		return true
	}, nil
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// stateFields are the fields a list of trigger states sorts on.
var stateFields = rest.Comparators[*State]{
	"triggerId":          rest.By(func(s *State) string { return s.TriggerID }),
	"flowId":             rest.By(func(s *State) string { return s.FlowID }),
	"namespace":          rest.By(func(s *State) string { return s.Namespace }),
	"nextEvaluationDate": rest.ByTime(func(s *State) time.Time { return date(s.NextEvaluationDate) }),
	"nextExecutionDate":  rest.ByTime(func(s *State) time.Time { return date(s.NextEvaluationDate) }),
	"lastTriggeredDate":  rest.ByTime(func(s *State) time.Time { return date(s.LastTriggeredDate) }),
	"updatedAt":          rest.ByTime(func(s *State) time.Time { return s.UpdatedAt }),
	"timestamp":          rest.ByTime(func(s *State) time.Time { return s.UpdatedAt }),
}

// date is t, or the zero time for none.
func date(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

type triggerAndState struct {
	Trigger map[string]any `json:"trigger"`
	State   apiState       `json:"state"`
}

// search serves GET /triggers/search: ApiTriggerAndState pages.
func (h *Handlers) search(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	paging, err := rest.ParsePaging(q, 10)
	if err != nil {
		return err
	}
	match, err := filterOf(r)
	if err != nil {
		return err
	}
	states := h.visible(r, match)
	rest.Sort(states, rest.ParseSort(q), stateFields)
	page := rest.Page(states, paging)
	a := auth.From(r.Context())
	out := rest.Paged[triggerAndState]{Results: []triggerAndState{}, Total: page.Total}
	for _, st := range page.Results {
		def := h.Store.definition(a.Tenant, st.ID)
		if def == nil {
			continue
		}
		out.Results = append(out.Results, triggerAndState{Trigger: def, State: st.api()})
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

// forFlow serves GET /triggers/{namespace}/{flowId}?q=: ApiTriggerState
// pages of one flow.
func (h *Handlers) forFlow(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	paging, err := rest.ParsePaging(q, 10)
	if err != nil {
		return err
	}
	ns, flowID, text := r.PathValue("namespace"), r.PathValue("flowId"), q.Get("q")
	states := h.visible(r, func(st *State) bool {
		return st.Namespace == ns && st.FlowID == flowID && (text == "" || strings.Contains(strings.ToLower(st.TriggerID), strings.ToLower(text)))
	})
	rest.Sort(states, rest.ParseSort(q), stateFields)
	page := rest.Page(states, paging)
	out := rest.Paged[apiState]{Results: []apiState{}, Total: page.Total}
	for _, st := range page.Results {
		out.Results = append(out.Results, st.api())
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}
