package iam

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// roles are tenant-level sets of permissions.
var roles = kind[Role]{
	noun:    "Role",
	table:   func(s *Store) table[Role] { return s.roles },
	key:     func(r *Role) string { return r.Name },
	text:    func(_ *Store, r *Role) string { return r.Name },
	show:    func(_ *Store, _ string, r *Role) any { return roleOut(r) },
	summary: func(_ *Store, _ string, r *Role) any { return roleSummary(r) },
	cascade: func(s *Store, tenant string, r *Role) {
		for id, b := range s.bindings[tenant] {
			if b.RoleID == r.ID {
				s.bindings.Remove(tenant, id)
			}
		}
	},
	deleted: http.StatusNoContent,
}

func roleNotFound(id string) error { return roles.notFound(id) }

func (h *Handlers) roleRoutes() []rest.Route {
	const p = "/api/v1/{tenant}/roles"
	s := h.Store
	perm := rest.PermissionOn("ROLE")
	full := func(_ *Store, _ string, r *Role) any { return fullRoleJSON{roleJSON: roleOut(r)} }
	return []rest.Route{
		{Method: "POST", Path: p, Handler: h.createRole, Perm: perm("CREATE")},
		{Method: "GET", Path: p + "/search", Handler: roles.search(s), Perm: perm("LIST")},
		{Method: "POST", Path: p + "/autocomplete", Handler: roles.autocomplete(s), Perm: perm("LIST")},
		{Method: "POST", Path: p + "/ids", Handler: roles.byIDs(s, full), Perm: perm("LIST")},
		{Method: "GET", Path: p + "/{id}", Handler: roles.get(s), Perm: perm("VIEW")},
		{Method: "PUT", Path: p + "/{id}", Handler: h.updateRole, Perm: perm("UPDATE")},
		{Method: "DELETE", Path: p + "/{id}", Handler: roles.remove(s), Perm: perm("DELETE")},
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
	s.roles.Put(tenant, r.ID, r)
	return nil
}

// readRole reads and validates a role request into a role with id.
func readRole(r *http.Request, id string) (*Role, error) {
	var req roleRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	perms, err := req.validate()
	if err != nil {
		return nil, err
	}
	return &Role{ID: id, Name: req.Name, Description: req.Description, Permissions: perms, IsDefault: req.IsDefault}, nil
}

// answerRole saves role and answers it; the caller holds the write lock.
func (s *Store) answerRole(w http.ResponseWriter, tenant string, role *Role) error {
	if err := s.saveRole(tenant, role); err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, roleOut(role))
	return nil
}

func (h *Handlers) createRole(w http.ResponseWriter, r *http.Request) error {
	role, err := readRole(r, ids.New())
	if err != nil {
		return err
	}
	h.Store.mu.Lock()
	defer h.Store.mu.Unlock()
	return h.Store.answerRole(w, auth.From(r.Context()).Tenant, role)
}

func (h *Handlers) updateRole(w http.ResponseWriter, r *http.Request) error {
	next, err := readRole(r, "")
	if err != nil {
		return err
	}
	return roles.change(h.Store, r, func(tenant string, cur *Role) error {
		next.ID = cur.ID
		return h.Store.answerRole(w, tenant, next)
	})
}
