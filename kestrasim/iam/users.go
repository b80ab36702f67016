package iam

import (
	"net/http"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/isoduration"
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

// userJSON renders a user; the caller holds the lock.
func (s *Store) userJSON(u *User) userJSON {
	out := userJSON{ID: u.ID, Username: u.Email, DisplayName: displayName(u), FirstName: u.FirstName,
		LastName: u.LastName, Email: u.Email, SuperAdmin: u.SuperAdmin, InstanceOwner: u.SuperAdmin,
		Restricted: u.Restricted, Tenants: tenantSummaries(u.Tenants), Auths: []userAuth{}, Groups: []userGroup{}}
	if u.passwordHash != "" {
		out.Auths = append(out.Auths, userAuth{ID: u.ID + "-basic", Name: "BASIC_AUTH", Type: "BASIC"})
	}
	for _, t := range s.tenants {
		for _, g := range sortedGroups(s.groups[t]) {
			if g.has(u.ID) {
				out.Groups = append(out.Groups, userGroup{ID: g.ID, TenantID: t})
			}
		}
	}
	return out
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

// apply validates and applies a request to u; the caller holds the write
// lock. Absent fields keep their value.
func (s *Store) applyUser(u *User, req userRequest) error {
	if req.Email != nil {
		email := strings.TrimSpace(*req.Email)
		if _, err := mail.ParseAddress(email); err != nil || !strings.Contains(email, "@") {
			return rest.Invalid(rest.Violation{Path: "email", Message: "must be a well-formed email address"})
		}
		for _, o := range s.users {
			if o.ID != u.ID && strings.EqualFold(o.Email, email) {
				return rest.Conflict("A user with email '%s' already exists", email)
			}
		}
		u.Email = email
	}
	if req.Tenants != nil {
		for _, t := range *req.Tenants {
			if !slices.Contains(s.tenants, t) {
				return rest.Invalid(rest.Violation{Path: "tenants", Message: "tenant '" + t + "' does not exist"})
			}
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
		for _, groups := range s.groups {
			for _, g := range groups {
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
	return []rest.Route{
		{Method: "GET", Path: "/api/v1/users", Handler: h.listUsers},
		{Method: "POST", Path: "/api/v1/users", Handler: h.createUser},
		{Method: "GET", Path: "/api/v1/users/{id}", Handler: h.getUser},
		{Method: "PUT", Path: "/api/v1/users/{id}", Handler: h.updateUser},
		{Method: "PATCH", Path: "/api/v1/users/{id}", Handler: h.patchUser},
		{Method: "DELETE", Path: "/api/v1/users/{id}", Handler: h.deleteUser},
		{Method: "PATCH", Path: "/api/v1/users/{id}/password", Handler: h.patchPassword},
		{Method: "PATCH", Path: "/api/v1/users/{id}/superadmin", Handler: h.patchUserSuperAdmin},
		{Method: "PATCH", Path: "/api/v1/users/{id}/restricted", Handler: h.patchRestricted},
		{Method: "GET", Path: "/api/v1/users/{id}/api-tokens", Handler: h.listUserTokens},
		{Method: "POST", Path: "/api/v1/users/{id}/api-tokens", Handler: h.createUserToken},
		{Method: "DELETE", Path: "/api/v1/users/{id}/api-tokens/{tokenId}", Handler: h.deleteUserToken},
	}
}

func userNotFound(id string) error { return rest.NotFound("User '%s' not found", id) }

func queryText(r *http.Request) (string, error) {
	filters, err := rest.ParseFilters(r.URL.Query())
	if err != nil {
		return "", err
	}
	text := r.URL.Query().Get("q")
	if v, ok := filters.Equals("q"); ok {
		text = v
	}
	return strings.ToLower(text), nil
}

func (h *Handlers) listUsers(w http.ResponseWriter, r *http.Request) error {
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
	var out []userSummaryJSON
	for _, u := range s.users {
		if text != "" && !strings.Contains(strings.ToLower(u.Email+" "+displayName(u)), text) {
			continue
		}
		j := s.userJSON(u)
		out = append(out, userSummaryJSON{ID: j.ID, Username: j.Username, DisplayName: j.DisplayName,
			Tenants: j.Tenants, Auths: j.Auths, SuperAdmin: j.SuperAdmin, InstanceOwner: j.InstanceOwner})
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b userSummaryJSON) int { return strings.Compare(a.Username, b.Username) })
	rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
	return nil
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
	u := &User{ID: newID(), Created: s.now(), Tenants: []string{}}
	if err := s.applyUser(u, req); err != nil {
		// applyUser may have added memberships only after validating
		// everything, so nothing is left behind on error.
		return err
	}
	s.users[u.ID] = u
	rest.WriteJSON(w, http.StatusCreated, s.userJSON(u))
	return nil
}

func (h *Handlers) getUser(w http.ResponseWriter, r *http.Request) error {
	s := h.Store
	s.mu.RLock()
	defer s.mu.RUnlock()
	u := s.users[r.PathValue("id")]
	if u == nil {
		return userNotFound(r.PathValue("id"))
	}
	rest.WriteJSON(w, http.StatusOK, s.userJSON(u))
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

func (h *Handlers) modifyUser(w http.ResponseWriter, r *http.Request, req userRequest) error {
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[r.PathValue("id")]
	if u == nil {
		return userNotFound(r.PathValue("id"))
	}
	next := *u
	if err := s.applyUser(&next, req); err != nil {
		return err
	}
	*u = next
	rest.WriteJSON(w, http.StatusOK, s.userJSON(u))
	return nil
}

func (h *Handlers) patchUser(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		FirstName *string `json:"firstName"`
		LastName  *string `json:"lastName"`
		Email     *string `json:"email"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	return h.modifyUser(w, r, userRequest{FirstName: req.FirstName, LastName: req.LastName, Email: req.Email})
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

// superAdminRequest accepts both the document's superAdmin and the 2.x
// instanceOwner.
type superAdminRequest struct {
	SuperAdmin    *bool `json:"superAdmin"`
	InstanceOwner *bool `json:"instanceOwner"`
}

func (req superAdminRequest) value() (bool, error) {
	switch {
	case req.InstanceOwner != nil:
		return *req.InstanceOwner, nil
	case req.SuperAdmin != nil:
		return *req.SuperAdmin, nil
	}
	return false, rest.Invalid(rest.Violation{Path: "superAdmin", Message: "must not be null"})
}

func (h *Handlers) patchUserSuperAdmin(w http.ResponseWriter, r *http.Request) error {
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
	u := s.users[r.PathValue("id")]
	if u == nil {
		return userNotFound(r.PathValue("id"))
	}
	u.SuperAdmin = v
	w.WriteHeader(http.StatusOK)
	return nil
}

func (h *Handlers) patchRestricted(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Restricted *bool `json:"restricted"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.Restricted == nil {
		return rest.Invalid(rest.Violation{Path: "restricted", Message: "must not be null"})
	}
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[r.PathValue("id")]
	if u == nil {
		return userNotFound(r.PathValue("id"))
	}
	u.Restricted = *req.Restricted
	w.WriteHeader(http.StatusOK)
	return nil
}

func (h *Handlers) deleteUser(w http.ResponseWriter, r *http.Request) error {
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("id")
	if s.users[id] == nil {
		return userNotFound(id)
	}
	delete(s.users, id)
	s.deleteOwner(id)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// ---- API tokens (users and service accounts) ----

type tokenRequest struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	MaxAge      string `json:"maxAge"`
	Extended    bool   `json:"extended"`
}

func (req tokenRequest) validate() (time.Duration, error) {
	if !validName(req.Name) {
		return 0, rest.Invalid(rest.Violation{Path: "name", Message: `must match "^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$" (lowercase alphanumeric and dashes)`})
	}
	if req.MaxAge == "" {
		return 0, nil
	}
	d, err := isoduration.Parse(req.MaxAge)
	if err != nil || d <= 0 {
		return 0, rest.Invalid(rest.Violation{Path: "maxAge", Message: "must be a positive ISO-8601 duration such as P30D"})
	}
	return d, nil
}

func (s *Store) tokenList(ownerID string) tokenListJSON {
	out := tokenListJSON{Results: []tokenJSON{}}
	now := s.now()
	for _, t := range s.ownerTokens(ownerID) {
		out.Results = append(out.Results, tokenJSON{ID: t.ID, Name: t.Name, Description: t.Description, Prefix: t.Prefix,
			IAT: t.IAT, Exp: t.Exp, LastUsed: t.LastUsed, Extended: t.Extended, Expired: t.expired(now)})
	}
	out.Total = len(out.Results)
	return out
}

func (h *Handlers) listUserTokens(w http.ResponseWriter, r *http.Request) error {
	s := h.Store
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.users[r.PathValue("id")] == nil {
		return userNotFound(r.PathValue("id"))
	}
	rest.WriteJSON(w, http.StatusOK, s.tokenList(r.PathValue("id")))
	return nil
}

func (h *Handlers) createUserToken(w http.ResponseWriter, r *http.Request) error {
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
	if s.users[r.PathValue("id")] == nil {
		return userNotFound(r.PathValue("id"))
	}
	t, full := s.createToken(r.PathValue("id"), req.Name, req.Description, maxAge, req.Extended)
	rest.WriteJSON(w, http.StatusCreated, createdTokenJSON{ID: t.ID, Name: t.Name, FullToken: full})
	return nil
}

// deleteToken removes a token of owner; the caller holds the write lock.
func (s *Store) deleteToken(ownerID, tokenID string) (*Token, error) {
	for h, t := range s.tokens {
		if t.OwnerID == ownerID && t.ID == tokenID {
			delete(s.tokens, h)
			return t, nil
		}
	}
	return nil, rest.NotFound("API token '%s' not found", tokenID)
}

func (h *Handlers) deleteUserToken(w http.ResponseWriter, r *http.Request) error {
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users[r.PathValue("id")] == nil {
		return userNotFound(r.PathValue("id"))
	}
	if _, err := s.deleteToken(r.PathValue("id"), r.PathValue("tokenId")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
