package iam

import (
	"net/http"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// invitationValidity is how long an invitation stays PENDING.
const invitationValidity = 7 * 24 * time.Hour

// invitations invite an email address to a tenant.
var invitations = kind[Invitation]{
	noun:    "Invitation",
	table:   func(s *Store) table[Invitation] { return s.invitations },
	key:     func(inv *Invitation) string { return inv.SentAt.Format(time.RFC3339Nano) + inv.ID },
	text:    func(_ *Store, inv *Invitation) string { return inv.Email },
	show:    func(s *Store, _ string, inv *Invitation) any { return s.invitationOut(inv) },
	deleted: http.StatusNoContent,
}

func (h *Handlers) invitationRoutes() []rest.Route {
	const p = "/api/v1/{tenant}/invitations"
	perm := rest.PermissionOn("INVITATION")
	return []rest.Route{
		{Method: "POST", Path: p, Handler: h.createInvitation, Perm: perm("CREATE")},
		{Method: "GET", Path: p + "/search", Handler: h.searchInvitations, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/email/{email}", Handler: h.invitationsByEmail, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/{id}", Handler: invitations.get(h.Store), Perm: perm("VIEW")},
		{Method: "DELETE", Path: p + "/{id}", Handler: invitations.remove(h.Store), Perm: perm("DELETE")},
	}
}

func (inv *Invitation) status(now time.Time) string {
	switch {
	case inv.AcceptedAt != nil:
		return "ACCEPTED"
	case !now.Before(inv.ExpiredAt):
		return "EXPIRED"
	}
	return "PENDING"
}

// invitationOut renders an invitation; the caller holds the lock.
func (s *Store) invitationOut(inv *Invitation) invitationJSON {
	out := invitationJSON{ID: inv.ID, TenantID: inv.Tenant, Email: inv.Email, Status: inv.status(s.now()),
		SentAt: inv.SentAt, ExpiredAt: inv.ExpiredAt, AcceptedAt: inv.AcceptedAt, SuperAdmin: inv.SuperAdmin,
		InstanceOwner: inv.SuperAdmin, Roles: []roleSummaryJSON{}, Groups: []groupJSON{},
		Link: inv.Link}
	for _, id := range inv.Roles {
		if role := s.roles.Get(inv.Tenant, id); role != nil {
			out.Roles = append(out.Roles, roleSummary(role))
		}
	}
	for _, id := range inv.Groups {
		if g := s.groups.Get(inv.Tenant, id); g != nil {
			out.Groups = append(out.Groups, groupOut(g))
		}
	}
	return out
}

func (h *Handlers) createInvitation(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Email                string `json:"email"`
		CreateUserIfNotExist bool   `json:"createUserIfNotExist"`
		SuperAdmin           *bool  `json:"superAdmin"`
		InstanceOwner        *bool  `json:"instanceOwner"`
		Roles                []struct {
			ID         string   `json:"id"`
			Namespaces []string `json:"namespaces"`
		} `json:"roles"`
		Groups []string `json:"groups"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	email := strings.TrimSpace(req.Email)
	if _, err := mail.ParseAddress(email); err != nil || !strings.Contains(email, "@") {
		return rest.Invalid(rest.Violation{Path: "email", Message: "must be a well-formed email address"})
	}
	superAdmin := (req.SuperAdmin != nil && *req.SuperAdmin) || (req.InstanceOwner != nil && *req.InstanceOwner)
	a := auth.From(r.Context())
	if superAdmin && !a.Principal.SuperAdmin {
		return rest.Forbidden("Forbidden: only a super-admin can invite a super-admin")
	}
	tenant := a.Tenant
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := &Invitation{ID: ids.New(), Tenant: tenant, Email: email, SuperAdmin: superAdmin, SentAt: s.now().UTC()}
	inv.Link = rest.BaseURL(r) + "/ui/invitations/" + inv.ID
	inv.ExpiredAt = inv.SentAt.Add(invitationValidity)
	var roleBindings []bindingRequest
	for _, role := range req.Roles {
		if s.roles[tenant][role.ID] == nil {
			return roleNotFound(role.ID)
		}
		inv.Roles = append(inv.Roles, role.ID)
		if len(role.Namespaces) == 0 {
			roleBindings = append(roleBindings, bindingRequest{Type: "USER", RoleID: role.ID})
		}
		for _, ns := range role.Namespaces {
			n := ns
			roleBindings = append(roleBindings, bindingRequest{Type: "USER", RoleID: role.ID, NamespaceID: &n})
		}
	}
	for _, g := range req.Groups {
		if s.groups[tenant][g] == nil {
			return groupNotFound(g)
		}
		inv.Groups = append(inv.Groups, g)
	}

	// An existing user (or one created on the spot) gets access directly.
	user := s.users.Find(instance, func(u *User) bool { return strings.EqualFold(u.Email, email) })
	if user == nil && req.CreateUserIfNotExist {
		user = &User{ID: ids.New(), Email: email, Created: s.now(), Tenants: []string{}}
		s.users.Put(instance, user.ID, user)
	}
	if user != nil {
		if slices.Contains(user.Tenants, tenant) && len(inv.Roles) == 0 && len(inv.Groups) == 0 && !superAdmin {
			return rest.Conflict("User '%s' already has access to tenant '%s'", email, tenant)
		}
		if !slices.Contains(user.Tenants, tenant) {
			user.Tenants = append(user.Tenants, tenant)
		}
		if superAdmin {
			user.SuperAdmin = true
		}
		for _, br := range roleBindings {
			br.ExternalID = user.ID
			if b, err := s.newBinding(tenant, br); err == nil {
				s.bindings.Put(tenant, b.ID, b)
			}
		}
		for _, gid := range inv.Groups {
			if g := s.groups[tenant][gid]; !g.has(user.ID) {
				g.Members = append(g.Members, Member{UserID: user.ID, Membership: "MEMBER"})
			}
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	for _, o := range s.invitations[tenant] {
		if strings.EqualFold(o.Email, email) && o.status(s.now()) == "PENDING" {
			return rest.Conflict("An invitation for '%s' is already pending", email)
		}
	}
	s.invitations.Put(tenant, inv.ID, inv)
	rest.WriteJSON(w, http.StatusCreated, s.invitationOut(inv))
	return nil
}

func (h *Handlers) searchInvitations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	paging, filters, err := rest.ParseSearch(q, 10)
	if err != nil {
		return err
	}
	status := q.Get("status")
	if v, ok := filters.Equals("status"); ok {
		status = v
	}
	if status != "" && !slices.Contains([]string{"PENDING", "ACCEPTED", "EXPIRED"}, status) {
		return rest.BadRequest("Failed to convert argument [status] for value [%s]", status)
	}
	email := q.Get("email")
	if v, ok := filters.Equals("email"); ok {
		email = v
	}
	h.Store.mu.RLock()
	defer h.Store.mu.RUnlock()
	var out []invitationJSON
	for _, inv := range h.Store.invitations[auth.From(r.Context()).Tenant] {
		j := h.Store.invitationOut(inv)
		if (status == "" || j.Status == status) && (email == "" || strings.EqualFold(j.Email, email)) {
			out = append(out, j)
		}
	}
	slices.SortFunc(out, func(a, b invitationJSON) int { return b.SentAt.Compare(a.SentAt) })
	rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
	return nil
}

func (h *Handlers) invitationsByEmail(w http.ResponseWriter, r *http.Request) error {
	h.Store.mu.RLock()
	defer h.Store.mu.RUnlock()
	out := []invitationJSON{}
	for _, inv := range h.Store.invitations[auth.From(r.Context()).Tenant] {
		if strings.EqualFold(inv.Email, r.PathValue("email")) {
			out = append(out, h.Store.invitationOut(inv))
		}
	}
	slices.SortFunc(out, func(a, b invitationJSON) int { return b.SentAt.Compare(a.SentAt) })
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}
