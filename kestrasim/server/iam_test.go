package server

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestIAMIsEnterpriseOnly(t *testing.T) {
	s := newSim(t, func(o *Options) { o.Edition = "oss" })
	for _, p := range []string{"/api/v1/users", "/api/v1/service-accounts", "/api/v1/main/roles/search", "/api/v1/main/groups/search", "/api/v1/main/bindings/search", "/api/v1/main/invitations/search"} {
		r := s.get(t, p)
		want(t, r, http.StatusNotFound)
	}
	// IAM users do not exist in oss: only the command-line credentials work
	want(t, s.getAs(t, basic("x@y.z", "pw"), "/api/v1/main/flows/search"), http.StatusUnauthorized)
}

type iamIDs struct{ user, role, token string }

// setupViewer creates a role, a user with a password and a token, and a
// binding of the role to the user (on ns when given).
func setupViewer(t *testing.T, s *sim, perms map[string][]string, ns string) iamIDs {
	t.Helper()
	r := s.postJSON(t, "/api/v1/main/roles", map[string]any{"name": "viewer-" + ns, "description": "d", "permissions": perms})
	want(t, r, http.StatusOK)
	role := r.Map(t)["id"].(string)
	r = s.postJSON(t, "/api/v1/users", map[string]any{"email": "alice" + ns + "@example.com", "firstName": "Alice", "lastName": "Smith", "password": "S3cret!"})
	want(t, r, http.StatusCreated)
	user := r.Map(t)["id"].(string)
	r = s.postJSON(t, "/api/v1/users/"+user+"/api-tokens", map[string]any{"name": "ci-token", "description": "CI pipeline token"})
	want(t, r, http.StatusCreated)
	token := r.Map(t)["fullToken"].(string)
	body := map[string]any{"type": "USER", "externalId": user, "roleId": role}
	if ns != "" {
		body["namespaceId"] = ns
	}
	want(t, s.postJSON(t, "/api/v1/main/bindings", body), http.StatusOK)
	return iamIDs{user: user, role: role, token: token}
}

func TestRBACNamespaceViewer(t *testing.T) {
	s := newSim(t)
	want(t, s.postYAML(t, "/api/v1/main/flows", flowYAML("company.team", "f")), http.StatusOK)
	ids := setupViewer(t, s, map[string][]string{"NAMESPACE": {"VIEW"}}, "")
	tok := bearer(ids.token)

	// the token works at once, and so does the user's password
	want(t, s.getAs(t, tok, "/api/v1/main/namespaces/search?page=1&size=100&existing=true"), http.StatusOK)
	want(t, s.getAs(t, basic("alice@example.com", "S3cret!"), "/api/v1/main/namespaces/search"), http.StatusOK)
	want(t, s.getAs(t, basic("alice@example.com", "wrong"), "/api/v1/main/namespaces/search"), http.StatusUnauthorized)

	// no FLOW permission: deploy is refused with a clear 403
	r := s.do(t, req{method: "GET", path: "/api/v1/main/flows/company.team/f?source=false", auth: &tok})
	want(t, r, http.StatusForbidden)
	if msg := r.Message(t); !strings.Contains(msg, "FLOW:VIEW") || !strings.Contains(msg, "Forbidden") {
		t.Errorf("403 message %q", msg)
	}
	r = s.do(t, req{method: "POST", path: "/api/v1/main/flows", body: strings.NewReader(flowYAML("company.team", "g")), contentType: "application/x-yaml", auth: &tok})
	want(t, r, http.StatusForbidden)
	want(t, s.getAs(t, tok, "/api/v1/users"), http.StatusForbidden)
	want(t, s.getAs(t, tok, "/api/v1/main/roles/search"), http.StatusForbidden)

	// a deleted token stops working
	var list struct {
		Results []map[string]any `json:"results"`
	}
	s.get(t, "/api/v1/users/"+ids.user+"/api-tokens").JSON(t, &list)
	if len(list.Results) != 1 || list.Results[0]["prefix"] != ids.token[:8] || strings.Contains(string(s.get(t, "/api/v1/users/"+ids.user+"/api-tokens").Body), ids.token) {
		t.Fatalf("token list %v", list.Results)
	}
	want(t, s.delete(t, "/api/v1/users/"+ids.user+"/api-tokens/"+list.Results[0]["id"].(string)), http.StatusNoContent)
	want(t, s.getAs(t, tok, "/api/v1/main/namespaces/search"), http.StatusUnauthorized)
}

func TestRBACNamespaceScopedBinding(t *testing.T) {
	s := newSim(t, func(o *Options) { o.Tenants = []string{"main", "staging"} })
	for _, ns := range []string{"company.team", "company.team.sub", "company.other"} {
		want(t, s.postYAML(t, "/api/v1/main/flows", flowYAML(ns, "f")), http.StatusOK)
	}
	ids := setupViewer(t, s, map[string][]string{"FLOW": {"VIEW", "LIST", "CREATE"}}, "company.team")
	tok := bearer(ids.token)
	want(t, s.getAs(t, tok, "/api/v1/main/flows/company.team/f"), http.StatusOK)
	want(t, s.getAs(t, tok, "/api/v1/main/flows/company.team.sub/f"), http.StatusOK)
	want(t, s.getAs(t, tok, "/api/v1/main/flows/company.other/f"), http.StatusForbidden)
	want(t, s.getAs(t, tok, "/api/v1/main/flows/company.teamx/f"), http.StatusForbidden)
	var p struct {
		Total int `json:"total"`
	}
	s.getAs(t, tok, "/api/v1/main/flows/search?size=100").JSON(t, &p)
	if p.Total != 2 {
		t.Errorf("search sees %d flows, want the 2 of its namespace", p.Total)
	}
	r := s.do(t, req{method: "POST", path: "/api/v1/main/flows", body: strings.NewReader(flowYAML("company.team", "new")), contentType: "application/x-yaml", auth: &tok})
	want(t, r, http.StatusOK)
	r = s.do(t, req{method: "POST", path: "/api/v1/main/flows", body: strings.NewReader(flowYAML("company.other", "new")), contentType: "application/x-yaml", auth: &tok})
	want(t, r, http.StatusForbidden)
	// bindings are per tenant: no access to staging
	want(t, s.getAs(t, tok, "/api/v1/staging/flows/search"), http.StatusForbidden)
	// group bindings apply to members
	r = s.postJSON(t, "/api/v1/main/groups", map[string]any{"name": "ops", "description": "Ops", "membersId": []string{ids.user}})
	want(t, r, http.StatusOK)
	group := r.Map(t)["id"].(string)
	r = s.postJSON(t, "/api/v1/main/roles", map[string]any{"name": "kv", "permissions": map[string]any{"KVSTORE": []string{"VIEW", "CREATE", "UPDATE"}}})
	role := r.Map(t)["id"].(string)
	want(t, s.do(t, req{method: "PUT", path: "/api/v1/main/namespaces/x/kv/k", body: strings.NewReader("1"), contentType: "text/plain", auth: &tok}), http.StatusForbidden)
	want(t, s.postJSON(t, "/api/v1/main/bindings", map[string]any{"type": "GROUP", "externalId": group, "roleId": role}), http.StatusOK)
	want(t, s.do(t, req{method: "PUT", path: "/api/v1/main/namespaces/x/kv/k", body: strings.NewReader("1"), contentType: "text/plain", auth: &tok}), http.StatusOK)
}

func TestUsersAndTokens(t *testing.T) {
	clock := &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := newSim(t, func(o *Options) { o.Tenants = []string{"main", "staging"}; o.Now = clock.now })
	r := s.postJSON(t, "/api/v1/users", map[string]any{"email": "ops@example.com", "tenants": []string{"main", "staging"}})
	want(t, r, http.StatusCreated)
	u := r.Map(t)
	id := u["id"].(string)
	if len(u["tenants"].([]any)) != 2 {
		t.Errorf("tenants %v", u["tenants"])
	}
	want(t, s.postJSON(t, "/api/v1/users", map[string]any{"email": "OPS@example.com"}), http.StatusConflict)
	want(t, s.postJSON(t, "/api/v1/users", map[string]any{"email": "not-an-email"}), http.StatusUnprocessableEntity)
	want(t, s.postJSON(t, "/api/v1/users", map[string]any{"email": "x@example.com", "tenants": []string{"prod"}}), http.StatusUnprocessableEntity)
	r = s.postJSON(t, "/api/v1/users", map[string]any{"email": "bob@example.com", "instanceOwner": true})
	if r.Map(t)["superAdmin"] != true {
		t.Errorf("instanceOwner not applied: %s", r.Body)
	}

	r = s.sendJSON(t, "PUT", "/api/v1/users/"+id, map[string]any{"email": "ops@example.com", "firstName": "Alicia", "lastName": "Jones"})
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["displayName"] != "Alicia Jones" || len(m["tenants"].([]any)) != 2 {
		t.Errorf("update %v", m)
	}
	want(t, s.sendJSON(t, "PATCH", "/api/v1/users/"+id+"/password", map[string]any{"password": "N3wPass!"}), http.StatusOK)
	// authenticated (not 401) but without any binding (403)
	want(t, s.getAs(t, basic("ops@example.com", "N3wPass!"), "/api/v1/staging/flows/search"), http.StatusForbidden)
	want(t, s.sendJSON(t, "PATCH", "/api/v1/users/"+id+"/superadmin", map[string]any{"superAdmin": true}), http.StatusOK)
	want(t, s.getAs(t, basic("ops@example.com", "N3wPass!"), "/api/v1/users"), http.StatusOK)

	var page struct {
		Results []map[string]any `json:"results"`
		Total   int              `json:"total"`
	}
	s.get(t, "/api/v1/users?q=ops").JSON(t, &page)
	if page.Total != 1 {
		t.Errorf("users q=ops: %d", page.Total)
	}

	// token names and max age
	want(t, s.postJSON(t, "/api/v1/users/"+id+"/api-tokens", map[string]any{"name": "Bad Name"}), http.StatusUnprocessableEntity)
	r = s.postJSON(t, "/api/v1/users/"+id+"/api-tokens", map[string]any{"name": "short-lived", "maxAge": "P30D", "extended": true})
	want(t, r, http.StatusCreated)
	tok := bearer(r.Map(t)["fullToken"].(string))
	want(t, s.getAs(t, tok, "/api/v1/main/flows/search"), http.StatusOK)
	clock.advance(31 * 24 * time.Hour)
	want(t, s.getAs(t, tok, "/api/v1/main/flows/search"), http.StatusUnauthorized)

	want(t, s.delete(t, "/api/v1/users/"+id), http.StatusNoContent)
	want(t, s.get(t, "/api/v1/users/"+id), http.StatusNotFound)
	want(t, s.getAs(t, basic("ops@example.com", "N3wPass!"), "/api/v1/main/flows/search"), http.StatusUnauthorized)
}

func TestRolesValidatePermissions(t *testing.T) {
	s := newSim(t)
	r := s.postJSON(t, "/api/v1/main/roles", map[string]any{"name": "operator", "permissions": map[string]any{
		"FLOW":      []string{"VIEW", "LIST", "CREATE", "UPDATE", "DELETE", "EXECUTE", "DISABLE", "ENABLE"},
		"EXECUTION": []string{"VIEW", "LIST", "ACCESS_LOGS", "ACCESS_FILES", "FOLLOW"}}})
	want(t, r, http.StatusOK)
	id := r.Map(t)["id"].(string)
	for name, perms := range map[string]map[string]any{
		"1.x action":       {"FLOW": []string{"READ"}},
		"unknown resource": {"FLOWS": []string{"VIEW"}},
		"lower case":       {"flow": []string{"VIEW"}},
	} {
		t.Run(name, func(t *testing.T) {
			r := s.postJSON(t, "/api/v1/main/roles", map[string]any{"name": "bad", "permissions": perms})
			want(t, r, http.StatusUnprocessableEntity)
			if msg := r.Message(t); !strings.Contains(msg, "valid") {
				t.Errorf("message does not list valid values: %q", msg)
			}
		})
	}
	want(t, s.postJSON(t, "/api/v1/main/roles", map[string]any{"name": "operator", "permissions": map[string]any{}}), http.StatusConflict)
	want(t, s.postJSON(t, "/api/v1/main/roles", map[string]any{"name": "noperms"}), http.StatusUnprocessableEntity)
	r = s.sendJSON(t, "PUT", "/api/v1/main/roles/"+id, map[string]any{"name": "operator", "description": "Ops", "isDefault": true, "permissions": map[string]any{"FLOW": []string{"VIEW"}}})
	want(t, r, http.StatusOK)
	if perms := r.Map(t)["permissions"].(map[string]any); len(perms) != 1 {
		t.Errorf("update did not replace permissions: %v", perms)
	}
	var page struct {
		Results []map[string]any `json:"results"`
	}
	s.get(t, "/api/v1/main/roles/search?q=oper&page=1&size=50&sort=name:asc").JSON(t, &page)
	if len(page.Results) != 1 || page.Results[0]["isDefault"] != true {
		t.Errorf("search %v", page.Results)
	}
	want(t, s.postJSON(t, "/api/v1/main/roles/ids", map[string]any{"ids": []string{id}}), http.StatusOK)
	want(t, s.postJSON(t, "/api/v1/main/roles/autocomplete", map[string]any{"q": "op"}), http.StatusOK)
	want(t, s.delete(t, "/api/v1/main/roles/"+id), http.StatusNoContent)
	want(t, s.get(t, "/api/v1/main/roles/"+id), http.StatusNotFound)
}

func TestGroupsAndMembers(t *testing.T) {
	s := newSim(t)
	user := s.postJSON(t, "/api/v1/users", map[string]any{"email": "m@example.com"}).Map(t)["id"].(string)
	r := s.postJSON(t, "/api/v1/main/groups", map[string]any{"name": "admins", "description": "Platform admins"})
	want(t, r, http.StatusOK)
	g := r.Map(t)["id"].(string)
	want(t, s.postJSON(t, "/api/v1/main/groups", map[string]any{"name": "admins"}), http.StatusConflict)
	want(t, s.do(t, req{method: "PUT", path: "/api/v1/main/groups/" + g + "/members/" + user}), http.StatusOK)
	var page struct {
		Results []map[string]any `json:"results"`
		Total   int              `json:"total"`
	}
	s.get(t, "/api/v1/main/groups/"+g+"/members").JSON(t, &page)
	if page.Total != 1 || page.Results[0]["username"] != "m@example.com" {
		t.Errorf("members %v", page.Results)
	}
	u := s.get(t, "/api/v1/users/"+user).Map(t)
	if len(u["groups"].([]any)) != 1 {
		t.Errorf("user groups %v", u["groups"])
	}
	r = s.sendJSON(t, "PUT", "/api/v1/main/groups/"+g, map[string]any{"name": "platform-admins"})
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["name"] != "platform-admins" || m["description"] != "Platform admins" {
		t.Errorf("update %v", m)
	}
	want(t, s.do(t, req{method: "PUT", path: "/api/v1/main/groups/" + g + "/members/membership/" + user + "?membership=OWNER"}), http.StatusOK)
	want(t, s.sendJSON(t, "PUT", "/api/v1/main/users/"+user+"/groups", map[string]any{"groupIds": []string{}}), http.StatusNoContent)
	s.get(t, "/api/v1/main/groups/"+g+"/members").JSON(t, &page)
	if page.Total != 0 {
		t.Errorf("set-groups with no group kept %d memberships", page.Total)
	}
	want(t, s.sendJSON(t, "PUT", "/api/v1/main/users/"+user+"/groups", map[string]any{"groupIds": []string{g}}), http.StatusNoContent)
	want(t, s.delete(t, "/api/v1/main/groups/"+g+"/members/"+user), http.StatusOK)
	want(t, s.delete(t, "/api/v1/main/groups/"+g+"/members/"+user), http.StatusNotFound)
	s.get(t, "/api/v1/main/groups/search?q=platform").JSON(t, &page)
	if page.Total != 1 {
		t.Errorf("group search %d", page.Total)
	}
	want(t, s.delete(t, "/api/v1/main/groups/"+g), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/groups/"+g), http.StatusNotFound)
}

func TestServiceAccounts(t *testing.T) {
	s := newSim(t)
	want(t, s.postJSON(t, "/api/v1/service-accounts", map[string]any{"name": "CI_bot"}), http.StatusUnprocessableEntity)
	r := s.postJSON(t, "/api/v1/service-accounts", map[string]any{"name": "ci-bot", "description": "CI pipeline", "tenants": []string{"main"}})
	want(t, r, http.StatusOK)
	id := r.Map(t)["id"].(string)
	want(t, s.postJSON(t, "/api/v1/service-accounts", map[string]any{"name": "ci-bot"}), http.StatusConflict)
	r = s.sendJSON(t, "PATCH", "/api/v1/service-accounts/"+id, map[string]any{"name": "ci-bot", "description": "Updated"})
	want(t, r, http.StatusOK)
	if r.Map(t)["description"] != "Updated" {
		t.Errorf("patch %s", r.Body)
	}
	r = s.postJSON(t, "/api/v1/service-accounts/"+id+"/api-tokens", map[string]any{"name": "deploy-token", "description": "CD"})
	want(t, r, http.StatusOK)
	tok := bearer(r.Map(t)["fullToken"].(string))
	// a service account with tenant access but no binding: authenticated, not authorised
	want(t, s.getAs(t, tok, "/api/v1/main/flows/search"), http.StatusForbidden)
	want(t, s.sendJSON(t, "PATCH", "/api/v1/service-accounts/"+id+"/superadmin", map[string]any{"instanceOwner": true}), http.StatusOK)
	want(t, s.getAs(t, tok, "/api/v1/main/flows/search"), http.StatusOK)
	var list map[string]any
	s.get(t, "/api/v1/service-accounts/"+id+"/api-tokens").JSON(t, &list)
	tokens := list["results"].([]any)
	if len(tokens) != 1 {
		t.Fatalf("tokens %v", list)
	}
	want(t, s.delete(t, "/api/v1/service-accounts/"+id+"/api-tokens/"+tokens[0].(map[string]any)["id"].(string)), http.StatusOK)
	want(t, s.getAs(t, tok, "/api/v1/main/flows/search"), http.StatusUnauthorized)
	var page struct {
		Total int `json:"total"`
	}
	s.get(t, "/api/v1/service-accounts?page=1&size=50&sort=name:asc").JSON(t, &page)
	if page.Total != 1 {
		t.Errorf("list %d", page.Total)
	}
	want(t, s.delete(t, "/api/v1/service-accounts/"+id), http.StatusNoContent)
	want(t, s.get(t, "/api/v1/service-accounts/"+id), http.StatusNotFound)
}

func TestBindingsAndInvitations(t *testing.T) {
	s := newSim(t)
	user := s.postJSON(t, "/api/v1/users", map[string]any{"email": "jane@example.com"}).Map(t)["id"].(string)
	role := s.postJSON(t, "/api/v1/main/roles", map[string]any{"name": "r", "permissions": map[string]any{"FLOW": []string{"VIEW"}}}).Map(t)["id"].(string)
	r := s.postJSON(t, "/api/v1/main/bindings", map[string]any{"type": "USER", "externalId": user, "roleId": role, "namespaceId": "company.team"})
	want(t, r, http.StatusOK)
	b := r.Map(t)
	if b["namespace"] != "company.team" || b["role"].(map[string]any)["name"] != "r" || b["user"].(map[string]any)["username"] != "jane@example.com" {
		t.Errorf("binding %v", b)
	}
	want(t, s.postJSON(t, "/api/v1/main/bindings", map[string]any{"type": "USER", "externalId": user, "roleId": role, "namespaceId": "company.team"}), http.StatusConflict)
	want(t, s.postJSON(t, "/api/v1/main/bindings", map[string]any{"type": "USER", "externalId": "nope", "roleId": role}), http.StatusNotFound)
	want(t, s.postJSON(t, "/api/v1/main/bindings", map[string]any{"type": "ROBOT", "externalId": user, "roleId": role}), http.StatusUnprocessableEntity)
	var page struct {
		Results []map[string]any `json:"results"`
		Total   int              `json:"total"`
	}
	s.get(t, "/api/v1/main/bindings/search?type=USER&id="+user+"&namespace=company.team").JSON(t, &page)
	if page.Total != 1 {
		t.Errorf("binding search %d", page.Total)
	}
	want(t, s.delete(t, "/api/v1/main/bindings/"+b["id"].(string)), http.StatusNoContent)
	want(t, s.get(t, "/api/v1/main/bindings/"+b["id"].(string)), http.StatusNotFound)

	r = s.postJSON(t, "/api/v1/main/invitations", map[string]any{"email": "new@example.com", "roles": []map[string]any{{"id": role}}})
	want(t, r, http.StatusCreated)
	inv := r.Map(t)
	if inv["status"] != "PENDING" || len(inv["roles"].([]any)) != 1 {
		t.Errorf("invitation %v", inv)
	}
	want(t, s.postJSON(t, "/api/v1/main/invitations", map[string]any{"email": "new@example.com"}), http.StatusConflict)
	// an existing user gets access directly
	want(t, s.postJSON(t, "/api/v1/main/invitations", map[string]any{"email": "jane@example.com", "roles": []map[string]any{{"id": role}}}), http.StatusNoContent)
	want(t, s.postJSON(t, "/api/v1/main/invitations", map[string]any{"email": "auto@example.com", "createUserIfNotExist": true}), http.StatusNoContent)
	s.get(t, "/api/v1/main/invitations/search?status=PENDING").JSON(t, &page)
	if page.Total != 1 {
		t.Errorf("pending invitations %d", page.Total)
	}
	want(t, s.get(t, "/api/v1/main/invitations/search?status=LOST"), http.StatusBadRequest)
	want(t, s.get(t, "/api/v1/main/invitations/email/new@example.com"), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/invitations/"+inv["id"].(string)), http.StatusOK)
	want(t, s.delete(t, "/api/v1/main/invitations/"+inv["id"].(string)), http.StatusNoContent)
	want(t, s.get(t, "/api/v1/main/invitations/"+inv["id"].(string)), http.StatusNotFound)
}

// Kestra leaves null properties out (Jackson NON_NULL); the document does
// not allow "description": null for a group.
func TestGroupWithoutDescriptionHasNoNullDescription(t *testing.T) {
	s := newSim(t)
	r := s.postJSON(t, "/api/v1/main/groups", map[string]any{"name": "nodesc"})
	want(t, r, http.StatusOK)
	if _, ok := r.Map(t)["description"]; ok || strings.Contains(string(r.Body), "null") {
		t.Errorf("group %s", r.Body)
	}
}
