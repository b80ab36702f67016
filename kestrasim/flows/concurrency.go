package flows

import (
	"net/http"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Concurrency limits follow ConcurrencyLimitController (kestra-io/kestra
// webserver/.../controllers/api/ConcurrencyLimitController.java): one limit
// per flow declaring `concurrency`, carrying the number of its executions
// counted as running. The count is the live one unless an operator set it
// (PUT), which Kestra offers to repair a counter that drifted.

// RunningCounter counts the executions of a flow that have not ended.
type RunningCounter func(tenant, namespace, flowID string) int

type concurrencyLimit struct {
	TenantID  string `json:"tenantId"`
	Namespace string `json:"namespace"`
	FlowID    string `json:"flowId"`
	Running   int    `json:"running"`
}

// runningOverride returns the count an operator set for a flow.
func (s *Store) runningOverride(tenant string, k key) (int, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n, ok := s.running[tenant][k]
	return n, ok
}

func (s *Store) setRunning(tenant string, k key, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running == nil {
		s.running = map[string]map[key]int{}
	}
	if s.running[tenant] == nil {
		s.running[tenant] = map[key]int{}
	}
	s.running[tenant][k] = n
}

func (h *Handlers) limitOf(tenant string, rev *Revision) concurrencyLimit {
	k := key{rev.Def.Namespace, rev.Def.ID}
	n, ok := h.Store.runningOverride(tenant, k)
	if !ok && h.Running != nil {
		n = h.Running(tenant, k.ns, k.id)
	}
	return concurrencyLimit{TenantID: tenant, Namespace: k.ns, FlowID: k.id, Running: n}
}

func hasConcurrency(rev *Revision) bool {
	_, ok := rev.Def.Doc["concurrency"].(map[string]any)
	return ok
}

// concurrencySearch serves GET /concurrency-limit/search.
func (h *Handlers) concurrencySearch(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	out := []concurrencyLimit{}
	for _, rev := range h.find(r, query{}) {
		if hasConcurrency(rev) {
			out = append(out, h.limitOf(a.Tenant, rev))
		}
	}
	rest.WriteJSON(w, http.StatusOK, rest.Paged[concurrencyLimit]{Results: out, Total: int64(len(out))})
	return nil
}

// concurrencyUpdate serves PUT /concurrency-limit/{namespace}/{flowId}.
func (h *Handlers) concurrencyUpdate(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		TenantID  string `json:"tenantId"`
		Namespace string `json:"namespace"`
		FlowID    string `json:"flowId"`
		Running   *int   `json:"running"`
	}
	if err := rest.DecodeJSON(r, &body); err != nil {
		return err
	}
	ns, id := r.PathValue("namespace"), r.PathValue("flowId")
	var vs []rest.Violation
	if body.Namespace != "" && body.Namespace != ns {
		vs = append(vs, rest.Violation{Path: "concurrencyLimit.namespace", Message: "must be the namespace of the path, '" + ns + "'"})
	}
	if body.FlowID != "" && body.FlowID != id {
		vs = append(vs, rest.Violation{Path: "concurrencyLimit.flowId", Message: "must be the flow id of the path, '" + id + "'"})
	}
	if body.Running == nil || *body.Running < 0 {
		vs = append(vs, rest.Violation{Path: "concurrencyLimit.running", Message: "must be greater than or equal to 0"})
	}
	if len(vs) > 0 {
		return rest.Invalid(vs...)
	}
	a := auth.From(r.Context())
	rev, err := h.Store.Get(a.Tenant, ns, id, 0, false)
	if err != nil || !hasConcurrency(rev) {
		return rest.NotFound("Concurrency limit not found for flow '%s' in namespace '%s'", id, ns)
	}
	h.Store.setRunning(a.Tenant, key{ns, id}, *body.Running)
	rest.WriteJSON(w, http.StatusOK, h.limitOf(a.Tenant, rev))
	return nil
}
