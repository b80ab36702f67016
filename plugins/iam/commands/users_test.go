package commands_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

func alice() map[string]any {
	return map[string]any{
		"id": "u1", "username": "alice@example.com", "displayName": "Alice Smith", "email": "alice@example.com",
		"firstName": "Alice", "lastName": "Smith", "superAdmin": true, "restricted": false,
		"tenants": []any{map[string]any{"id": "main", "name": "main"}, map[string]any{"id": "staging", "name": "staging"}},
		"groups":  []any{map[string]any{"id": "g1", "tenantId": "main"}, map[string]any{"id": "g2", "tenantId": "staging"}},
		"auths":   []any{map[string]any{"name": "BASIC_AUTH", "type": "BASIC"}},
	}
}

func TestUsersListEveryPage(t *testing.T) {
	f := newFake(t)
	f.handler = func(r request) (reply, bool) {
		if r.Path != "/api/v1/users" {
			return reply{}, false
		}
		var items []any
		start := (atoi(r.Query.Get("page")) - 1) * atoi(r.Query.Get("size"))
		for i := start; i < 150 && i < start+atoi(r.Query.Get("size")); i++ {
			items = append(items, map[string]any{"id": fmt.Sprintf("u%03d", i), "username": "x"})
		}
		return reply{Body: page(150, items...)}, true
	}
	// By default: the first 30, in one request.
	r := f.runWith(plugintest.Options{}, "users", "list")
	ok(t, r)
	if len(r.Records) != 30 || r.Footer != "Showing 30 of 150 users; use --limit or --all" {
		t.Fatalf("got %d records, footer %q", len(r.Records), r.Footer)
	}
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/users", Query: url.Values{"page": {"1"}, "size": {"30"}}})
	// --all: every page.
	f.reqs = nil
	r = f.runWith(plugintest.Options{}, "users", "list", "--all")
	ok(t, r)
	if len(r.Records) != 150 || r.Records[149]["id"] != "u149" || r.Footer != "Showing 150 of 150 users" {
		t.Fatalf("got %d records, footer %q", len(r.Records), r.Footer)
	}
	// --limit: up to N, in pages of at most 200.
	f.reqs = nil
	r = f.runWith(plugintest.Options{}, "users", "list", "-L", "45")
	ok(t, r)
	if len(r.Records) != 45 || r.Footer != "Showing 45 of 150 users; use --limit or --all" {
		t.Fatalf("got %d records, footer %q", len(r.Records), r.Footer)
	}
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/users", Query: url.Values{"page": {"1"}, "size": {"45"}}})
}

func atoi(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}

func TestUsersListQueryAndPage(t *testing.T) {
	f := newFake(t).on("GET /api/v1/users", reply{Body: page(60, alice())})
	r := f.run("users", "list", "--query", "alice", "--page", "2", "--size", "50", "--sort", "username:desc", "--sort", "id")
	ok(t, r)
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/users", Query: url.Values{
		"filters[q][EQUALS]": {"alice"}, "page": {"2"}, "size": {"50"}, "sort": {"username:desc,id:asc"}}})
	// JSON output is the server's item, unchanged.
	if len(r.RawRecords) != 1 || !strings.Contains(string(r.RawRecords[0]), `"auths"`) {
		t.Fatalf("records %s", r.RawRecords)
	}
	if r.Footer != "Page 2 of 2: 1 of 60 users" {
		t.Errorf("footer %q", r.Footer)
	}
}

func TestUsersListTable(t *testing.T) {
	f := newFake(t).on("GET /api/v1/users", reply{Body: page(1, alice())})
	r := f.runWith(plugintest.Options{}, "users", "ls")
	ok(t, r)
	// The table reads the server's item as it was sent.
	if string(r.RawRecords[0]) != js(alice()) {
		t.Errorf("record %s", r.RawRecords[0])
	}
	var headers []string
	for _, c := range r.Columns {
		headers = append(headers, c.Header+"="+c.Path)
	}
	if strings.Join(headers, ",") != "ID=id,USERNAME=username,DISPLAY NAME=displayName,SUPERADMIN=superAdmin" {
		t.Errorf("columns %v", headers)
	}
}

func TestUsersListBadFlags(t *testing.T) {
	f := newFake(t)
	for _, argv := range [][]string{
		{"users", "list", "--page", "-1"},
		{"users", "list", "--size", "-1"},
		{"users", "list", "--all", "--limit", "5"},
		{"users", "list", "--page", "2", "--all"},
		{"users", "list", "--filter", "nope"},
		{"users", "list", "--sort", "name:up"},
		{"users", "list", "--sort", "na me"},
	} {
		r := f.run(argv...)
		if r.Code() != cmderr.Usage {
			t.Errorf("%v: code %s (%v), want usage", argv, r.Code(), r.Err)
		}
	}
	check(t, f.requests())
}

func TestUsersGet(t *testing.T) {
	f := newFake(t).on("GET /api/v1/users/u1", reply{Body: alice()})
	r := f.run("users", "get", "u1")
	ok(t, r)
	if m := r.Object(t); m["email"] != "alice@example.com" || m["auths"] == nil {
		t.Errorf("object %v", m)
	}
	// Table mode shows the detail view.
	r = f.runWith(plugintest.Options{}, "users", "show", "u1")
	ok(t, r)
	for _, s := range []string{`"groups":"g1 (tenant main), g2 (tenant staging)"`, `"super-admin":"yes"`, `"auth methods":"BASIC_AUTH"`} {
		if !strings.Contains(string(r.Objects[0]), s) {
			t.Errorf("detail lacks %s: %s", s, r.Objects[0])
		}
	}
}

func TestUsersCreate(t *testing.T) {
	tests := []struct {
		argv []string
		body any
	}{
		{[]string{"--email", "alice@example.com", "--first-name", "Alice", "--last-name", "Smith", "--user-password", "S3cret!"},
			map[string]any{"email": "alice@example.com", "firstName": "Alice", "lastName": "Smith", "password": "S3cret!"}},
		{[]string{"--email", "bob@example.com", "--superadmin"}, map[string]any{"email": "bob@example.com", "superAdmin": true}},
		{[]string{"--email", "bot@example.com", "--restricted"}, map[string]any{"email": "bot@example.com", "restricted": true}},
		{[]string{"--email", "bot@example.com", "--superadmin=false"}, map[string]any{"email": "bot@example.com", "superAdmin": false}},
		{[]string{"--email", "ops@example.com", "--tenant-grant", "main", "--tenant-grant", "staging", "--group", "g1"},
			map[string]any{"email": "ops@example.com", "tenants": []string{"main", "staging"}, "groups": []string{"g1"}}},
	}
	for _, tt := range tests {
		f := newFake(t).on("POST /api/v1/users", reply{Status: 201, Body: alice()})
		r := f.run(append([]string{"users", "create"}, tt.argv...)...)
		ok(t, r)
		check(t, f.requests(), want{Method: "POST", Path: "/api/v1/users", Body: tt.body})
		if r.Object(t)["id"] != "u1" {
			t.Errorf("%v: output %s", tt.argv, r.Objects)
		}
	}
}

func TestUsersCreateSecretPassword(t *testing.T) {
	// The core hands the secret flag over out of argv.
	f := newFake(t).on("POST /api/v1/users", reply{Status: 201, Body: alice()})
	r := f.runWith(plugintest.Options{Format: "json", Secrets: map[string]string{"user-password": "S3cret!"}},
		"users", "create", "--email", "alice@example.com")
	ok(t, r)
	check(t, f.requests(), want{Method: "POST", Path: "/api/v1/users", Body: map[string]any{"email": "alice@example.com", "password": "S3cret!"}})
}

func TestUsersCreateBadInput(t *testing.T) {
	f := newFake(t)
	for _, argv := range [][]string{
		{"users", "create"},
		{"users", "create", "--email", "not-an-email"},
		{"users", "create", "--email", "a@b.c", "--user-password", ""},
		{"users", "create", "--email", "a@b.c", "--tenant-grant", ""},
	} {
		if r := f.run(argv...); r.Code() != cmderr.Usage {
			t.Errorf("%v: code %s (%v), want usage", argv, r.Code(), r.Err)
		}
	}
	check(t, f.requests())
}

func TestUsersUpdateNamesPatchesOnly(t *testing.T) {
	f := newFake(t).on("GET /api/v1/users/u1", reply{Body: alice()}).on("PATCH /api/v1/users/u1", reply{Body: alice()})
	r := f.run("users", "update", "u1", "--first-name", "Alicia", "--last-name", "Jones")
	ok(t, r)
	check(t, f.requests(),
		want{Method: "GET", Path: "/api/v1/users/u1"},
		want{Method: "PATCH", Path: "/api/v1/users/u1", Body: map[string]any{"firstName": "Alicia", "lastName": "Jones", "email": "alice@example.com"}},
		want{Method: "GET", Path: "/api/v1/users/u1"})
}

func TestUsersUpdateSuperAdminFalse(t *testing.T) {
	// As documented, the update runs as typed (no question, even without a
	// terminal) and says on stderr what it takes away: one targeted PATCH,
	// groups and tenants untouched.
	f := newFake(t).on("GET /api/v1/users/u1", reply{Body: alice()}).on("PATCH /api/v1/users/u1/superadmin", reply{})
	r := f.runWith(plugintest.Options{Format: "json"}, "users", "update", "u1", "--superadmin=false")
	ok(t, r)
	if len(r.Confirmations) != 0 || !strings.Contains(r.MessageText(), "revokes super-admin rights") {
		t.Fatalf("confirmations %q, messages %q", r.Confirmations, r.MessageText())
	}
	check(t, f.requests(),
		want{Method: "GET", Path: "/api/v1/users/u1"},
		want{Method: "PATCH", Path: "/api/v1/users/u1/superadmin", Body: map[string]any{"superAdmin": false}},
		want{Method: "GET", Path: "/api/v1/users/u1"})
}

func TestUsersUpdateTenantGrantKeepsGroupTenants(t *testing.T) {
	f := newFake(t).on("GET /api/v1/users/u1", reply{Body: alice()}).on("PUT /api/v1/users/u1", reply{Body: alice()})
	r := f.runWith(plugintest.Options{Format: "json"}, "users", "update", "u1", "--tenant-grant", "main")
	ok(t, r)
	asked := r.MessageText()
	// Only the staging tenant and its group go; the main group stays.
	check(t, f.requests(),
		want{Method: "GET", Path: "/api/v1/users/u1"},
		want{Method: "PUT", Path: "/api/v1/users/u1", Body: map[string]any{
			"email": "alice@example.com", "firstName": "Alice", "lastName": "Smith",
			"groups": []string{"g1"}, "tenants": []string{"main"}, "superAdmin": true, "restricted": false}})
	if !strings.Contains(asked, "tenant(s) staging") || !strings.Contains(asked, "g2 (tenant staging)") {
		t.Errorf("warning %q", asked)
	}
}

func TestUsersUpdateNothing(t *testing.T) {
	f := newFake(t)
	r := f.run("users", "update", "u1")
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "nothing to update") {
		t.Fatalf("%v", r.Err)
	}
	check(t, f.requests())
}

func TestUsersUpdatePartialFailure(t *testing.T) {
	f := newFake(t).on("GET /api/v1/users/u1", reply{Body: alice()}).on("PATCH /api/v1/users/u1", reply{Body: alice()}).
		on("PATCH /api/v1/users/u1/restricted", reply{Status: 500, Body: map[string]any{"message": "boom"}})
	r := f.run("users", "update", "u1", "--first-name", "A", "--restricted=false")
	if r.Err == nil || !strings.Contains(r.Err.Error(), "already applied: names and e-mail") || !strings.Contains(r.Err.Error(), "boom") {
		t.Fatalf("%v", r.Err)
	}
}

func TestUsersSetPassword(t *testing.T) {
	f := newFake(t).on("PATCH /api/v1/users/u1/password", reply{Body: alice()})
	r := f.run("users", "set-password", "u1", "--user-password", "N3wPass!")
	ok(t, r)
	check(t, f.requests(), want{Method: "PATCH", Path: "/api/v1/users/u1/password", Body: map[string]any{"password": "N3wPass!"}})
	if m := r.Object(t); m["status"] != "password-updated" {
		t.Errorf("%v", m)
	}
	if r := f.run("users", "set-password", "u1"); r.Code() != cmderr.Usage {
		t.Errorf("missing --user-password: %v", r.Err)
	}
}

func TestUsersSetGroups(t *testing.T) {
	// The user cannot be read (e.g. a tenant administrator): the change
	// still happens, the id taken as typed.
	f := newFake(t).on("GET /api/v1/users/u1", reply{Status: 403, Body: map[string]any{"message": "Forbidden"}}).
		on("PUT /api/v1/main/users/u1/groups", reply{Status: 204})
	ok(t, f.run("users", "set-groups", "u1", "--group", "g1", "--group", "g3"))
	reqs := f.requests()
	check(t, reqs[len(reqs)-1:], want{Method: "PUT", Path: "/api/v1/main/users/u1/groups", Body: map[string]any{"groupIds": []string{"g1", "g3"}}})

	// No --group removes every group of the tenant: destructive, it asks
	// first, naming the groups; without a terminal it refuses, changing
	// nothing.
	f = newFake(t).on("GET /api/v1/users/u1", reply{Body: alice()}).on("PUT /api/v1/main/users/u1/groups", reply{Status: 204})
	r := f.runWith(plugintest.Options{Format: "json"}, "users", "set-groups", "u1")
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "pass --yes") {
		t.Fatalf("no --group without a terminal: %v", r.Err)
	}
	if len(r.Confirmations) != 1 || r.Confirmations[0] != "Remove user 'alice@example.com' (id u1) from every group in tenant 'main' (g1)?" {
		t.Errorf("confirmations %q", r.Confirmations)
	}
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/users/u1"})
	// A "no" cancels (exit 3), nothing changed.
	r = f.runWith(plugintest.Options{Format: "json", Confirm: func(string) bool { return false }}, "users", "set-groups", "u1")
	if r.Code() != cmderr.Cancelled {
		t.Fatalf("declined: %v", r.Err)
	}
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/users/u1"}, want{Method: "GET", Path: "/api/v1/users/u1"})
	// --yes: done at once, without reading the user.
	f = newFake(t).on("PUT /api/v1/main/users/u1/groups", reply{Status: 204})
	r = f.run("users", "set-groups", "u1")
	ok(t, r)
	check(t, f.requests(), want{Method: "PUT", Path: "/api/v1/main/users/u1/groups", Body: map[string]any{"groupIds": []string{}}})
	if m := r.Object(t); m["status"] != "groups-updated" || !strings.Contains(r.MessageText(), "now belongs to no group in tenant 'main'") {
		t.Errorf("%v %q", m, r.MessageText())
	}
	// Replacing the groups says on stderr which ones are left, as typed.
	f = newFake(t).on("GET /api/v1/users/u1", reply{Body: alice()}).on("PUT /api/v1/main/users/u1/groups", reply{Status: 204})
	r = f.runWith(plugintest.Options{Format: "json"}, "users", "set-groups", "u1", "--group", "g7")
	ok(t, r)
	if msg := r.MessageText(); !strings.Contains(msg, "user 'alice@example.com' (id u1) leaves group(s) g1 in tenant 'main'") || len(r.Confirmations) != 0 {
		t.Errorf("warning %q, confirmations %q", msg, r.Confirmations)
	}
	// Adding only: no question.
	f = newFake(t).on("GET /api/v1/users/u1", reply{Body: alice()}).on("PUT /api/v1/main/users/u1/groups", reply{Status: 204})
	ok(t, f.runWith(plugintest.Options{Format: "json"}, "users", "set-groups", "u1", "--group", "g1", "--group", "g9"))
}

func TestUsersDelete(t *testing.T) {
	// Without a terminal and without --yes: exit 2, nothing deleted.
	f := newFake(t).on("GET /api/v1/users/u1", reply{Body: alice()}).on("DELETE /api/v1/users/u1", reply{Status: 204})
	r := f.runWith(plugintest.Options{Format: "json"}, "users", "delete", "u1")
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "pass --yes") {
		t.Fatalf("code %s: %v", r.Code(), r.Err)
	}
	if len(r.Confirmations) != 1 || r.Confirmations[0] != "Delete user 'alice@example.com' (id u1) and all of its access?" {
		t.Errorf("confirmations %q", r.Confirmations)
	}
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/users/u1"})
	// --yes: deleted at once.
	f = newFake(t).on("DELETE /api/v1/users/u1", reply{Status: 204})
	r = f.run("users", "rm", "u1")
	ok(t, r)
	check(t, f.requests(), want{Method: "DELETE", Path: "/api/v1/users/u1", Body: noBody{}})
	if m := r.Object(t); m["status"] != "deleted" || m["id"] != "u1" {
		t.Errorf("%v", m)
	}
}

func TestUsersTokens(t *testing.T) {
	const secret = "kestra_full_token_value_1234"
	f := newFake(t).on("POST /api/v1/users/u1/api-tokens", reply{Status: 201, Body: map[string]any{"id": "t1", "name": "ci-token", "fullToken": secret}})
	r := f.runWith(plugintest.Options{Format: "json", Verbose: true}, "users", "tokens", "create", "u1", "--name", "ci-token", "--description", "CI pipeline token")
	ok(t, r)
	check(t, f.requests(), want{Method: "POST", Path: "/api/v1/users/u1/api-tokens",
		Body: map[string]any{"name": "ci-token", "description": "CI pipeline token", "extended": false}})
	if r.Object(t)["fullToken"] != secret {
		t.Errorf("output %s", r.Objects)
	}
	if msgs := r.MessageText(); strings.Contains(msgs, secret) || !strings.Contains(msgs, "will not be shown again") {
		t.Errorf("messages %q", msgs)
	}
	// Table output shows it too, once.
	r = f.runWith(plugintest.Options{}, "users", "tokens", "create", "u1", "--name", "ci-token", "--max-age", "p30d", "--extended")
	ok(t, r)
	if !strings.Contains(string(r.Objects[0]), `"token":"`+secret+`"`) {
		t.Errorf("table object %s", r.Objects[0])
	}
	check(t, f.requests()[1:], want{Method: "POST", Path: "/api/v1/users/u1/api-tokens",
		Body: map[string]any{"name": "ci-token", "maxAge": "P30D", "extended": true}})

	for _, argv := range [][]string{
		{"users", "tokens", "create", "u1", "--name", "CI Token"},
		{"users", "tokens", "create", "u1", "--name", "ci-token", "--max-age", "30 days"},
		{"users", "tokens", "create", "u1", "--name", "ci-token", "--max-age", "P1M"},
		{"users", "tokens", "create", "u1"},
	} {
		if r := f.run(argv...); r.Code() != cmderr.Usage {
			t.Errorf("%v: %v", argv, r.Err)
		}
	}

	f = newFake(t).on("GET /api/v1/users/u1/api-tokens", reply{Body: map[string]any{"total": 1, "results": []any{
		map[string]any{"id": "t1", "name": "ci-token", "prefix": "abcd", "iat": "2026-01-01T00:00:00Z", "expired": false}}}}).
		on("DELETE /api/v1/users/u1/api-tokens/t1", reply{Status: 204})
	r = f.run("users", "tokens", "list", "u1")
	ok(t, r)
	if len(r.Records) != 1 || r.Records[0]["prefix"] != "abcd" {
		t.Errorf("records %v", r.Records)
	}
	var asked string
	r = f.runWith(plugintest.Options{Format: "json", Confirm: func(q string) bool { asked = q; return true }}, "users", "tokens", "delete", "u1", "t1")
	ok(t, r)
	if asked != "Revoke API token 'ci-token' (id t1) of user 'u1', so that anything using it loses access?" {
		t.Errorf("warning %q", asked)
	}
	if m := r.Object(t); m["userId"] != "u1" || m["status"] != "deleted" {
		t.Errorf("%v", m)
	}
	r = f.runWith(plugintest.Options{Format: "json", Confirm: func(string) bool { return true }}, "users", "tokens", "delete", "u1", "nope")
	if r.Code() != cmderr.NotFound {
		t.Errorf("unknown token: %v", r.Err)
	}
}

func TestUsersOSS(t *testing.T) {
	f := newFake(t)
	f.edition = "OSS"
	for _, argv := range [][]string{{"users", "list"}, {"users", "get", "u1"}, {"users", "delete", "u1"}} {
		r := f.run(argv...)
		if r.Code() != cmderr.PermissionDenied || !strings.Contains(r.Err.Error(), "users: a Kestra Enterprise feature") {
			t.Errorf("%v: %s %v", argv, r.Code(), r.Err)
		}
	}
}

func TestUsersErrors(t *testing.T) {
	// No user has that id: none has it as e-mail or name either.
	f := newFake(t).on("GET /api/v1/users/nope", reply{Status: 404, Body: map[string]any{"message": "User 'nope' not found"}}).
		on("GET /api/v1/users", reply{Body: page(0)})
	r := f.run("users", "get", "nope")
	if r.Code() != cmderr.NotFound || strings.Contains(r.Err.Error(), "Enterprise") || r.Err.Error() != `no user has the id, e-mail or name "nope"` {
		t.Errorf("404: %v", r.Err)
	}
	f = newFake(t).on("GET /api/v1/users", reply{Status: 403, Body: map[string]any{"message": "Forbidden"}}).
		on("POST /api/v1/users", reply{Status: 422, Body: map[string]any{"message": "Invalid entity",
			"_embedded": map[string]any{"errors": []any{map[string]any{"message": "email: must be a well-formed email address"}}}}})
	r = f.run("users", "list")
	if r.Code() != cmderr.PermissionDenied || !strings.Contains(r.Err.Error(), "permission denied") || !strings.Contains(r.Err.Hint, "super-admin") {
		t.Errorf("403: %v (hint %q)", r.Err, r.Err.Hint)
	}
	r = f.run("users", "create", "--email", "a@b.co")
	if r.Err == nil || len(r.Err.Details) != 1 {
		t.Errorf("422: %v %q", r.Err, r.Err.Details)
	}
}
