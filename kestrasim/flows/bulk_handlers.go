package flows

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// bulkResponse is Kestra's BulkResponse.
type bulkResponse struct {
	Count int `json:"count"`
}

// readRefs reads a JSON list of IdWithNamespace.
func readRefs(r *http.Request) ([]FlowRef, error) {
	var refs []FlowRef
	if err := rest.DecodeJSON(r, &refs); err != nil {
		return nil, err
	}
	for i, ref := range refs {
		if ref.Namespace == "" || ref.ID == "" {
			return nil, rest.BadRequest("Invalid flow identifier at index %d: namespace and id are required", i)
		}
	}
	return refs, nil
}

// requireEach checks the caller holds FLOW:action on the namespace of every
// ref.
func requireEach(r *http.Request, refs []FlowRef, action string) error {
	a := auth.From(r.Context())
	for _, ref := range refs {
		if err := a.Require("FLOW", action, ref.Namespace); err != nil {
			return err
		}
	}
	return nil
}

// queried returns the flows a by-query action applies to: those the query
// matches and the caller may change with action.
func (h *Handlers) queried(r *http.Request, action string) ([]FlowRef, error) {
	fq, err := parseQuery(r)
	if err != nil {
		return nil, err
	}
	a := auth.From(r.Context())
	var refs []FlowRef
	for _, rev := range h.find(r, fq) {
		if a.Allowed("FLOW", action, rev.Def.Namespace) {
			refs = append(refs, FlowRef{Namespace: rev.Def.Namespace, ID: rev.Def.ID})
		}
	}
	return refs, nil
}

// setDisabledByIDs serves POST /flows/{enable,disable}/by-ids: the count is
// the flows whose state changed (FlowController.setFlowsDisableByIds).
func (h *Handlers) setDisabledByIDs(disabled bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		refs, err := readRefs(r)
		if err != nil {
			return err
		}
		if err := requireEach(r, refs, "UPDATE"); err != nil {
			return err
		}
		n, err := h.Store.SetDisabled(auth.From(r.Context()).Tenant, refs, disabled)
		if err != nil {
			return err
		}
		rest.WriteJSON(w, http.StatusOK, bulkResponse{Count: n})
		return nil
	}
}

func (h *Handlers) setDisabledByQuery(disabled bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		refs, err := h.queried(r, "UPDATE")
		if err != nil {
			return err
		}
		n, err := h.Store.SetDisabled(auth.From(r.Context()).Tenant, refs, disabled)
		if err != nil {
			return err
		}
		rest.WriteJSON(w, http.StatusOK, bulkResponse{Count: n})
		return nil
	}
}

func (h *Handlers) deleteByIDs(w http.ResponseWriter, r *http.Request) error {
	refs, err := readRefs(r)
	if err != nil {
		return err
	}
	if err := requireEach(r, refs, "DELETE"); err != nil {
		return err
	}
	return h.deleteMany(w, r, refs)
}

func (h *Handlers) deleteByQuery(w http.ResponseWriter, r *http.Request) error {
	refs, err := h.queried(r, "DELETE")
	if err != nil {
		return err
	}
	return h.deleteMany(w, r, refs)
}

// deleteMany deletes the flows of refs and answers how many.
func (h *Handlers) deleteMany(w http.ResponseWriter, r *http.Request, refs []FlowRef) error {
	n, err := h.Store.DeleteMany(auth.From(r.Context()).Tenant, refs)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, bulkResponse{Count: n})
	return nil
}

// deleteRevisions serves DELETE /flows/{namespace}/{id}/revisions?revisions=
// (given repeated or comma-separated, each >= 1, at least one): 204.
func (h *Handlers) deleteRevisions(w http.ResponseWriter, r *http.Request) error {
	var revs []int
	for _, raw := range r.URL.Query()["revisions"] {
		for _, part := range strings.Split(raw, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil || n < 1 {
				return rest.BadRequest("Failed to convert argument [revisions] for value [%s]: revisions are integers >= 1", raw)
			}
			revs = append(revs, n)
		}
	}
	if len(revs) == 0 {
		return rest.BadRequest("Required QueryValue [revisions] not specified")
	}
	a := auth.From(r.Context())
	if err := h.Store.DeleteRevisions(a.Tenant, r.PathValue("namespace"), r.PathValue("id"), revs); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// distinctNamespaces serves GET /flows/distinct-namespaces?q=: the sorted
// namespaces holding at least one live flow, containing q.
func (h *Handlers) distinctNamespaces(w http.ResponseWriter, r *http.Request) error {
	text := r.URL.Query().Get("q")
	out := []string{}
	for _, rev := range h.find(r, query{}) {
		ns := rev.Def.Namespace
		if (text == "" || containsFold(ns, text)) && (len(out) == 0 || out[len(out)-1] != ns) {
			out = append(out, ns)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

// task serves GET /flows/{namespace}/{id}/tasks/{taskId}?revision=: the task
// of that id anywhere in the flow (Flow.findTaskByTaskId), or 404.
func (h *Handlers) task(w http.ResponseWriter, r *http.Request) error {
	revision, err := revisionParam(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	ns, id, taskID := r.PathValue("namespace"), r.PathValue("id"), r.PathValue("taskId")
	rev, err := h.Store.Get(a.Tenant, ns, id, revision, false)
	if err != nil {
		return err
	}
	t := findTask(rev.Def.Doc, taskID)
	if t == nil {
		return rest.NotFound("Task '%s' not found in flow '%s' of namespace '%s'", taskID, id, ns)
	}
	rest.WriteJSON(w, http.StatusOK, t)
	return nil
}

func revisionParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("revision")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, rest.BadRequest("Failed to convert argument [revision] for value [%s]", v)
	}
	return n, nil
}
