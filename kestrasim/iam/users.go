package iam

import (
	"net/http"
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// tokenNamePattern is CreateApiTokenRequest.name (and service-account
// names): ^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$, without the lookahead.
var tokenNamePattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

func validName(s string) bool { return len(s) >= 1 && len(s) <= 63 && tokenNamePattern.MatchString(s) }

func displayName(u *User) string {
	if n := strings.TrimSpace(u.FirstName + " " + u.LastName); n != "" {
		return n
	}
	return u.Email
}

// users are instance-level accounts.
var users = kind[User]{
	noun: "User", instanceLevel: true,
	table:   func(s *Store) table[User] { return s.users },
	key:     func(u *User) string { return u.Email },
	text:    func(_ *Store, u *User) string { return u.Email + " " + displayName(u) },
	show:    func(s *Store, _ string, u *User) any { return s.userJSON(u) },
	summary: func(s *Store, _ string, u *User) any { return s.userSummary(u) },
	cascade: func(s *Store, _ string, u *User) { s.deleteOwner(u.ID) },
	deleted: http.StatusNoContent,
}

func userNotFound(id string) error { return users.notFound(id) }

// auths lists the authentication methods of a user.
func (u *User) auths() []userAuth {
	out := []userAuth{}
	if u.passwordHash != "" {
		out = append(out, userAuth{ID: u.ID + "-basic", Name: "BASIC_AUTH", Type: "BASIC"})
	}
	return out
}

// userJSON renders a user; the caller holds the lock.
func (s *Store) userJSON(u *User) userJSON {
	out := userJSON{ID: u.ID, Username: u.Email, DisplayName: displayName(u), FirstName: u.FirstName,
		LastName: u.LastName, Email: u.Email, SuperAdmin: u.SuperAdmin, InstanceOwner: u.SuperAdmin,
		Restricted: u.Restricted, Tenants: tenantSummaries(u.Tenants), Auths: u.auths(), Groups: []userGroup{}}
	for _, t := range s.groups.Scopes() {
		for _, g := range s.groups.Sorted(t, groupName) {
			if g.has(u.ID) {
				out.Groups = append(out.Groups, userGroup{ID: g.ID, TenantID: t})
			}
		}
	}
	return out
}

func (s *Store) userSummary(u *User) userSummaryJSON {
	j := s.userJSON(u)
	return userSummaryJSON{ID: j.ID, Username: j.Username, DisplayName: j.DisplayName,
		Tenants: j.Tenants, Auths: j.Auths, SuperAdmin: j.SuperAdmin, InstanceOwner: j.InstanceOwner}
}

func tenantSummaries(ids []string) []tenantSummary {
	out := []tenantSummary{}
	for _, t := range ids {
		out = append(out, tenantSummary{ID: t, Name: t})
	}
	return out
}

// userRequest is ApiCreateOrUpdateUserRequest; instanceOwner is the 2.x name
// of superAdmin and is accepted too.
type userRequest struct {
	Email         *string   `json:"email"`
	FirstName     *string   `json:"firstName"`
	LastName      *string   `json:"lastName"`
	Password      *string   `json:"password"`
	Groups        *[]string `json:"groups"`
	Tenants       *[]string `json:"tenants"`
	SuperAdmin    *bool     `json:"superAdmin"`
	InstanceOwner *bool     `json:"instanceOwner"`
	Restricted    *bool     `json:"restricted"`
}

func (r userRequest) superAdmin() *bool {
	if r.InstanceOwner != nil {
		return r.InstanceOwner
	}
	return r.SuperAdmin
}

// validTenants checks tenant grants; the caller holds the lock.
func (s *Store) validTenants(ids []string) error {
	for _, t := range ids {
		if !s.tenants.Exists(t) {
			return rest.Invalid(rest.Violation{Path: "tenants", Message: "tenant '" + t + "' does not exist"})
		}
	}
	return nil
}

// changeUser validates and applies a request to u; the caller holds the
// write lock. Absent fields keep their value; nothing changes on error.
func (s *Store) changeUser(u *User, req userRequest) error {
	next := *u
	if err := s.applyUser(&next, req); err != nil {
		return err
	}
	*u = next
	return nil
}

// readProfile reads a request that changes a user's profile: firstName,
// lastName, email.
func readProfile(r *http.Request) (userRequest, error) {
	var req struct {
		FirstName *string `json:"firstName"`
		LastName  *string `json:"lastName"`
		Email     *string `json:"email"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return userRequest{}, err
	}
	return userRequest{FirstName: req.FirstName, LastName: req.LastName, Email: req.Email}, nil
}

// applyUser validates and applies a request to u (a new user, or a copy:
// it changes u field by field); the caller holds the write lock.
func (s *Store) applyUser(u *User, req userRequest) error {
	if req.Email != nil {
		email := strings.TrimSpace(*req.Email)
		if _, err := mail.ParseAddress(email); err != nil || !strings.Contains(email, "@") {
			return rest.Invalid(rest.Violation{Path: "email", Message: "must be a well-formed email address"})
		}
		if o := s.users.Find(instance, func(o *User) bool { return o.ID != u.ID && strings.EqualFold(o.Email, email) }); o != nil {
			return rest.Conflict("A user with email '%s' already exists", email)
		}
		u.Email = email
	}
	if req.Tenants != nil {
		if err := s.validTenants(*req.Tenants); err != nil {
			return err
		}
	}
	if req.Groups != nil {
		for _, gid := range *req.Groups {
			if s.findGroup(gid) == nil {
				return rest.Invalid(rest.Violation{Path: "groups", Message: "group '" + gid + "' does not exist"})
			}
		}
	}
	if req.FirstName != nil {
		u.FirstName = *req.FirstName
	}
	if req.LastName != nil {
		u.LastName = *req.LastName
	}
	if req.Password != nil && *req.Password != "" {
		u.setPassword(*req.Password)
	}
	if sa := req.superAdmin(); sa != nil {
		u.SuperAdmin = *sa
	}
	if req.Restricted != nil {
		u.Restricted = *req.Restricted
	}
	if req.Tenants != nil {
		u.Tenants = slices.Clone(*req.Tenants)
	}
	if req.Groups != nil {
		for _, tenant := range s.groups.Scopes() {
			for _, g := range s.groups[tenant] {
				want := slices.Contains(*req.Groups, g.ID)
				if want && !g.has(u.ID) {
					g.Members = append(g.Members, Member{UserID: u.ID, Membership: "MEMBER"})
				} else if !want && g.has(u.ID) {
					g.Members = slices.DeleteFunc(g.Members, func(m Member) bool { return m.UserID == u.ID })
				}
			}
		}
	}
	return nil
}

func (h *Handlers) userRoutes() []rest.Route {
	const p = "/api/v1/users"
	s := h.Store
	routes := []rest.Route{
		{Method: "GET", Path: p, Handler: users.search(s)},
		{Method: "POST", Path: p, Handler: h.createUser},
		{Method: "GET", Path: p + "/{id}", Handler: users.get(s)},
		{Method: "PUT", Path: p + "/{id}", Handler: h.updateUser},
		{Method: "PATCH", Path: p + "/{id}", Handler: h.patchUser},
		{Method: "DELETE", Path: p + "/{id}", Handler: users.remove(s)},
		{Method: "PATCH", Path: p + "/{id}/password", Handler: h.patchPassword},
		{Method: "PATCH", Path: p + "/{id}/superadmin", Handler: setFlag(s, users, superAdminValue, func(u *User, v bool) { u.SuperAdmin = v })},
		{Method: "PATCH", Path: p + "/{id}/restricted", Handler: setFlag(s, users, restrictedValue, func(u *User, v bool) { u.Restricted = v })},
		{Method: "DELETE", Path: p + "/{id}/auths/{auth}", Handler: h.deleteAuth},
		{Method: "POST", Path: p + "/{id}/impersonate", Handler: h.impersonate},
		{Method: "DELETE", Path: p + "/{id}/refresh-token", Handler: h.revokeRefreshToken},
	}
	return append(routes, tokenRoutes(s, p, users, http.StatusCreated, false)...)
}

func (h *Handlers) createUser(w http.ResponseWriter, r *http.Request) error {
	var req userRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.Email == nil {
		return rest.Invalid(rest.Violation{Path: "email", Message: "must not be null"})
	}
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	u := &User{ID: ids.New(), Created: s.now(), Tenants: []string{}}
	if err := s.applyUser(u, req); err != nil {
		return err
	}
	s.users.Put(instance, u.ID, u)
	rest.WriteJSON(w, http.StatusCreated, s.userJSON(u))
	return nil
}

func (h *Handlers) updateUser(w http.ResponseWriter, r *http.Request) error {
	var req userRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.Email == nil {
		return rest.Invalid(rest.Violation{Path: "email", Message: "must not be null"})
	}
	return h.modifyUser(w, r, req)
}

// modifyUser applies req to the user of the path and answers the user.
func (h *Handlers) modifyUser(w http.ResponseWriter, r *http.Request, req userRequest) error {
	s := h.Store
	return users.change(s, r, func(_ string, u *User) error {
		if err := s.changeUser(u, req); err != nil {
			return err
		}
		rest.WriteJSON(w, http.StatusOK, s.userJSON(u))
		return nil
	})
}

func (h *Handlers) patchUser(w http.ResponseWriter, r *http.Request) error {
	req, err := readProfile(r)
	if err != nil {
		return err
	}
	return h.modifyUser(w, r, req)
}

func (h *Handlers) patchPassword(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Password string `json:"password"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.Password == "" {
		return rest.Invalid(rest.Violation{Path: "password", Message: "must not be blank"})
	}
	return h.modifyUser(w, r, userRequest{Password: &req.Password})
}

// deleteAuth serves DELETE /users/{id}/auths/{auth}: it removes one
// authentication method (the simulator knows BASIC_AUTH, the password) and
// answers the user.
func (h *Handlers) deleteAuth(w http.ResponseWriter, r *http.Request) error {
	s := h.Store
	return users.change(s, r, func(_ string, u *User) error {
		auth := r.PathValue("auth")
		if !slices.ContainsFunc(u.auths(), func(a userAuth) bool { return a.ID == auth || a.Name == auth || a.Type == auth }) {
			return rest.NotFound("Authentication method '%s' not found for user '%s'", auth, u.ID)
		}
		u.passwordHash, u.salt = "", ""
		rest.WriteJSON(w, http.StatusOK, s.userJSON(u))
		return nil
	})
}

// flagRequest is the body of the targeted PATCH routes: superAdmin (or its
// 2.x name instanceOwner) or restricted.
type flagRequest struct {
	SuperAdmin    *bool `json:"superAdmin"`
	InstanceOwner *bool `json:"instanceOwner"`
	Restricted    *bool `json:"restricted"`
}

func superAdminValue(req flagRequest) (bool, error) {
	switch {
	case req.InstanceOwner != nil:
		return *req.InstanceOwner, nil
	case req.SuperAdmin != nil:
		return *req.SuperAdmin, nil
	}
	return false, rest.Invalid(rest.Violation{Path: "superAdmin", Message: "must not be null"})
}

func restrictedValue(req flagRequest) (bool, error) {
	if req.Restricted == nil {
		return false, rest.Invalid(rest.Violation{Path: "restricted", Message: "must not be null"})
	}
	return *req.Restricted, nil
}

// setFlag serves a targeted PATCH that sets one boolean of an object and
// answers 200 with no body.
func setFlag[T any](s *Store, k kind[T], value func(flagRequest) (bool, error), set func(*T, bool)) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var req flagRequest
		if err := rest.DecodeJSON(r, &req); err != nil {
			return err
		}
		v, err := value(req)
		if err != nil {
			return err
		}
		return k.change(s, r, func(_ string, obj *T) error {
			set(obj, v)
			w.WriteHeader(http.StatusOK)
			return nil
		})
	}
}
