package tenants

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/limits"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Handlers serves the tenants API (TenantController of Kestra Enterprise):
// instance-level, super-admin only, Enterprise-only.
type Handlers struct {
	Store *Store
}

// Routes lists the tenant routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/tenants"
	routes := []rest.Route{
		{Method: "POST", Path: p, Handler: h.create},
		{Method: "GET", Path: p + "/search", Handler: h.search},
		{Method: "GET", Path: p + "/{id}", Handler: h.get},
		{Method: "PUT", Path: p + "/{id}", Handler: h.update},
		{Method: "DELETE", Path: p + "/{id}", Handler: h.delete},
	}
	for i := range routes {
		routes[i].SuperAdmin, routes[i].EEOnly = true, true
	}
	return routes
}

func notFound(id string) error { return rest.NotFound("Tenant '%s' not found", id) }

// decode reads a Tenant body and validates it.
func decode(r *http.Request) (Tenant, error) {
	var t Tenant
	if err := rest.DecodeJSON(r, &t); err != nil {
		return Tenant{}, err
	}
	var vs []rest.Violation
	if !idPattern.MatchString(t.ID) {
		vs = append(vs, rest.Violation{Path: "id", Message: `must match "^[a-z0-9][a-z0-9_-]*"`})
	}
	if strings.TrimSpace(t.Name) == "" {
		vs = append(vs, rest.Violation{Path: "name", Message: "must not be blank"})
	}
	vs = append(vs, limits.ValidateConcurrency("concurrency", t.Concurrency)...)
	vs = append(vs, limits.ValidateQuotas("quotas", t.Quotas)...)
	if len(vs) > 0 {
		return Tenant{}, rest.Invalid(vs...)
	}
	t.Deleted = false
	return t, nil
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	t, err := decode(r)
	if err != nil {
		return err
	}
	if !h.Store.create(t) {
		return rest.Conflict("Conflict: tenant '%s' already exists", t.ID)
	}
	rest.WriteJSON(w, http.StatusOK, t)
	return nil
}

func (h *Handlers) search(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	paging, filters, err := rest.ParseSearch(q, 10)
	if err != nil {
		return err
	}
	text, _ := filters.Equals("q")
	if v := q.Get("q"); v != "" {
		text = v
	}
	text = strings.ToLower(text)
	out := []Tenant{}
	for _, t := range h.Store.List() {
		if text != "" && !strings.Contains(strings.ToLower(t.ID+" "+t.Name), text) {
			continue
		}
		if !filters.Match("id", t.ID) || !filters.Match("name", t.Name) {
			continue
		}
		out = append(out, t)
	}
	for _, k := range rest.ParseSort(q) {
		if k.Desc && (k.Field == "id" || k.Field == "name") {
			slices.Reverse(out)
		}
	}
	rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
	return nil
}

func (h *Handlers) get(w http.ResponseWriter, r *http.Request) error {
	t, ok := h.Store.Get(r.PathValue("id"))
	if !ok {
		return notFound(r.PathValue("id"))
	}
	rest.WriteJSON(w, http.StatusOK, t)
	return nil
}

// update replaces a tenant (PUT): fields left out are cleared, as for any
// PUT of Kestra; the id cannot change.
func (h *Handlers) update(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	t, err := decode(r)
	if err != nil {
		return err
	}
	if t.ID != id {
		return rest.Invalid(rest.Violation{Path: "id", Message: "Illegal tenant id update"})
	}
	if !h.Store.replace(t) {
		return notFound(id)
	}
	rest.WriteJSON(w, http.StatusOK, t)
	return nil
}

// delete removes a tenant and all its resources.
func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	if !h.Store.remove(r.PathValue("id")) {
		return notFound(r.PathValue("id"))
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
