package iam

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

func (h *Handlers) serviceAccountRoutes() []rest.Route {
	const p = "/api/v1/service-accounts"
	return []rest.Route{
		{Method: "GET", Path: p, Handler: h.listServiceAccounts},
		{Method: "POST", Path: p, Handler: h.createServiceAccount},
		{Method: "GET", Path: p + "/{id}", Handler: h.getServiceAccount},
		{Method: "PATCH", Path: p + "/{id}", Handler: h.patchServiceAccount},
		{Method: "DELETE", Path: p + "/{id}", Handler: h.deleteServiceAccount},
		{Method: "PATCH", Path: p + "/{id}/superadmin", Handler: h.patchServiceAccountSuperAdmin},
		{Method: "GET", Path: p + "/{id}/api-tokens", Handler: h.listServiceAccountTokens},
		{Method: "POST", Path: p + "/{id}/api-tokens", Handler: h.createServiceAccountToken},
		{Method: "DELETE", Path: p + "/{id}/api-tokens/{tokenId}", Handler: h.deleteServiceAccountToken},
	}
}

func saJSON(sa *ServiceAccount) serviceAccountJSON {
	return serviceAccountJSON{ID: sa.ID, Name: sa.Name, Description: sa.Description,
		Tenants: tenantSummaries(sa.Tenants), SuperAdmin: sa.SuperAdmin, InstanceOwner: sa.SuperAdmin}
}

func saNotFound(id string) error { return rest.NotFound("Service account '%s' not found", id) }

func invalidSAName() error {
	return rest.Invalid(rest.Violation{Path: "name", Message: `must match "^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$" (lowercase alphanumeric, optionally separated by dashes)`})
}

func (h *Handlers) listServiceAccounts(w http.ResponseWriter, r *http.Request) error {
	paging, err := rest.ParsePaging(r.URL.Query(), 10)
	if err != nil {
		return err
	}
	text, err := queryText(r)
	if err != nil {
		return err
	}
	s := h.Store
	s.mu.RLock()
	var out []serviceAccountJSON
	for _, sa := range s.serviceAccounts {
		if text == "" || strings.Contains(sa.Name, text) {
			out = append(out, saJSON(sa))
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b serviceAccountJSON) int { return strings.Compare(a.Name, b.Name) })
	rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
	return nil
}

func (h *Handlers) createServiceAccount(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Name          string   `json:"name"`
		Description   string   `json:"description"`
		SuperAdmin    *bool    `json:"superAdmin"`
		InstanceOwner *bool    `json:"instanceOwner"`
		Tenants       []string `json:"tenants"`
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
	for _, t := range req.Tenants {
		if !slices.Contains(s.tenants, t) {
			return rest.Invalid(rest.Violation{Path: "tenants", Message: "tenant '" + t + "' does not exist"})
		}
	}
	for _, o := range s.serviceAccounts {
		if o.Name == req.Name {
			return rest.Conflict("A service account named '%s' already exists", req.Name)
		}
	}
	sa := &ServiceAccount{ID: newID(), Name: req.Name, Description: req.Description, Tenants: slices.Clone(req.Tenants)}
	if sa.Tenants == nil {
		sa.Tenants = []string{}
	}
	switch {
	case req.InstanceOwner != nil:
		sa.SuperAdmin = *req.InstanceOwner
	case req.SuperAdmin != nil:
		sa.SuperAdmin = *req.SuperAdmin
	}
	s.serviceAccounts[sa.ID] = sa
	rest.WriteJSON(w, http.StatusOK, saJSON(sa))
	return nil
}

func (h *Handlers) getServiceAccount(w http.ResponseWriter, r *http.Request) error {
	s := h.Store
	s.mu.RLock()
	defer s.mu.RUnlock()
	sa := s.serviceAccounts[r.PathValue("id")]
	if sa == nil {
		return saNotFound(r.PathValue("id"))
	}
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
	s.mu.Lock()
	defer s.mu.Unlock()
	sa := s.serviceAccounts[r.PathValue("id")]
	if sa == nil {
		return saNotFound(r.PathValue("id"))
	}
	for _, o := range s.serviceAccounts {
		if o.ID != sa.ID && o.Name == *req.Name {
			return rest.Conflict("A service account named '%s' already exists", *req.Name)
		}
	}
	sa.Name = *req.Name
	if req.Description != nil {
		sa.Description = *req.Description
	}
	rest.WriteJSON(w, http.StatusOK, saJSON(sa))
	return nil
}

func (h *Handlers) deleteServiceAccount(w http.ResponseWriter, r *http.Request) error {
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("id")
	if s.serviceAccounts[id] == nil {
		return saNotFound(id)
	}
	delete(s.serviceAccounts, id)
	s.deleteOwner(id)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handlers) patchServiceAccountSuperAdmin(w http.ResponseWriter, r *http.Request) error {
	var req superAdminRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	v, err := req.value()
	if err != nil {
		return err
	}
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	sa := s.serviceAccounts[r.PathValue("id")]
	if sa == nil {
		return saNotFound(r.PathValue("id"))
	}
	sa.SuperAdmin = v
	w.WriteHeader(http.StatusOK)
	return nil
}

func (h *Handlers) listServiceAccountTokens(w http.ResponseWriter, r *http.Request) error {
	s := h.Store
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.serviceAccounts[r.PathValue("id")] == nil {
		return saNotFound(r.PathValue("id"))
	}
	rest.WriteJSON(w, http.StatusOK, s.tokenList(r.PathValue("id")))
	return nil
}

func (h *Handlers) createServiceAccountToken(w http.ResponseWriter, r *http.Request) error {
	var req tokenRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	maxAge, err := req.validate()
	if err != nil {
		return err
	}
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.serviceAccounts[r.PathValue("id")] == nil {
		return saNotFound(r.PathValue("id"))
	}
	t, full := s.createToken(r.PathValue("id"), req.Name, req.Description, maxAge, req.Extended)
	rest.WriteJSON(w, http.StatusOK, createdTokenJSON{ID: t.ID, Name: t.Name, FullToken: full})
	return nil
}

func (h *Handlers) deleteServiceAccountToken(w http.ResponseWriter, r *http.Request) error {
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.serviceAccounts[r.PathValue("id")] == nil {
		return saNotFound(r.PathValue("id"))
	}
	t, err := s.deleteToken(r.PathValue("id"), r.PathValue("tokenId"))
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, tokenJSON{ID: t.ID, Name: t.Name, Description: t.Description, Prefix: t.Prefix,
		IAT: t.IAT, Exp: t.Exp, LastUsed: t.LastUsed, Extended: t.Extended, Expired: t.expired(s.now())})
	return nil
}
