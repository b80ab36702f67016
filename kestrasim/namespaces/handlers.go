package namespaces

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// Handlers serves the namespaces API.
type Handlers struct {
	Registry *Registry
}

// Routes lists the namespace routes; create, update and delete are
// Enterprise-only, as in the document.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/namespaces"
	return []rest.Route{
		{Method: "GET", Path: p + "/search", Handler: h.search, Perm: rest.Permission{Resource: "NAMESPACE", Action: "LIST"}},
		{Method: "GET", Path: p + "/{id}", Handler: h.get, Perm: rest.Permission{Resource: "NAMESPACE", Action: "VIEW"}, NamespaceParam: "id"},
		{Method: "POST", Path: p, Handler: h.create, Perm: rest.Permission{Resource: "NAMESPACE", Action: "CREATE"}, EEOnly: true},
		{Method: "PUT", Path: p + "/{id}", Handler: h.update, Perm: rest.Permission{Resource: "NAMESPACE", Action: "UPDATE"}, NamespaceParam: "id", EEOnly: true},
		{Method: "DELETE", Path: p + "/{id}", Handler: h.delete, Perm: rest.Permission{Resource: "NAMESPACE", Action: "DELETE"}, NamespaceParam: "id", EEOnly: true},
	}
}

// namespaceJSON is the Namespace schema.
type namespaceJSON struct {
	ID          string         `json:"id"`
	Deleted     bool           `json:"deleted"`
	Description string         `json:"description,omitempty"`
	Variables   map[string]any `json:"variables,omitempty"`
}

func toJSON(n Namespace) namespaceJSON {
	return namespaceJSON{ID: n.ID, Description: n.Description, Variables: n.Variables}
}

func (h *Handlers) search(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	q := r.URL.Query()
	paging, err := rest.ParsePaging(q, 10)
	if err != nil {
		return err
	}
	filters, err := rest.ParseFilters(q)
	if err != nil {
		return err
	}
	if v := q.Get("existing"); v != "" {
		if _, err := strconv.ParseBool(v); err != nil {
			return rest.BadRequest("Failed to convert argument [existing] for value [%s]", v)
		}
	}
	text := q.Get("q")
	if v, ok := filters.Equals("q"); ok {
		text = v
	}
	var out []namespaceJSON
	for _, n := range h.Registry.List(a.Tenant) {
		if !a.Allowed("NAMESPACE", "LIST", n.ID) && !a.Allowed("NAMESPACE", "VIEW", n.ID) {
			continue
		}
		if text != "" && !strings.Contains(n.ID, strings.ToLower(text)) {
			continue
		}
		if !filters.Match("namespace", n.ID) || !filters.Match("id", n.ID) {
			continue
		}
		out = append(out, toJSON(n))
	}
	for _, k := range rest.ParseSort(q) {
		if k.Field == "id" && k.Desc {
			for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
	return nil
}

func (h *Handlers) get(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	id := r.PathValue("id")
	n, ok := h.Registry.Get(a.Tenant, id)
	if !ok {
		return rest.NotFound("Namespace '%s' not found", id)
	}
	rest.WriteJSON(w, http.StatusOK, toJSON(n))
	return nil
}

func (h *Handlers) decode(r *http.Request) (Namespace, error) {
	var body struct {
		ID          string         `json:"id"`
		Description string         `json:"description"`
		Variables   map[string]any `json:"variables"`
	}
	if err := rest.DecodeJSON(r, &body); err != nil {
		return Namespace{}, err
	}
	return Namespace{ID: body.ID, Description: body.Description, Variables: body.Variables}, nil
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	n, err := h.decode(r)
	if err != nil {
		return err
	}
	if !idPattern.MatchString(n.ID) || len(n.ID) > 150 {
		return rest.Invalid(rest.Violation{Path: "id", Message: `must match "^[a-z0-9][a-z0-9._-]*"`})
	}
	if err := a.Require("NAMESPACE", "CREATE", n.ID); err != nil {
		return err
	}
	if !h.Registry.Create(a.Tenant, n) {
		return rest.Conflict("Namespace '%s' already exists", n.ID)
	}
	cur, _ := h.Registry.Get(a.Tenant, n.ID)
	rest.WriteJSON(w, http.StatusOK, toJSON(cur))
	return nil
}

func (h *Handlers) update(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	n, err := h.decode(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if n.ID != "" && n.ID != id {
		return rest.Invalid(rest.Violation{Path: "id", Message: "Illegal namespace id update"})
	}
	n.ID = id
	cur, ok := h.Registry.Update(a.Tenant, n)
	if !ok {
		return rest.NotFound("Namespace '%s' not found", id)
	}
	rest.WriteJSON(w, http.StatusOK, toJSON(cur))
	return nil
}

func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	id := r.PathValue("id")
	if !h.Registry.Delete(a.Tenant, id) {
		return rest.NotFound("Namespace '%s' not found", id)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
