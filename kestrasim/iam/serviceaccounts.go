package iam

import (
	"net/http"
	"slices"

	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// serviceAccounts are instance-level machine principals.
var serviceAccounts = kind[ServiceAccount]{
	noun: "Service account", instanceLevel: true,
	table:   func(s *Store) table[ServiceAccount] { return s.serviceAccounts },
	key:     func(sa *ServiceAccount) string { return sa.Name },
	text:    func(_ *Store, sa *ServiceAccount) string { return sa.Name },
	show:    func(_ *Store, _ string, sa *ServiceAccount) any { return saJSON(sa) },
	cascade: func(s *Store, _ string, sa *ServiceAccount) { s.deleteOwner(sa.ID) },
	deleted: http.StatusNoContent,
}

func (h *Handlers) serviceAccountRoutes() []rest.Route {
	const p = "/api/v1/service-accounts"
	s := h.Store
	routes := []rest.Route{
		{Method: "GET", Path: p, Handler: serviceAccounts.search(s)},
		{Method: "POST", Path: p, Handler: h.createServiceAccount},
		{Method: "GET", Path: p + "/{id}", Handler: serviceAccounts.get(s)},
		{Method: "PATCH", Path: p + "/{id}", Handler: h.patchServiceAccount},
		{Method: "DELETE", Path: p + "/{id}", Handler: serviceAccounts.remove(s)},
		{Method: "PATCH", Path: p + "/{id}/superadmin", Handler: setFlag(s, serviceAccounts, superAdminValue, func(sa *ServiceAccount, v bool) { sa.SuperAdmin = v })},
	}
	return append(routes, tokenRoutes(s, p, serviceAccounts, http.StatusOK, true)...)
}

func saJSON(sa *ServiceAccount) serviceAccountJSON {
	return serviceAccountJSON{ID: sa.ID, Name: sa.Name, Description: sa.Description,
		Tenants: tenantSummaries(sa.Tenants), SuperAdmin: sa.SuperAdmin, InstanceOwner: sa.SuperAdmin}
}

func invalidSAName() error {
	return rest.Invalid(rest.Violation{Path: "name", Message: `must match "^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$" (lowercase alphanumeric, optionally separated by dashes)`})
}

// uniqueSAName checks no other service account has name; the caller holds
// the lock.
func (s *Store) uniqueSAName(id, name string) error {
	if s.serviceAccounts.Find(instance, func(o *ServiceAccount) bool { return o.ID != id && o.Name == name }) != nil {
		return rest.Conflict("A service account named '%s' already exists", name)
	}
	return nil
}

func (h *Handlers) createServiceAccount(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Name        string   `json:"name"`
		Description string   `json:"description"`
		Tenants     []string `json:"tenants"`
		flagRequest
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if !validName(req.Name) {
		return invalidSAName()
	}
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.validTenants(req.Tenants); err != nil {
		return err
	}
	if err := s.uniqueSAName("", req.Name); err != nil {
		return err
	}
	sa := &ServiceAccount{ID: ids.New(), Name: req.Name, Description: req.Description, Tenants: slices.Clone(req.Tenants)}
	if sa.Tenants == nil {
		sa.Tenants = []string{}
	}
	sa.SuperAdmin, _ = superAdminValue(req.flagRequest)
	s.serviceAccounts.Put(instance, sa.ID, sa)
	rest.WriteJSON(w, http.StatusOK, saJSON(sa))
	return nil
}

func (h *Handlers) patchServiceAccount(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Name        *string `json:"name"`
		Description *string `json:"description"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.Name == nil || !validName(*req.Name) {
		return invalidSAName()
	}
	s := h.Store
	return serviceAccounts.change(s, r, func(_ string, sa *ServiceAccount) error {
		if err := s.uniqueSAName(sa.ID, *req.Name); err != nil {
			return err
		}
		sa.Name = *req.Name
		if req.Description != nil {
			sa.Description = *req.Description
		}
		rest.WriteJSON(w, http.StatusOK, saJSON(sa))
		return nil
	})
}
