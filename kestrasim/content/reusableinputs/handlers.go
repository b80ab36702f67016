package reusableinputs

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/content/params"
	"github.com/kestractl/kestractl/kestrasim/content/store"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

const resource = "REUSABLE_INPUTS"

// NamespaceToucher records that a namespace exists.
type NamespaceToucher interface {
	Touch(tenant, ns string)
}

// Handlers serves the reusable inputs API (Enterprise).
type Handlers struct {
	Store      *store.Store[*Set]
	Namespaces NamespaceToucher
}

// Routes lists the reusable inputs routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/namespaces/{namespace}/reusable-inputs"
	perm := rest.PermissionOn(resource)
	rs := []rest.Route{
		{Method: "GET", Path: p, Handler: h.list, Perm: perm("LIST"), NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/{id}", Handler: h.get, Perm: perm("VIEW"), NamespaceParam: "namespace"},
		// PUT creates or updates: the handler requires CREATE or UPDATE.
		{Method: "PUT", Path: p + "/{id}", Handler: h.put},
		{Method: "DELETE", Path: p + "/{id}", Handler: h.delete, Perm: perm("DELETE"), NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/{id}/revisions", Handler: h.revisions, Perm: perm("VIEW"), NamespaceParam: "namespace"},
		{Method: "GET", Path: "/api/v1/{tenant}/reusable-inputs/namespaces", Handler: h.namespaces, Perm: perm("LIST")},
	}
	return rest.EEOnly(rs)
}

// response is ReusableInputs with its revision attributes.
type response struct {
	Namespace   string    `json:"namespace"`
	ID          string    `json:"id"`
	Description string    `json:"description,omitempty"`
	Inputs      []any     `json:"inputs"`
	Source      string    `json:"source"`
	Revision    int       `json:"revision"`
	Last        bool      `json:"last"`
	Created     time.Time `json:"created"`
	Updated     time.Time `json:"updated"`
	Deleted     bool      `json:"deleted"`
}

func view(it *store.Item[*Set], last bool) response {
	s := it.Value
	return response{Namespace: s.Namespace, ID: s.ID, Description: s.Description, Inputs: s.Inputs, Source: it.Source,
		Revision: it.Revision, Last: last, Created: it.Created, Updated: it.Updated, Deleted: it.Deleted}
}

func notFound(ns, id string) error {
	return rest.NotFound("Reusable inputs '%s' not found in namespace '%s' or its parents", id, ns)
}

// resolve finds the set id visible from ns: in ns, else in its closest
// parent that defines it.
func (h *Handlers) resolve(tenant, ns, id string) (*store.Item[*Set], error) {
	parents := namespaces.Parents(ns)
	for i := len(parents) - 1; i >= 0; i-- {
		if it, err := h.Store.Get(tenant, Key(parents[i], id)); err == nil {
			return it, nil
		}
	}
	return nil, notFound(ns, id)
}

func (h *Handlers) get(w http.ResponseWriter, r *http.Request) error {
	revision, err := rest.QueryInt(r, "revision", 1)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	ns, id := r.PathValue("namespace"), r.PathValue("id")
	latest, err := h.resolve(a.Tenant, ns, id)
	if err != nil {
		return err
	}
	it := latest
	if revision > 0 {
		if it, err = h.Store.GetRevision(a.Tenant, latest.Key, revision); err != nil {
			return rest.NotFound("Revision %d of reusable inputs '%s' not found in namespace '%s'", revision, id, latest.Value.Namespace)
		}
	}
	rest.WriteJSON(w, http.StatusOK, view(it, it.Revision == latest.Revision))
	return nil
}

func (h *Handlers) list(w http.ResponseWriter, r *http.Request) error {
	paging, err := rest.ParsePaging(r.URL.Query(), 10)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	ns := r.PathValue("namespace")
	visible := map[string]*store.Item[*Set]{}
	for _, parent := range namespaces.Parents(ns) {
		// outermost first: a child's set replaces its parent's
		for _, it := range h.Store.List(a.Tenant, func(it *store.Item[*Set]) bool { return it.Value.Namespace == parent }) {
			visible[it.Value.ID] = it
		}
	}
	rows := make([]response, 0, len(visible))
	for _, it := range visible {
		rows = append(rows, view(it, true))
	}
	slices.SortFunc(rows, func(a, b response) int { return strings.Compare(a.ID, b.ID) })
	rest.WriteJSON(w, http.StatusOK, rest.Page(rows, paging))
	return nil
}

func (h *Handlers) put(w http.ResponseWriter, r *http.Request) error {
	failIfExists, err := rest.QueryBool(r, "failIfExists", false)
	if err != nil {
		return err
	}
	src, err := params.Source(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	ns, id := r.PathValue("namespace"), r.PathValue("id")
	set, vs := Parse(src, ns, id)
	if err := vs.Err(); err != nil {
		return err
	}
	key := Key(ns, id)
	_, getErr := h.Store.Get(a.Tenant, key)
	action := "CREATE"
	if getErr == nil {
		action = "UPDATE"
	}
	if err := a.Require(resource, action, ns); err != nil {
		return err
	}
	if action == "UPDATE" && failIfExists {
		return rest.Conflict("Reusable inputs '%s' already exist in namespace '%s'", id, ns)
	}
	it, _ := h.Store.Put(a.Tenant, key, set, string(src))
	h.Namespaces.Touch(a.Tenant, ns)
	rest.WriteJSON(w, http.StatusOK, view(it, true))
	return nil
}

func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	ns, id := r.PathValue("namespace"), r.PathValue("id")
	if _, err := h.Store.Delete(a.Tenant, Key(ns, id)); err != nil {
		return rest.NotFound("Reusable inputs '%s' not found in namespace '%s'", id, ns)
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (h *Handlers) revisions(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	ns, id := r.PathValue("namespace"), r.PathValue("id")
	revs, err := h.Store.Revisions(a.Tenant, Key(ns, id))
	if err != nil {
		return rest.NotFound("Reusable inputs '%s' not found in namespace '%s'", id, ns)
	}
	out := make([]response, len(revs))
	for i, it := range revs {
		out[i] = view(it, i == len(revs)-1)
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handlers) namespaces(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	out := []string{}
	for _, it := range h.Store.List(a.Tenant, nil) {
		ns := it.Value.Namespace
		if !slices.Contains(out, ns) && (a.Allowed(resource, "LIST", ns) || a.Allowed(resource, "VIEW", ns)) {
			out = append(out, ns)
		}
	}
	slices.Sort(out)
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}
