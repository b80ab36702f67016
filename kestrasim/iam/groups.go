package iam

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

func (h *Handlers) groupRoutes() []rest.Route {
	const p = "/api/v1/{tenant}/groups"
	perm := func(a string) rest.Permission { return rest.Permission{Resource: "GROUP", Action: a} }
	return []rest.Route{
		{Method: "POST", Path: p, Handler: h.createGroup, Perm: perm("CREATE")},
		{Method: "GET", Path: p + "/search", Handler: h.searchGroups, Perm: perm("LIST")},
		{Method: "POST", Path: p + "/autocomplete", Handler: h.autocompleteGroups, Perm: perm("LIST")},
		{Method: "POST", Path: p + "/ids", Handler: h.groupsByIDs, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/{id}", Handler: h.getGroup, Perm: perm("VIEW")},
		{Method: "PUT", Path: p + "/{id}", Handler: h.updateGroup, Perm: perm("UPDATE")},
		{Method: "DELETE", Path: p + "/{id}", Handler: h.deleteGroup, Perm: perm("DELETE")},
		{Method: "GET", Path: p + "/{id}/members", Handler: h.groupMembers, Perm: perm("VIEW")},
		{Method: "PUT", Path: p + "/{id}/members/{userId}", Handler: h.addMember, Perm: perm("MANAGE_MEMBERS")},
		{Method: "DELETE", Path: p + "/{id}/members/{userId}", Handler: h.removeMember, Perm: perm("MANAGE_MEMBERS")},
		{Method: "PUT", Path: p + "/{id}/members/membership/{userId}", Handler: h.setMembership, Perm: perm("MANAGE_MEMBERS")},
		{Method: "PUT", Path: "/api/v1/{tenant}/users/{id}/groups", Handler: h.setUserGroups, Perm: perm("MANAGE_MEMBERS")},
	}
}

func sortedGroups(m map[string]*Group) []*Group {
	out := make([]*Group, 0, len(m))
	for _, g := range m {
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b *Group) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func groupOut(g *Group) groupJSON {
	out := groupJSON{ID: g.ID, Name: g.Name}
	if g.Description != "" {
		d := g.Description
		out.Description = &d
	}
	return out
}

func groupNotFound(id string) error { return rest.NotFound("Group '%s' not found", id) }

// group returns a group of the request's tenant; the caller holds the lock.
func (h *Handlers) group(r *http.Request) (*Group, error) {
	g := h.Store.groups[auth.From(r.Context()).Tenant][r.PathValue("id")]
	if g == nil {
		return nil, groupNotFound(r.PathValue("id"))
	}
	return g, nil
}

// principalName returns the username of a user or service account; the
// caller holds the lock.
func (s *Store) principalName(id string) (username, display, kind string, ok bool) {
	if u := s.users[id]; u != nil {
		return u.Email, displayName(u), "STANDARD", true
	}
	if sa := s.serviceAccounts[id]; sa != nil {
		return sa.Name, sa.Name, "SERVICE_ACCOUNT", true
	}
	return "", "", "", false
}

func (h *Handlers) memberJSON(tenant, userID string) groupMemberJSON {
	s := h.Store
	name, display, _, _ := s.principalName(userID)
	out := groupMemberJSON{ID: userID, Username: name, DisplayName: display, Groups: []groupMembershipJSON{}}
	for _, g := range sortedGroups(s.groups[tenant]) {
		for _, m := range g.Members {
			if m.UserID == userID {
				out.Groups = append(out.Groups, groupMembershipJSON{ID: g.ID, Name: g.Name, Membership: m.Membership})
			}
		}
	}
	return out
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
	for _, g := range s.groups[tenant] {
		if g.Name == req.Name {
			return rest.Conflict("A group named '%s' already exists", req.Name)
		}
	}
	g := &Group{ID: newID(), Tenant: tenant, Name: req.Name, Description: req.Description, Members: []Member{}}
	for _, m := range req.MembersID {
		if _, _, _, ok := s.principalName(m); !ok {
			return userNotFound(m)
		}
		if !g.has(m) {
			g.Members = append(g.Members, Member{UserID: m, Membership: "MEMBER"})
		}
	}
	s.groups[tenant][g.ID] = g
	rest.WriteJSON(w, http.StatusOK, groupOut(g))
	return nil
}

func (h *Handlers) searchGroups(w http.ResponseWriter, r *http.Request) error {
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
	defer s.mu.RUnlock()
	out := h.matchGroups(auth.From(r.Context()).Tenant, text)
	rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
	return nil
}

func (h *Handlers) matchGroups(tenant, text string) []groupJSON {
	out := []groupJSON{}
	for _, g := range sortedGroups(h.Store.groups[tenant]) {
		if text == "" || strings.Contains(strings.ToLower(g.Name), text) {
			out = append(out, groupOut(g))
		}
	}
	return out
}

type autocompleteRequest struct {
	Q   *string  `json:"q"`
	IDs []string `json:"ids"`
}

func (h *Handlers) autocompleteGroups(w http.ResponseWriter, r *http.Request) error {
	var req autocompleteRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	text := ""
	if req.Q != nil {
		text = strings.ToLower(*req.Q)
	}
	s := h.Store
	s.mu.RLock()
	defer s.mu.RUnlock()
	rest.WriteJSON(w, http.StatusOK, h.matchGroups(auth.From(r.Context()).Tenant, text))
	return nil
}

func (h *Handlers) groupsByIDs(w http.ResponseWriter, r *http.Request) error {
	var req autocompleteRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	s := h.Store
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []groupJSON{}
	for _, id := range req.IDs {
		if g := s.groups[auth.From(r.Context()).Tenant][id]; g != nil {
			out = append(out, groupOut(g))
		}
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handlers) getGroup(w http.ResponseWriter, r *http.Request) error {
	h.Store.mu.RLock()
	defer h.Store.mu.RUnlock()
	g, err := h.group(r)
	if err != nil {
		return err
	}
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
	h.Store.mu.Lock()
	defer h.Store.mu.Unlock()
	g, err := h.group(r)
	if err != nil {
		return err
	}
	for _, o := range h.Store.groups[g.Tenant] {
		if o.ID != g.ID && o.Name == req.Name {
			return rest.Conflict("A group named '%s' already exists", req.Name)
		}
	}
	g.Name = req.Name
	if req.Description != nil {
		g.Description = *req.Description
	}
	rest.WriteJSON(w, http.StatusOK, groupOut(g))
	return nil
}

func (h *Handlers) deleteGroup(w http.ResponseWriter, r *http.Request) error {
	h.Store.mu.Lock()
	defer h.Store.mu.Unlock()
	g, err := h.group(r)
	if err != nil {
		return err
	}
	delete(h.Store.groups[g.Tenant], g.ID)
	for id, b := range h.Store.bindings[g.Tenant] {
		if b.Type == "GROUP" && b.ExternalID == g.ID {
			delete(h.Store.bindings[g.Tenant], id)
		}
	}
	w.WriteHeader(http.StatusOK)
	return nil
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
	h.Store.mu.RLock()
	defer h.Store.mu.RUnlock()
	g, err := h.group(r)
	if err != nil {
		return err
	}
	var out []groupMemberJSON
	for _, m := range g.Members {
		j := h.memberJSON(g.Tenant, m.UserID)
		if text == "" || strings.Contains(strings.ToLower(j.Username+" "+j.DisplayName), text) {
			out = append(out, j)
		}
	}
	slices.SortFunc(out, func(a, b groupMemberJSON) int { return strings.Compare(a.Username, b.Username) })
	rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
	return nil
}

func (h *Handlers) addMember(w http.ResponseWriter, r *http.Request) error {
	h.Store.mu.Lock()
	defer h.Store.mu.Unlock()
	g, err := h.group(r)
	if err != nil {
		return err
	}
	uid := r.PathValue("userId")
	if _, _, _, ok := h.Store.principalName(uid); !ok {
		return userNotFound(uid)
	}
	if !g.has(uid) {
		g.Members = append(g.Members, Member{UserID: uid, Membership: "MEMBER"})
	}
	rest.WriteJSON(w, http.StatusOK, h.memberJSON(g.Tenant, uid))
	return nil
}

func (h *Handlers) removeMember(w http.ResponseWriter, r *http.Request) error {
	h.Store.mu.Lock()
	defer h.Store.mu.Unlock()
	g, err := h.group(r)
	if err != nil {
		return err
	}
	uid := r.PathValue("userId")
	if !g.has(uid) {
		return rest.NotFound("User '%s' is not a member of group '%s'", uid, g.ID)
	}
	g.Members = slices.DeleteFunc(g.Members, func(m Member) bool { return m.UserID == uid })
	rest.WriteJSON(w, http.StatusOK, h.memberJSON(g.Tenant, uid))
	return nil
}

func (h *Handlers) setMembership(w http.ResponseWriter, r *http.Request) error {
	membership := r.URL.Query().Get("membership")
	if membership != "OWNER" && membership != "MEMBER" {
		return rest.BadRequest("Failed to convert argument [membership] for value [%s]: expected OWNER or MEMBER", membership)
	}
	h.Store.mu.Lock()
	defer h.Store.mu.Unlock()
	g, err := h.group(r)
	if err != nil {
		return err
	}
	uid := r.PathValue("userId")
	if _, _, _, ok := h.Store.principalName(uid); !ok {
		return userNotFound(uid)
	}
	g.Members = slices.DeleteFunc(g.Members, func(m Member) bool { return m.UserID == uid })
	g.Members = append(g.Members, Member{UserID: uid, Membership: membership})
	rest.WriteJSON(w, http.StatusOK, h.memberJSON(g.Tenant, uid))
	return nil
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
		if s.groups[tenant][gid] == nil {
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
