package commands_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

func userBinding() map[string]any {
	return map[string]any{"id": "b1", "type": "USER", "namespace": "company.team",
		"role": map[string]any{"id": "r1", "name": "operator"},
		"user": map[string]any{"id": "u1", "username": "alice@example.com", "displayName": "Alice", "type": "STANDARD"}}
}

func TestBindingsList(t *testing.T) {
	f := newFake(t).on("GET /api/v1/main/bindings/search", reply{Body: page(1, userBinding())})
	r := f.runWith(plugintest.Options{}, "bindings", "list", "--type", "user", "--external-id", "u1", "--namespace", "company.team")
	ok(t, r)
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/bindings/search",
		Query: url.Values{"type": {"USER"}, "id": {"u1"}, "namespace": {"company.team"}, "page": {"1"}, "size": {"30"}}})
	// The table shows the server's fields: the user or the group bound.
	var headers []string
	for _, c := range r.Columns {
		headers = append(headers, c.Header+"="+c.Path)
	}
	if strings.Join(headers, ",") != "ID=id,TYPE=type,USER=user.username,GROUP=group.name,ROLE=role.name,NAMESPACE=namespace" {
		t.Errorf("columns %v", headers)
	}
	if string(r.RawRecords[0]) != js(userBinding()) {
		t.Errorf("record %s: want the server's item", r.RawRecords[0])
	}
	if r.Footer != "Showing 1 of 1 binding" {
		t.Errorf("footer %q", r.Footer)
	}
	f = newFake(t)
	r = f.run("bindings", "list", "--type", "TEAM")
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), `invalid --type "TEAM": expected USER or GROUP`) {
		t.Errorf("%v", r.Err)
	}
	check(t, f.requests())
}

func TestBindingsCreate(t *testing.T) {
	f := newFake(t).on("POST /api/v1/main/bindings", reply{Body: userBinding()})
	r := f.run("bindings", "create", "--type", "USER", "--external-id", "u1", "--role", "r1")
	ok(t, r)
	check(t, f.requests(), want{Method: "POST", Path: "/api/v1/main/bindings", Body: map[string]any{"type": "USER", "externalId": "u1", "roleId": "r1"}})
	if r.Object(t)["id"] != "b1" {
		t.Errorf("%s", r.Objects)
	}

	f = newFake(t).on("POST /api/v1/main/bindings", reply{Status: 204})
	r = f.run("bindings", "create", "--type", "group", "--external-id", "g1", "--role", "r1", "--namespace", "company.team")
	ok(t, r)
	check(t, f.requests(), want{Method: "POST", Path: "/api/v1/main/bindings",
		Body: map[string]any{"type": "GROUP", "externalId": "g1", "roleId": "r1", "namespaceId": "company.team"}})
	if m := r.Object(t); m["status"] != "created" {
		t.Errorf("%v", m)
	}
	for _, argv := range [][]string{
		{"bindings", "create", "--type", "USER", "--external-id", "u1"},
		{"bindings", "create", "--type", "ROBOT", "--external-id", "u1", "--role", "r1"},
	} {
		if r := newFake(t).run(argv...); r.Code() != cmderr.Usage {
			t.Errorf("%v: %v", argv, r.Err)
		}
	}
}

func TestBindingsGetDelete(t *testing.T) {
	f := newFake(t).on("GET /api/v1/main/bindings/b1", reply{Body: userBinding()}).on("DELETE /api/v1/main/bindings/b1", reply{Status: 204})
	r := f.runWith(plugintest.Options{}, "bindings", "get", "b1")
	ok(t, r)
	if want := `{"id":"b1","type":"USER","subject":"alice@example.com","user id":"u1","role":"operator (id r1)","namespace":"company.team"}`; string(r.Objects[0]) != want {
		t.Errorf("detail %s", r.Objects[0])
	}
	r = f.runWith(plugintest.Options{Format: "json", Confirm: func(string) bool { return true }}, "bindings", "delete", "b1")
	ok(t, r)
	if !strings.Contains(r.Confirmations[0], "binding of role operator to USER alice@example.com in namespace company.team (id b1)") {
		t.Errorf("%q", r.Confirmations)
	}
	check(t, f.requests()[1:], want{Method: "GET", Path: "/api/v1/main/bindings/b1"}, want{Method: "DELETE", Path: "/api/v1/main/bindings/b1"})
}
