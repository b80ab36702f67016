package namespaces

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/limits"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// FlowCounter tells how many flows a namespace holds.
type FlowCounter interface {
	// CountFlows counts the live flows of ns and of its child namespaces.
	CountFlows(tenant, ns string) int
}

// Handlers serves the namespaces API.
type Handlers struct {
	Registry *Registry
	// Flows, when set, makes a namespace holding flows undeletable.
	Flows FlowCounter
}

// Routes lists the namespace routes; create, update, delete and the
// inherited variables are Enterprise-only, as in the document.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/namespaces"
	perm := rest.PermissionOn("NAMESPACE")
	return []rest.Route{
		{Method: "GET", Path: p + "/search", Handler: h.search, Perm: perm("LIST")},
		{Method: "POST", Path: p + "/autocomplete", Handler: h.autocomplete, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/{id}", Handler: h.get, Perm: perm("VIEW"), NamespaceParam: "id"},
		{Method: "POST", Path: p, Handler: h.create, Perm: perm("CREATE"), EEOnly: true},
		{Method: "PUT", Path: p + "/{id}", Handler: h.update, Perm: perm("UPDATE"), NamespaceParam: "id", EEOnly: true},
		{Method: "DELETE", Path: p + "/{id}", Handler: h.delete, Perm: perm("DELETE"), NamespaceParam: "id", EEOnly: true},
		{Method: "GET", Path: p + "/{id}/inherited-variables", Handler: h.inheritedVariables, Perm: perm("VIEW"), NamespaceParam: "id", EEOnly: true},
	}
}

// namespaceJSON is the Namespace schema (plus the description Kestra
// Enterprise keeps).
type namespaceJSON struct {
	ID          string              `json:"id"`
	Deleted     bool                `json:"deleted"`
	Description string              `json:"description,omitempty"`
	Variables   map[string]any      `json:"variables,omitempty"`
	Concurrency *limits.Concurrency `json:"concurrency,omitempty"`
	Quotas      []limits.Quota      `json:"quotas,omitempty"`
}

func toJSON(n Namespace) namespaceJSON {
	return namespaceJSON{ID: n.ID, Description: n.Description, Variables: n.Variables,
		Concurrency: n.Concurrency, Quotas: n.Quotas}
}

func notFound(id string) error { return rest.NotFound("Namespace '%s' not found", id) }

func (h *Handlers) search(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	q := r.URL.Query()
	paging, filters, err := rest.ParseSearch(q, 10)
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
	out := []namespaceJSON{}
	for _, n := range h.visible(a, text) {
		if filters.Match("namespace", n.ID) && filters.Match("id", n.ID) {
			out = append(out, toJSON(n))
		}
	}
	for _, k := range rest.ParseSort(q) {
		if k.Field == "id" && k.Desc {
			slices.Reverse(out)
		}
	}
	rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
	return nil
}

// visible lists the namespaces the caller may see whose id contains text
// (case-insensitively), sorted by id.
func (h *Handlers) visible(a *auth.Request, text string) []Namespace {
	text = strings.ToLower(text)
	var out []Namespace
	for _, n := range h.Registry.List(a.Tenant) {
		if !a.Allowed("NAMESPACE", "LIST", n.ID) && !a.Allowed("NAMESPACE", "VIEW", n.ID) {
			continue
		}
		if text == "" || strings.Contains(strings.ToLower(n.ID), text) {
			out = append(out, n)
		}
	}
	return out
}

// autocompleteLimit is Kestra's AUTOCOMPLETE_PAGEABLE size (NamespaceController
// in kestra-io/kestra, webserver/.../controllers/api/NamespaceController.java).
const autocompleteLimit = 50

// autocomplete serves POST .../namespaces/autocomplete (ApiAutocomplete):
// the ids of the namespaces containing q, at most autocompleteLimit, plus
// the existing ones named in ids, sorted.
func (h *Handlers) autocomplete(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Q            *string  `json:"q"`
		IDs          []string `json:"ids"`
		ExistingOnly bool     `json:"existingOnly"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	a := auth.From(r.Context())
	q := ""
	if req.Q != nil {
		q = *req.Q
	}
	out := []string{}
	for _, n := range h.visible(a, q) {
		if len(out) == autocompleteLimit {
			break
		}
		out = append(out, n.ID)
	}
	for _, id := range req.IDs {
		if !slices.Contains(out, id) && h.Registry.Exists(a.Tenant, id) && a.Allowed("NAMESPACE", "VIEW", id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handlers) get(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	id := r.PathValue("id")
	n, ok := h.Registry.Get(a.Tenant, id)
	if !ok {
		return notFound(id)
	}
	rest.WriteJSON(w, http.StatusOK, toJSON(n))
	return nil
}

// decode reads and validates a Namespace body.
func decode(r *http.Request) (Namespace, error) {
	var body namespaceJSON
	if err := rest.DecodeJSON(r, &body); err != nil {
		return Namespace{}, err
	}
	var vs []rest.Violation
	if body.ID != "" && !ValidID(body.ID) {
		vs = append(vs, rest.Violation{Path: "id", Message: `must match "^[a-z0-9][a-z0-9._-]*"`})
	}
	vs = append(vs, limits.ValidateConcurrency("concurrency", body.Concurrency)...)
	vs = append(vs, limits.ValidateQuotas("quotas", body.Quotas)...)
	if len(vs) > 0 {
		return Namespace{}, rest.Invalid(vs...)
	}
	return Namespace{ID: body.ID, Description: body.Description, Variables: body.Variables,
		Concurrency: body.Concurrency, Quotas: body.Quotas}, nil
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	n, err := decode(r)
	if err != nil {
		return err
	}
	if n.ID == "" {
		return rest.Invalid(rest.Violation{Path: "id", Message: "must not be null"})
	}
	if err := a.Require("NAMESPACE", "CREATE", n.ID); err != nil {
		return err
	}
	cur, ok := h.Registry.Create(a.Tenant, n)
	if !ok {
		return rest.Conflict("Namespace '%s' already exists", n.ID)
	}
	rest.WriteJSON(w, http.StatusOK, toJSON(cur))
	return nil
}

// update replaces the settings of a namespace (PUT): what the body leaves
// out is cleared.
func (h *Handlers) update(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	n, err := decode(r)
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
		return notFound(id)
	}
	rest.WriteJSON(w, http.StatusOK, toJSON(cur))
	return nil
}

// delete removes a namespace. Kestra refuses while the namespace still
// holds flows (kestra-io/kestra#16756 asks for a way to force it); the
// refusal is an illegal state (409, "Illegal state: ...", as Kestra's
// ErrorController renders IllegalStateException).
func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	id := r.PathValue("id")
	if !h.Registry.Exists(a.Tenant, id) {
		return notFound(id)
	}
	if h.Flows != nil {
		if n := h.Flows.CountFlows(a.Tenant, id); n > 0 {
			return rest.Conflict("Illegal state: namespace '%s' holds %d flow(s); delete or move them before deleting the namespace", id, n)
		}
	}
	if !h.Registry.Delete(a.Tenant, id) {
		return notFound(id)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// inheritedVariables serves GET .../namespaces/{id}/inherited-variables:
// the variables a flow of the namespace sees, by namespace, as the
// inherited secrets are (the document's Map<String, Object>; the public
// kestractl reads it as namespace -> variables).
func (h *Handlers) inheritedVariables(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	id := r.PathValue("id")
	if !ValidID(id) {
		return rest.BadRequest("Invalid namespace '%s'", id)
	}
	rest.WriteJSON(w, http.StatusOK, h.Registry.InheritedVariables(a.Tenant, id))
	return nil
}
