package commands_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

func admins() map[string]any {
	return map[string]any{"id": "g1", "name": "admins", "description": "Platform admins"}
}

func TestGroupsList(t *testing.T) {
	f := newFake(t).on("GET /api/v1/main/groups/search", reply{Body: page(1, admins())})
	r := f.run("groups", "list", "--query", "admins")
	ok(t, r)
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/groups/search",
		Query: url.Values{"filters[q][EQUALS]": {"admins"}, "page": {"1"}, "size": {"30"}}})
	if len(r.Records) != 1 || r.Records[0]["name"] != "admins" {
		t.Errorf("%v", r.Records)
	}
	// The active tenant is used.
	f = newFake(t).on("GET /api/v1/staging/groups/search", reply{Body: page(0)})
	r = f.runWith(plugintest.Options{Format: "json", Tenant: "staging"}, "groups", "ls")
	ok(t, r)
	if len(r.RawRecords) != 0 || r.Footer != "No groups found" {
		t.Errorf("empty list: %v %q", r.RawRecords, r.Footer)
	}
}

func TestGroupsCreateGetUpdate(t *testing.T) {
	f := newFake(t).on("POST /api/v1/main/groups", reply{Body: admins()})
	ok(t, f.run("groups", "create", "--name", "admins", "--description", "Platform admins", "--member", "u1", "--member", "u2", "--member", "u1"))
	check(t, f.requests(), want{Method: "POST", Path: "/api/v1/main/groups",
		Body: map[string]any{"name": "admins", "description": "Platform admins", "membersId": []string{"u1", "u2"}}})

	f = newFake(t).on("POST /api/v1/main/groups", reply{Body: admins()})
	ok(t, f.run("groups", "create", "--name", "admins"))
	check(t, f.requests(), want{Method: "POST", Path: "/api/v1/main/groups", Body: map[string]any{"name": "admins"}})

	f = newFake(t).on("GET /api/v1/main/groups/g1", reply{Body: admins()})
	r := f.runWith(plugintest.Options{}, "groups", "get", "g1")
	ok(t, r)
	if string(r.Objects[0]) != `{"id":"g1","name":"admins","description":"Platform admins"}` {
		t.Errorf("detail %s", r.Objects[0])
	}

	// update keeps what was not passed.
	f = newFake(t).on("GET /api/v1/main/groups/g1", reply{Body: admins()}).on("PUT /api/v1/main/groups/g1", reply{Body: admins()})
	ok(t, f.run("groups", "update", "g1", "--name", "platform-admins"))
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/groups/g1"},
		want{Method: "PUT", Path: "/api/v1/main/groups/g1", Body: map[string]any{"name": "platform-admins", "description": "Platform admins"}})
	f = newFake(t).on("GET /api/v1/main/groups/g1", reply{Body: admins()}).on("PUT /api/v1/main/groups/g1", reply{Body: admins()})
	ok(t, f.run("groups", "update", "g1", "--description", "Updated description"))
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/groups/g1"},
		want{Method: "PUT", Path: "/api/v1/main/groups/g1", Body: map[string]any{"name": "admins", "description": "Updated description"}})

	for _, argv := range [][]string{{"groups", "create"}, {"groups", "create", "--name", " "}, {"groups", "update", "g1"}, {"groups", "update", "g1", "--name", ""}} {
		if r := newFake(t).run(argv...); r.Code() != cmderr.Usage {
			t.Errorf("%v: %v", argv, r.Err)
		}
	}
}

func TestGroupsDelete(t *testing.T) {
	f := newFake(t).on("GET /api/v1/main/groups/g1", reply{Body: admins()}).on("DELETE /api/v1/main/groups/g1", reply{Status: 204})
	r := f.runWith(plugintest.Options{Format: "json"}, "groups", "delete", "g1")
	if r.Code() != cmderr.Usage {
		t.Fatalf("no --yes: %v", r.Err)
	}
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/groups/g1"})
	r = f.runWith(plugintest.Options{Format: "json", Confirm: func(string) bool { return true }}, "groups", "delete", "g1")
	ok(t, r)
	if r.Confirmations[0] != "Delete group 'admins' (id g1) in tenant 'main', taking away the access it gives its members?" {
		t.Errorf("question %q", r.Confirmations)
	}
	check(t, f.requests()[1:], want{Method: "GET", Path: "/api/v1/main/groups/g1"}, want{Method: "DELETE", Path: "/api/v1/main/groups/g1"})
}

func TestGroupsMembers(t *testing.T) {
	member := map[string]any{"id": "u1", "username": "alice@example.com", "displayName": "Alice",
		"groups": []any{map[string]any{"id": "g1", "name": "admins", "membership": "OWNER"}}}
	f := newFake(t).on("GET /api/v1/main/groups/g1/members", reply{Body: page(1, member)}).
		on("PUT /api/v1/main/groups/g1/members/u1", reply{Body: member}).
		on("DELETE /api/v1/main/groups/g1/members/u1", reply{Body: member}).
		on("GET /api/v1/main/groups/g1", reply{Body: admins()})
	r := f.runWith(plugintest.Options{}, "groups", "members", "list", "g1")
	ok(t, r)
	if string(r.RawRecords[0]) != js(member) || r.Footer != "Showing 1 of 1 member" {
		t.Errorf("%s %q", r.RawRecords, r.Footer)
	}
	r = f.run("groups", "members", "add", "g1", "u1")
	ok(t, r)
	if r.Object(t)["id"] != "u1" || !strings.Contains(r.MessageText(), `User 'u1' added to group 'admins' (id g1)`) {
		t.Errorf("%s %q", r.Objects, r.MessageText())
	}
	r = f.run("groups", "members", "remove", "g1", "u1")
	ok(t, r)
	// The group is read first: it may be given by name, and messages name it.
	check(t, f.requests(),
		want{Method: "GET", Path: "/api/v1/main/groups/g1"},
		want{Method: "GET", Path: "/api/v1/main/groups/g1/members"},
		want{Method: "GET", Path: "/api/v1/main/groups/g1"},
		want{Method: "PUT", Path: "/api/v1/main/groups/g1/members/u1", Body: noBody{}},
		want{Method: "GET", Path: "/api/v1/main/groups/g1"},
		want{Method: "DELETE", Path: "/api/v1/main/groups/g1/members/u1", Body: noBody{}})
	// Removing a member takes access away: it asks first, and needs --yes
	// without a terminal.
	r = f.runWith(plugintest.Options{Format: "json"}, "groups", "members", "rm", "g1", "u1")
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "--yes") {
		t.Errorf("remove without --yes: %v", r.Err)
	}
	r = f.runWith(plugintest.Options{Format: "json", Confirm: func(string) bool { return false }}, "groups", "members", "rm", "g1", "u1")
	if r.Code() != cmderr.Cancelled || r.Confirmations[0] != "Remove user 'u1' from group 'admins' (id g1) in tenant 'main'?" {
		t.Errorf("declined: %v %q", r.Err, r.Confirmations)
	}
	for _, req := range f.requests()[6:] {
		if req.Method != "GET" {
			t.Errorf("a refused removal sent %s %s", req.Method, req.Path)
		}
	}
	// A membership route that answers 204 still reports.
	f = newFake(t).on("PUT /api/v1/main/groups/g1/members/u2", reply{Status: 204})
	r = f.run("groups", "members", "add", "g1", "u2")
	ok(t, r)
	if m := r.Object(t); m["status"] != "added" {
		t.Errorf("%v", m)
	}
}

func TestGroupsOSS(t *testing.T) {
	f := newFake(t)
	f.edition = "OSS"
	r := f.run("groups", "list")
	if r.Code() != cmderr.PermissionDenied || !strings.Contains(r.Err.Error(), "groups: a Kestra Enterprise feature, but the server at "+f.srv.URL+" runs the open-source edition") {
		t.Errorf("%v", r.Err)
	}
}
