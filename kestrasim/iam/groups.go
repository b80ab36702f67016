package iam

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

func groupName(g *Group) string { return g.Name }

// groups are tenant-level sets of users.
var groups = kind[Group]{
	noun:  "Group",
	table: func(s *Store) table[Group] { return s.groups },
	key:   groupName,
	text:  func(_ *Store, g *Group) string { return g.Name },
	show:  func(_ *Store, _ string, g *Group) any { return groupOut(g) },
	cascade: func(s *Store, tenant string, g *Group) {
		for id, b := range s.bindings[tenant] {
			if b.Type == "GROUP" && b.ExternalID == g.ID {
				s.bindings.Remove(tenant, id)
			}
		}
	},
	deleted: http.StatusOK,
}

func groupNotFound(id string) error { return groups.notFound(id) }

func (h *Handlers) groupRoutes() []rest.Route {
	const p = "/api/v1/{tenant}/groups"
	s := h.Store
	perm := rest.PermissionOn("GROUP")
	show := func(_ *Store, _ string, g *Group) any { return groupOut(g) }
	return []rest.Route{
		{Method: "POST", Path: p, Handler: h.createGroup, Perm: perm("CREATE")},
		{Method: "GET", Path: p + "/search", Handler: groups.search(s), Perm: perm("LIST")},
		{Method: "POST", Path: p + "/autocomplete", Handler: groups.autocomplete(s), Perm: perm("LIST")},
		{Method: "POST", Path: p + "/ids", Handler: groups.byIDs(s, show), Perm: perm("LIST")},
		{Method: "GET", Path: p + "/{id}", Handler: groups.get(s), Perm: perm("VIEW")},
		{Method: "PUT", Path: p + "/{id}", Handler: h.updateGroup, Perm: perm("UPDATE")},
		{Method: "DELETE", Path: p + "/{id}", Handler: groups.remove(s), Perm: perm("DELETE")},
		{Method: "GET", Path: p + "/{id}/members", Handler: h.groupMembers, Perm: perm("VIEW")},
		{Method: "PUT", Path: p + "/{id}/members/{userId}", Handler: h.setMember(func(*http.Request) (string, error) { return "MEMBER", nil }, true), Perm: perm("MANAGE_MEMBERS")},
		{Method: "DELETE", Path: p + "/{id}/members/{userId}", Handler: h.removeMember, Perm: perm("MANAGE_MEMBERS")},
		{Method: "PUT", Path: p + "/{id}/members/membership/{userId}", Handler: h.setMember(membershipParam, false), Perm: perm("MANAGE_MEMBERS")},
		{Method: "PUT", Path: "/api/v1/{tenant}/users/{id}/groups", Handler: h.setUserGroups, Perm: perm("MANAGE_MEMBERS")},
	}
}

func groupOut(g *Group) groupJSON {
	return groupJSON{ID: g.ID, Name: g.Name, Description: g.Description}
}

// principalName returns the username of a user or service account; the
// caller holds the lock.
func (s *Store) principalName(id string) (username, display, kind string, ok bool) {
	if u := s.users.Get(instance, id); u != nil {
		return u.Email, displayName(u), "STANDARD", true
	}
	if sa := s.serviceAccounts.Get(instance, id); sa != nil {
		return sa.Name, sa.Name, "SERVICE_ACCOUNT", true
	}
	return "", "", "", false
}

// memberJSON renders a member with its groups of the tenant; the caller
// holds the lock.
func (s *Store) memberJSON(tenant, userID string) groupMemberJSON {
	name, display, _, _ := s.principalName(userID)
	out := groupMemberJSON{ID: userID, Username: name, DisplayName: display, Groups: []groupMembershipJSON{}}
	for _, g := range s.groups.Sorted(tenant, groupName) {
		for _, m := range g.Members {
			if m.UserID == userID {
				out.Groups = append(out.Groups, groupMembershipJSON{ID: g.ID, Name: g.Name, Membership: m.Membership})
			}
		}
	}
	return out
}

// uniqueGroupName checks no other group of the tenant has name; the caller
// holds the lock.
func (s *Store) uniqueGroupName(tenant, id, name string) error {
	if s.groups.Find(tenant, func(o *Group) bool { return o.ID != id && o.Name == name }) != nil {
		return rest.Conflict("A group named '%s' already exists", name)
	}
	return nil
}

func (h *Handlers) createGroup(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Name        string   `json:"name"`
		Description string   `json:"description"`
		MembersID   []string `json:"membersId"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Name) == "" {
		return rest.Invalid(rest.Violation{Path: "name", Message: "must not be blank"})
	}
	tenant := auth.From(r.Context()).Tenant
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.uniqueGroupName(tenant, "", req.Name); err != nil {
		return err
	}
	g := &Group{ID: ids.New(), Tenant: tenant, Name: req.Name, Description: req.Description, Members: []Member{}}
	for _, m := range req.MembersID {
		if _, _, _, ok := s.principalName(m); !ok {
			return userNotFound(m)
		}
		if !g.has(m) {
			g.Members = append(g.Members, Member{UserID: m, Membership: "MEMBER"})
		}
	}
	s.groups.Put(tenant, g.ID, g)
	rest.WriteJSON(w, http.StatusOK, groupOut(g))
	return nil
}

func (h *Handlers) updateGroup(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Name        string  `json:"name"`
		Description *string `json:"description"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Name) == "" {
		return rest.Invalid(rest.Violation{Path: "name", Message: "must not be blank"})
	}
	s := h.Store
	return groups.change(s, r, func(tenant string, g *Group) error {
		if err := s.uniqueGroupName(tenant, g.ID, req.Name); err != nil {
			return err
		}
		g.Name = req.Name
		if req.Description != nil {
			g.Description = *req.Description
		}
		rest.WriteJSON(w, http.StatusOK, groupOut(g))
		return nil
	})
}

func (h *Handlers) groupMembers(w http.ResponseWriter, r *http.Request) error {
	paging, err := rest.ParsePaging(r.URL.Query(), 10)
	if err != nil {
		return err
	}
	text, err := queryText(r)
	if err != nil {
		return err
	}
	s := h.Store
	return groups.view(s, r, func(tenant string, g *Group) error {
		var out []groupMemberJSON
		for _, m := range g.Members {
			j := s.memberJSON(tenant, m.UserID)
			if text == "" || strings.Contains(strings.ToLower(j.Username+" "+j.DisplayName), text) {
				out = append(out, j)
			}
		}
		slices.SortFunc(out, func(a, b groupMemberJSON) int { return strings.Compare(a.Username, b.Username) })
		rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
		return nil
	})
}

// membershipParam reads the membership query parameter (GroupIdentifier.Membership).
func membershipParam(r *http.Request) (string, error) {
	m := r.URL.Query().Get("membership")
	if m != "OWNER" && m != "MEMBER" {
		return "", rest.BadRequest("Failed to convert argument [membership] for value [%s]: expected OWNER or MEMBER", m)
	}
	return m, nil
}

// setMember adds the user of the path to the group with the membership
// given by the request; keep leaves an existing membership as it is.
func (h *Handlers) setMember(membership func(*http.Request) (string, error), keep bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		m, err := membership(r)
		if err != nil {
			return err
		}
		return h.changeMember(w, r, func(g *Group, uid string) error {
			if _, _, _, ok := h.Store.principalName(uid); !ok {
				return userNotFound(uid)
			}
			if !keep || !g.has(uid) {
				g.Members = slices.DeleteFunc(g.Members, func(x Member) bool { return x.UserID == uid })
				g.Members = append(g.Members, Member{UserID: uid, Membership: m})
			}
			return nil
		})
	}
}

func (h *Handlers) removeMember(w http.ResponseWriter, r *http.Request) error {
	return h.changeMember(w, r, func(g *Group, uid string) error {
		if !g.has(uid) {
			return rest.NotFound("User '%s' is not a member of group '%s'", uid, g.ID)
		}
		g.Members = slices.DeleteFunc(g.Members, func(m Member) bool { return m.UserID == uid })
		return nil
	})
}

// changeMember applies change to the group and user of the path under the
// write lock, and answers the member.
func (h *Handlers) changeMember(w http.ResponseWriter, r *http.Request, change func(g *Group, uid string) error) error {
	s := h.Store
	return groups.change(s, r, func(tenant string, g *Group) error {
		uid := r.PathValue("userId")
		if err := change(g, uid); err != nil {
			return err
		}
		rest.WriteJSON(w, http.StatusOK, s.memberJSON(tenant, uid))
		return nil
	})
}

// setUserGroups replaces the user's memberships within the tenant.
func (h *Handlers) setUserGroups(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		GroupIDs []string `json:"groupIds"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	tenant := auth.From(r.Context()).Tenant
	s := h.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	uid := r.PathValue("id")
	if _, _, _, ok := s.principalName(uid); !ok {
		return userNotFound(uid)
	}
	for _, gid := range req.GroupIDs {
		if s.groups.Get(tenant, gid) == nil {
			return groupNotFound(gid)
		}
	}
	for _, g := range s.groups[tenant] {
		want := slices.Contains(req.GroupIDs, g.ID)
		if want && !g.has(uid) {
			g.Members = append(g.Members, Member{UserID: uid, Membership: "MEMBER"})
		} else if !want {
			g.Members = slices.DeleteFunc(g.Members, func(m Member) bool { return m.UserID == uid })
		}
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
