package iam

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// bindings give a role to a user or a group of a tenant.
var bindings = kind[Binding]{
	noun:    "Binding",
	table:   func(s *Store) table[Binding] { return s.bindings },
	key:     func(b *Binding) string { return b.ID },
	text:    func(_ *Store, b *Binding) string { return b.ID },
	show:    func(s *Store, tenant string, b *Binding) any { return s.bindingOut(tenant, b) },
	deleted: http.StatusNoContent,
}

func (h *Handlers) bindingRoutes() []rest.Route {
	const p = "/api/v1/{tenant}/bindings"
	perm := rest.PermissionOn("BINDING")
	return []rest.Route{
		{Method: "POST", Path: p, Handler: h.createBinding, Perm: perm("CREATE")},
		{Method: "POST", Path: p + "/bulk", Handler: h.bulkBindings, Perm: perm("CREATE")},
		{Method: "GET", Path: p + "/search", Handler: h.searchBindings, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/{id}", Handler: bindings.get(h.Store), Perm: perm("VIEW")},
		{Method: "DELETE", Path: p + "/{id}", Handler: bindings.remove(h.Store), Perm: perm("DELETE")},
	}
}

type bindingRequest struct {
	Type        string  `json:"type"`
	ExternalID  string  `json:"externalId"`
	RoleID      string  `json:"roleId"`
	NamespaceID *string `json:"namespaceId"`
}

// newBinding validates a request; the caller holds the lock.
func (s *Store) newBinding(tenant string, req bindingRequest) (*Binding, error) {
	b := &Binding{ID: ids.New(), Type: req.Type, ExternalID: req.ExternalID, RoleID: req.RoleID}
	if req.NamespaceID != nil {
		b.Namespace = *req.NamespaceID
	}
	switch req.Type {
	case "USER":
		if _, _, _, ok := s.principalName(req.ExternalID); !ok {
			return nil, userNotFound(req.ExternalID)
		}
	case "GROUP":
		if s.groups.Get(tenant, req.ExternalID) == nil {
			return nil, groupNotFound(req.ExternalID)
		}
	default:
		return nil, rest.Invalid(rest.Violation{Path: "type", Message: "must be USER or GROUP"})
	}
	if s.roles.Get(tenant, req.RoleID) == nil {
		return nil, roleNotFound(req.RoleID)
	}
	if b.Namespace != "" && !namespaces.ValidID(b.Namespace) {
		return nil, rest.Invalid(rest.Violation{Path: "namespaceId", Message: `must match "^[a-z0-9][a-z0-9._-]*"`})
	}
	for _, o := range s.bindings[tenant] {
		if o.Type == b.Type && o.ExternalID == b.ExternalID && o.RoleID == b.RoleID && o.Namespace == b.Namespace {
			return nil, rest.Conflict("An identical binding already exists: '%s'", o.ID)
		}
	}
	return b, nil
}

// bindingOut renders a binding; the caller holds the lock.
func (s *Store) bindingOut(tenant string, b *Binding) bindingJSON {
	out := bindingJSON{ID: b.ID, Type: b.Type, Role: bindingRoleJSON{ID: b.RoleID}}
	if b.Namespace != "" {
		ns := b.Namespace
		out.Namespace = &ns
	}
	if role := s.roles.Get(tenant, b.RoleID); role != nil {
		out.Role.Name = role.Name
	}
	switch b.Type {
	case "USER":
		name, display, kind, _ := s.principalName(b.ExternalID)
		out.User = &bindingUserJSON{ID: b.ExternalID, Username: name, DisplayName: display, Type: kind}
	case "GROUP":
		out.Group = &bindingRoleJSON{ID: b.ExternalID}
		if g := s.groups.Get(tenant, b.ExternalID); g != nil {
			out.Group.Name = g.Name
		}
	}
	return out
}

func (h *Handlers) createBinding(w http.ResponseWriter, r *http.Request) error {
	var req bindingRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	tenant := auth.From(r.Context()).Tenant
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.newBinding(tenant, req)
	if err != nil {
		return err
	}
	s.bindings.Put(tenant, b.ID, b)
	rest.WriteJSON(w, http.StatusOK, s.bindingOut(tenant, b))
	return nil
}

// bulkBindings creates every binding or none.
func (h *Handlers) bulkBindings(w http.ResponseWriter, r *http.Request) error {
	var reqs []bindingRequest
	if err := rest.DecodeJSON(r, &reqs); err != nil {
		return err
	}
	tenant := auth.From(r.Context()).Tenant
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	var created []*Binding
	for _, req := range reqs {
		b, err := s.newBinding(tenant, req)
		if err != nil {
			return err
		}
		for _, c := range created {
			if c.Type == b.Type && c.ExternalID == b.ExternalID && c.RoleID == b.RoleID && c.Namespace == b.Namespace {
				return rest.Conflict("The request holds the same binding twice")
			}
		}
		created = append(created, b)
	}
	out := []bindingJSON{}
	for _, b := range created {
		s.bindings.Put(tenant, b.ID, b)
		out = append(out, s.bindingOut(tenant, b))
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handlers) searchBindings(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	paging, filters, err := rest.ParseSearch(q, 10)
	if err != nil {
		return err
	}
	typ := q.Get("type")
	if typ != "" && typ != "USER" && typ != "GROUP" {
		return rest.BadRequest("Failed to convert argument [type] for value [%s]", typ)
	}
	tenant := auth.From(r.Context()).Tenant
	s := h.Store
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []bindingJSON
	for _, b := range s.bindings[tenant] {
		if (typ != "" && b.Type != typ) || (q.Get("id") != "" && b.ExternalID != q.Get("id")) ||
			(q.Get("namespace") != "" && b.Namespace != q.Get("namespace")) ||
			!filters.Match("namespace", b.Namespace) || !filters.Match("type", b.Type) {
			continue
		}
		out = append(out, s.bindingOut(tenant, b))
	}
	slices.SortFunc(out, func(a, b bindingJSON) int { return strings.Compare(a.ID, b.ID) })
	rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
	return nil
}
