package commands_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

func janeInvite() map[string]any {
	return map[string]any{"id": "i1", "email": "jane@example.com", "status": "PENDING", "tenantId": "main",
		"sentAt": "2026-01-01T00:00:00Z", "expiredAt": "2026-01-08T00:00:00Z", "superAdmin": false,
		"roles": []any{map[string]any{"id": "r1", "name": "operator"}}, "groups": []any{}, "link": "https://kestra/invite/i1"}
}

func TestInvitationsList(t *testing.T) {
	f := newFake(t).on("GET /api/v1/main/invitations/search", reply{Body: page(1, janeInvite())})
	ok(t, f.run("invitations", "list", "--status", "pending", "--email", "jane@example.com"))
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/invitations/search",
		Query: url.Values{"filters[status][EQUALS]": {"PENDING"}, "filters[email][EQUALS]": {"jane@example.com"}}})
	f = newFake(t)
	r := f.run("invitations", "list", "--status", "SENT")
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "expected one of PENDING, ACCEPTED, EXPIRED") {
		t.Errorf("%v", r.Err)
	}
	check(t, f.requests())
}

func TestInvitationsCreate(t *testing.T) {
	tests := []struct {
		argv []string
		body map[string]any
	}{
		{[]string{"--role", "r1"}, map[string]any{"email": "jane@example.com", "roles": []any{map[string]any{"id": "r1"}}}},
		{[]string{"--group", "g1", "--group", "g2"}, map[string]any{"email": "jane@example.com", "groups": []string{"g1", "g2"}}},
		{[]string{"--superadmin"}, map[string]any{"email": "jane@example.com", "superAdmin": true}},
		{[]string{"--create-user-if-not-exist"}, map[string]any{"email": "jane@example.com", "createUserIfNotExist": true}},
	}
	for _, tt := range tests {
		f := newFake(t).on("POST /api/v1/main/invitations", reply{Status: 201, Body: janeInvite()})
		r := f.run(append([]string{"invitations", "create", "--email", "jane@example.com"}, tt.argv...)...)
		ok(t, r)
		check(t, f.requests(), want{Method: "POST", Path: "/api/v1/main/invitations", Body: tt.body})
	}
	f := newFake(t).on("POST /api/v1/main/invitations", reply{Status: 204})
	r := f.run("invitations", "create", "--email", "jane@example.com", "--create-user-if-not-exist")
	ok(t, r)
	if m := r.Object(t); m["status"] != "access-granted" || !strings.Contains(r.MessageText(), "no invitation was sent") {
		t.Errorf("%v %q", m, r.MessageText())
	}
	f = newFake(t).on("POST /api/v1/main/invitations", reply{Status: 201})
	r = f.run("invitations", "create", "--email", "jane@example.com")
	ok(t, r)
	if m := r.Object(t); m["status"] != "invited" {
		t.Errorf("%v", m)
	}
	if r := newFake(t).run("invitations", "create", "--email", "jane"); r.Code() != cmderr.Usage {
		t.Errorf("%v", r.Err)
	}
}

func TestInvitationsGetDelete(t *testing.T) {
	f := newFake(t).on("GET /api/v1/main/invitations/i1", reply{Body: janeInvite()}).on("DELETE /api/v1/main/invitations/i1", reply{Status: 204})
	r := f.runWith(plugintest.Options{}, "invitations", "get", "i1")
	ok(t, r)
	if !strings.Contains(string(r.Objects[0]), `"roles":"operator"`) || !strings.Contains(string(r.Objects[0]), `"sent at":"`+plugin.LocalTime("2026-01-01T00:00:00Z")+`"`) {
		t.Errorf("%s", r.Objects[0])
	}
	r = f.runWith(plugintest.Options{Format: "json"}, "invitations", "delete", "i1")
	if r.Code() != cmderr.Usage {
		t.Errorf("%v", r.Err)
	}
	ok(t, f.run("invitations", "delete", "i1"))
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/invitations/i1"},
		want{Method: "GET", Path: "/api/v1/main/invitations/i1"}, want{Method: "DELETE", Path: "/api/v1/main/invitations/i1"})
}
