package iam

import (
	"net/http"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// meRoutes serve the caller's own account (MeController): any
// authenticated caller, no permission.
func (h *Handlers) meRoutes() []rest.Route {
	return []rest.Route{
		{Method: "GET", Path: "/api/v1/me", Handler: h.getMe},
		{Method: "PATCH", Path: "/api/v1/me", Handler: h.patchMe},
		{Method: "PUT", Path: "/api/v1/me/password", Handler: h.changeMyPassword},
	}
}

type meProfileJSON struct {
	Email     string `json:"email,omitempty"`
	FirstName string `json:"firstName,omitempty"`
	LastName  string `json:"lastName,omitempty"`
	Username  string `json:"username"`
}

type meTenantJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type authJSON struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// meJSON is MeController.ApiMe.
type meJSON struct {
	ID         string         `json:"id"`
	SuperAdmin bool           `json:"superAdmin"`
	Restricted bool           `json:"restricted"`
	Profile    meProfileJSON  `json:"profile"`
	Auths      []authJSON     `json:"auths"`
	Tenants    []meTenantJSON `json:"tenants"`
}

func authsOf(u *User) []authJSON {
	out := []authJSON{}
	for _, a := range u.auths() {
		out = append(out, authJSON{Name: a.Name, Type: a.Type})
	}
	return out
}

// me renders the caller; the caller holds the lock.
func (s *Store) me(p auth.Principal) meJSON {
	out := meJSON{ID: p.ID, SuperAdmin: p.SuperAdmin, Profile: meProfileJSON{Username: p.Name},
		Auths: []authJSON{}, Tenants: []meTenantJSON{}}
	var grants []string
	if u := s.users.Get(instance, p.ID); u != nil {
		out.Restricted = u.Restricted
		out.Profile = meProfileJSON{Email: u.Email, FirstName: u.FirstName, LastName: u.LastName, Username: u.Email}
		out.Auths = authsOf(u)
		grants = u.Tenants
	} else if sa := s.serviceAccounts.Get(instance, p.ID); sa != nil {
		grants = sa.Tenants
	}
	for _, t := range grants {
		out.Tenants = append(out.Tenants, meTenantJSON{ID: t, Name: t})
	}
	return out
}

func (h *Handlers) getMe(w http.ResponseWriter, r *http.Request) error {
	h.Store.mu.RLock()
	defer h.Store.mu.RUnlock()
	rest.WriteJSON(w, http.StatusOK, h.Store.me(auth.From(r.Context()).Principal))
	return nil
}

// caller returns the user making the request; the caller holds the lock.
func (s *Store) caller(r *http.Request) (*User, error) {
	p := auth.From(r.Context()).Principal
	u := s.users.Get(instance, p.ID)
	if u == nil {
		return nil, rest.Errorf(http.StatusUnprocessableEntity, "Illegal argument: '%s' is not a user account", p.Name)
	}
	return u, nil
}

func (h *Handlers) patchMe(w http.ResponseWriter, r *http.Request) error {
	req, err := readProfile(r)
	if err != nil {
		return err
	}
	return h.changeMe(w, r, func(s *Store, u *User) error { return s.changeUser(u, req) })
}

// changeMe applies change to the calling user under the write lock and
// answers the user as /me shows it.
func (h *Handlers) changeMe(w http.ResponseWriter, r *http.Request, change func(s *Store, u *User) error) error {
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.caller(r)
	if err != nil {
		return err
	}
	if err := change(s, u); err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, s.me(userPrincipal(u)))
	return nil
}

// changeMyPassword serves PUT /me/password: the old password must match;
// the user's sessions (impersonation tokens) end, its API tokens stay.
func (h *Handlers) changeMyPassword(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		OldPassword string `json:"oldPassword"`
		NewPassword string `json:"newPassword"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.NewPassword == "" {
		return rest.Invalid(rest.Violation{Path: "newPassword", Message: "must not be blank"})
	}
	return h.changeMe(w, r, func(s *Store, u *User) error {
		if u.passwordHash == "" {
			return rest.Errorf(http.StatusUnprocessableEntity, "Illegal argument: user '%s' has no password to change", u.Email)
		}
		if !u.checkPassword(req.OldPassword) {
			return rest.Errorf(http.StatusUnprocessableEntity, "Illegal argument: the old password is incorrect")
		}
		u.setPassword(req.NewPassword)
		s.endSessions(u.ID)
		return nil
	})
}

// tenantAccessRoutes serve the users of a tenant (IAMTenantAccessController).
func (h *Handlers) tenantAccessRoutes() []rest.Route {
	return []rest.Route{
		{Method: "POST", Path: "/api/v1/{tenant}/tenant-access/autocomplete", Handler: h.autocompleteUsers,
			Perm: rest.Permission{Resource: "TENANT_ACCESS", Action: "LIST"}},
	}
}

type tenantAccessGroupJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	External bool   `json:"external"`
}

// userTenantAccessJSON is IAMTenantAccessController.ApiUserTenantAccess.
type userTenantAccessJSON struct {
	ID          string                  `json:"id"`
	Username    string                  `json:"username"`
	DisplayName string                  `json:"displayName"`
	Groups      []tenantAccessGroupJSON `json:"groups"`
	Auths       []authJSON              `json:"auths"`
}

// autocompleteUsers serves POST {tenant}/tenant-access/autocomplete: the
// users with access to the tenant whose email or name contains q (and
// username when given), plus the ones named in ids.
func (h *Handlers) autocompleteUsers(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		autocompleteRequest
		Username *string `json:"username"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	tenant := auth.From(r.Context()).Tenant
	q := ""
	if req.Q != nil {
		q = strings.ToLower(*req.Q)
	}
	s := h.Store
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []userTenantAccessJSON{}
	for _, u := range s.users.Sorted(instance, users.key) {
		named := false
		for _, id := range req.IDs {
			named = named || id == u.ID
		}
		text := strings.ToLower(u.Email + " " + displayName(u))
		match := strings.Contains(text, q) && (req.Username == nil || strings.Contains(strings.ToLower(u.Email), strings.ToLower(*req.Username)))
		if !s.hasTenantAccess(u, tenant) || !(match || named) {
			continue
		}
		j := userTenantAccessJSON{ID: u.ID, Username: u.Email, DisplayName: displayName(u), Groups: []tenantAccessGroupJSON{}, Auths: authsOf(u)}
		for _, g := range s.groups.Sorted(tenant, groupName) {
			if g.has(u.ID) {
				j.Groups = append(j.Groups, tenantAccessGroupJSON{ID: g.ID, Name: g.Name})
			}
		}
		out = append(out, j)
		if len(out) == autocompleteLimit {
			break
		}
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

// hasTenantAccess reports whether a user belongs to the tenant: a grant, a
// group of the tenant or a binding in it; the caller holds the lock.
func (s *Store) hasTenantAccess(u *User, tenant string) bool {
	return s.tenantAccess(userPrincipal(u), u.Tenants, tenant)
}
