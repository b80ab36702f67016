package iam

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

func (h *Handlers) roleRoutes() []rest.Route {
	const p = "/api/v1/{tenant}/roles"
	perm := func(a string) rest.Permission { return rest.Permission{Resource: "ROLE", Action: a} }
	return []rest.Route{
		{Method: "POST", Path: p, Handler: h.createRole, Perm: perm("CREATE")},
		{Method: "GET", Path: p + "/search", Handler: h.searchRoles, Perm: perm("LIST")},
		{Method: "POST", Path: p + "/autocomplete", Handler: h.autocompleteRoles, Perm: perm("LIST")},
		{Method: "POST", Path: p + "/ids", Handler: h.rolesByIDs, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/{id}", Handler: h.getRole, Perm: perm("VIEW")},
		{Method: "PUT", Path: p + "/{id}", Handler: h.updateRole, Perm: perm("UPDATE")},
		{Method: "DELETE", Path: p + "/{id}", Handler: h.deleteRole, Perm: perm("DELETE")},
	}
}

type roleRequest struct {
	Name        string              `json:"name"`
	Description string              `json:"description"`
	Permissions map[string][]string `json:"permissions"`
	IsDefault   bool                `json:"isDefault"`
}

// ValidatePermissions checks a permissions map against the 2.0 Permission
// (Resource) and Action enums and returns it with duplicates removed.
func ValidatePermissions(perms map[string][]string) (map[string][]string, []rest.Violation) {
	var vs []rest.Violation
	out := map[string][]string{}
	for res, actions := range perms {
		if !slices.Contains(Resources, res) {
			vs = append(vs, rest.Violation{Path: "permissions." + res,
				Message: fmt.Sprintf("unknown permission '%s'; valid permissions: %s", res, strings.Join(Resources, ", "))})
			continue
		}
		var clean []string
		for _, a := range actions {
			if !slices.Contains(Actions, a) {
				vs = append(vs, rest.Violation{Path: "permissions." + res,
					Message: fmt.Sprintf("unknown action '%s'; valid actions: %s", a, strings.Join(Actions, ", "))})
				continue
			}
			if !slices.Contains(clean, a) {
				clean = append(clean, a)
			}
		}
		out[res] = clean
	}
	return out, vs
}

func (req roleRequest) validate() (map[string][]string, error) {
	var vs []rest.Violation
	if strings.TrimSpace(req.Name) == "" {
		vs = append(vs, rest.Violation{Path: "name", Message: "must not be blank"})
	}
	if req.Permissions == nil {
		vs = append(vs, rest.Violation{Path: "permissions", Message: "must not be null"})
	}
	perms, pvs := ValidatePermissions(req.Permissions)
	vs = append(vs, pvs...)
	if len(vs) > 0 {
		return nil, rest.Invalid(vs...)
	}
	return perms, nil
}

func roleOut(r *Role) roleJSON {
	perms := r.Permissions
	if perms == nil {
		perms = map[string][]string{}
	}
	return roleJSON{ID: r.ID, Name: r.Name, Description: r.Description, Permissions: perms, IsDefault: r.IsDefault}
}

func roleSummary(r *Role) roleSummaryJSON {
	n := 0
	for _, a := range r.Permissions {
		n += len(a)
	}
	return roleSummaryJSON{ID: r.ID, Name: r.Name, IsDefault: r.IsDefault, PermissionCount: n}
}

func sortedRoles(m map[string]*Role) []*Role {
	out := make([]*Role, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Role) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func roleNotFound(id string) error { return rest.NotFound("Role '%s' not found", id) }

// saveRole stores r, keeping a single default role; the caller holds the
// write lock.
func (s *Store) saveRole(tenant string, r *Role) error {
	for _, o := range s.roles[tenant] {
		if o.ID != r.ID && o.Name == r.Name {
			return rest.Conflict("A role named '%s' already exists", r.Name)
		}
	}
	if r.IsDefault {
		for _, o := range s.roles[tenant] {
			o.IsDefault = false
		}
	}
	s.roles[tenant][r.ID] = r
	return nil
}

func (h *Handlers) createRole(w http.ResponseWriter, r *http.Request) error {
	var req roleRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	perms, err := req.validate()
	if err != nil {
		return err
	}
	tenant := auth.From(r.Context()).Tenant
	h.Store.mu.Lock()
	defer h.Store.mu.Unlock()
	role := &Role{ID: newID(), Name: req.Name, Description: req.Description, Permissions: perms, IsDefault: req.IsDefault}
	if err := h.Store.saveRole(tenant, role); err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, roleOut(role))
	return nil
}

func (h *Handlers) searchRoles(w http.ResponseWriter, r *http.Request) error {
	paging, err := rest.ParsePaging(r.URL.Query(), 10)
	if err != nil {
		return err
	}
	text, err := queryText(r)
	if err != nil {
		return err
	}
	h.Store.mu.RLock()
	defer h.Store.mu.RUnlock()
	out := h.matchRoles(auth.From(r.Context()).Tenant, text)
	for _, k := range rest.ParseSort(r.URL.Query()) {
		if k.Field == "name" && k.Desc {
			slices.Reverse(out)
		}
	}
	rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
	return nil
}

func (h *Handlers) matchRoles(tenant, text string) []roleSummaryJSON {
	out := []roleSummaryJSON{}
	for _, role := range sortedRoles(h.Store.roles[tenant]) {
		if text == "" || strings.Contains(strings.ToLower(role.Name), text) {
			out = append(out, roleSummary(role))
		}
	}
	return out
}

func (h *Handlers) autocompleteRoles(w http.ResponseWriter, r *http.Request) error {
	var req autocompleteRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	text := ""
	if req.Q != nil {
		text = strings.ToLower(*req.Q)
	}
	h.Store.mu.RLock()
	defer h.Store.mu.RUnlock()
	rest.WriteJSON(w, http.StatusOK, h.matchRoles(auth.From(r.Context()).Tenant, text))
	return nil
}

func (h *Handlers) rolesByIDs(w http.ResponseWriter, r *http.Request) error {
	var req autocompleteRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	h.Store.mu.RLock()
	defer h.Store.mu.RUnlock()
	out := []fullRoleJSON{}
	for _, id := range req.IDs {
		if role := h.Store.roles[auth.From(r.Context()).Tenant][id]; role != nil {
			out = append(out, fullRoleJSON{roleJSON: roleOut(role)})
		}
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handlers) getRole(w http.ResponseWriter, r *http.Request) error {
	h.Store.mu.RLock()
	defer h.Store.mu.RUnlock()
	role := h.Store.roles[auth.From(r.Context()).Tenant][r.PathValue("id")]
	if role == nil {
		return roleNotFound(r.PathValue("id"))
	}
	rest.WriteJSON(w, http.StatusOK, roleOut(role))
	return nil
}

func (h *Handlers) updateRole(w http.ResponseWriter, r *http.Request) error {
	var req roleRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	perms, err := req.validate()
	if err != nil {
		return err
	}
	tenant := auth.From(r.Context()).Tenant
	h.Store.mu.Lock()
	defer h.Store.mu.Unlock()
	cur := h.Store.roles[tenant][r.PathValue("id")]
	if cur == nil {
		return roleNotFound(r.PathValue("id"))
	}
	next := &Role{ID: cur.ID, Name: req.Name, Description: req.Description, Permissions: perms, IsDefault: req.IsDefault}
	if err := h.Store.saveRole(tenant, next); err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, roleOut(next))
	return nil
}

func (h *Handlers) deleteRole(w http.ResponseWriter, r *http.Request) error {
	tenant := auth.From(r.Context()).Tenant
	h.Store.mu.Lock()
	defer h.Store.mu.Unlock()
	id := r.PathValue("id")
	if h.Store.roles[tenant][id] == nil {
		return roleNotFound(id)
	}
	delete(h.Store.roles[tenant], id)
	for bid, b := range h.Store.bindings[tenant] {
		if b.RoleID == id {
			delete(h.Store.bindings[tenant], bid)
		}
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
