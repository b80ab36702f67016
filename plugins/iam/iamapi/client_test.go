package iamapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

func TestQueryValues(t *testing.T) {
	q := Query{Sort: []string{"name:asc", "id:desc"}, Filters: []Filter{Equals("q", "alice"), {Field: "status", Op: "IN", Value: "A,B"}},
		Params: url.Values{"type": {"USER"}}}
	got := q.values()
	want := url.Values{"sort": {"name:asc,id:desc"}, "filters[q][EQUALS]": {"alice"}, "filters[status][IN]": {"A,B"}, "type": {"USER"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("values = %v, want %v", got, want)
	}
	// The caller's parameters are not modified.
	got.Set("type", "GROUP")
	if q.Params.Get("type") != "USER" {
		t.Error("values shares the caller's map")
	}
}

// server answers configs with info and everything else with status/body.
func server(t *testing.T, info string, status int, body string) (*Client, *atomic.Int32) {
	var configs atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/api/v1/configs" {
			configs.Add(1)
			if info == "" {
				w.WriteHeader(500)
				return
			}
			_, _ = w.Write([]byte(info))
			return
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	k, err := kestra.New(kestra.Config{BaseURL: srv.URL, Tenant: "main", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	// As the SDK's Context.EnterpriseOnly: a 404 from an open-source
	// server names the feature.
	enterprise := func(err error, what string) error {
		if !k.Server(context.Background()).OSS() {
			return err
		}
		return cmderr.New(cmderr.PermissionDenied, "%s: a Kestra Enterprise feature", what)
	}
	return New(k).WithEnterprise(enterprise), &configs
}

func TestFailExplains(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, info string
		status     int
		body       string
		call       func(c *Client) error
		code       cmderr.Code
		msg, hint  string
		configs    int32
	}{
		{"oss", `{"edition":"OSS","version":"2.0.0"}`, 404, `{"message":"Page Not Found"}`,
			func(c *Client) error { _, err := c.GetGroup(ctx, "g1"); return err },
			cmderr.PermissionDenied, `groups: a Kestra Enterprise feature`, "", 1},
		{"ee not found", `{"edition":"EE","version":"2.0.0"}`, 404, `{"message":"Group 'g1' not found"}`,
			func(c *Client) error { _, err := c.GetGroup(ctx, "g1"); return err },
			cmderr.NotFound, `get group "g1": Group 'g1' not found (HTTP 404)`, "", 1},
		{"configs unavailable", "", 404, `{"message":"nope"}`,
			func(c *Client) error { return c.DeleteUser(ctx, "u1") },
			cmderr.NotFound, `delete user "u1": nope (HTTP 404)`, "", 1},
		{"forbidden instance", `{"edition":"EE"}`, 403, `{"message":"Forbidden"}`,
			func(c *Client) error { return c.DeleteUser(ctx, "u1") },
			cmderr.PermissionDenied, `delete user "u1": permission denied: Forbidden (HTTP 403)`, "only a super-admin", 0},
		{"forbidden tenant", `{"edition":"EE"}`, 403, `{"message":"Forbidden"}`,
			func(c *Client) error { return c.DeleteRole(ctx, "r1") },
			cmderr.PermissionDenied, `delete role "r1": permission denied`, `grants it in tenant "main"`, 0},
		{"1.x role", `{"edition":"EE","version":"1.3.4"}`, 422, `{"message":"Invalid entity","_embedded":{"errors":[{"message":"permissions: unknown action VIEW"}]}}`,
			func(c *Client) error { _, err := c.CreateRole(ctx, RoleRequest{Name: "x"}); return err },
			cmderr.Generic, `create role "x": Invalid entity (HTTP 422)`, "runs Kestra 1.3.4", 1},
		{"2.x role", `{"edition":"EE","version":"2.0.0"}`, 422, `{"message":"Invalid entity"}`,
			func(c *Client) error { _, err := c.CreateRole(ctx, RoleRequest{Name: "x"}); return err },
			cmderr.Generic, `create role "x": Invalid entity (HTTP 422)`, "", 1},
		{"conflict", `{"edition":"EE"}`, 409, `{"message":"exists"}`,
			func(c *Client) error { _, err := c.CreateGroup(ctx, GroupCreate{Name: "g"}); return err },
			cmderr.Conflict, `create group "g": exists (HTTP 409)`, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, configs := server(t, tt.info, tt.status, tt.body)
			e := cmderr.From(tt.call(c))
			if e == nil {
				t.Fatal("no error")
			}
			if e.Code != tt.code || !strings.Contains(e.Message, tt.msg) || (tt.hint == "") != (e.Hint == "") || !strings.Contains(e.Hint, tt.hint) {
				t.Errorf("got %s %q (hint %q), want %s %q (hint %q)", e.Code, e.Message, e.Hint, tt.code, tt.msg, tt.hint)
			}
			if configs.Load() != tt.configs {
				t.Errorf("configs asked %d times, want %d", configs.Load(), tt.configs)
			}
		})
	}
}

func TestCreateInvitationStatuses(t *testing.T) {
	ctx := context.Background()
	c, _ := server(t, `{}`, 204, "")
	status, body, err := c.CreateInvitation(ctx, InvitationRequest{Email: "a@b.c"})
	if err != nil || status != 204 || body != nil {
		t.Errorf("204: %d %s %v", status, body, err)
	}
	c, _ = server(t, `{}`, 201, `{"id":"i1"}`)
	status, body, err = c.CreateInvitation(ctx, InvitationRequest{Email: "a@b.c"})
	if err != nil || status != 201 || string(body) != `{"id":"i1"}` {
		t.Errorf("201: %d %s %v", status, body, err)
	}
	c, _ = server(t, `{}`, 201, `not json`)
	if _, _, err = c.CreateInvitation(ctx, InvitationRequest{Email: "a@b.c"}); err == nil {
		t.Error("accepted a non-JSON body")
	}
}

func TestListPages(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("page") {
		case "3":
			_, _ = w.Write([]byte(`{"results":[{"id":"e"}],"total":5}`))
		case "2":
			_, _ = w.Write([]byte(`{"results":[{"id":"c"},{"id":"d"}],"total":5}`))
		default:
			_, _ = w.Write([]byte(`{"results":[{"id":"a"},{"id":"b"}],"total":5}`))
		}
	}))
	defer srv.Close()
	k, _ := kestra.New(kestra.Config{BaseURL: srv.URL, Tenant: "main"})
	c := New(k)
	var n int
	err := c.SearchRoles(context.Background(), Query{Size: 2}, func(items []json.RawMessage, total int64) error {
		n += len(items)
		return nil
	})
	if err != nil || n != 5 || calls.Load() != 3 {
		t.Errorf("every page: %d items, %d calls, %v", n, calls.Load(), err)
	}
	calls.Store(0)
	err = c.SearchRoles(context.Background(), Query{Page: 2, Size: 2}, func(items []json.RawMessage, total int64) error {
		n = len(items)
		return nil
	})
	if err != nil || n != 2 || calls.Load() != 1 {
		t.Errorf("one page: %d items, %d calls, %v", n, calls.Load(), err)
	}
	// An error of the callback comes back as is.
	want := cmderr.New(cmderr.Internal, "boom")
	err = c.SearchRoles(context.Background(), Query{}, func([]json.RawMessage, int64) error { return want })
	if err != want {
		t.Errorf("callback error: %v", err)
	}
}

func TestPermissionsDecode(t *testing.T) {
	var r Role
	if err := json.Unmarshal([]byte(`{"id":"r1","permissions":{"FLOW":["VIEW"],"empty":false,"EXECUTION":[],"X":null}}`), &r); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Permissions, Permissions{"FLOW": {"VIEW"}, "EXECUTION": {}}) {
		t.Errorf("%v", r.Permissions)
	}
}

func FuzzPermissionsDecode(f *testing.F) {
	for _, s := range []string{`{"FLOW":["VIEW"]}`, `{"empty":true}`, `[]`, `{"A":[1]}`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Permissions
		if err := json.Unmarshal(b, &p); err != nil {
			return
		}
		for k, v := range p {
			if v == nil {
				t.Fatalf("nil actions for %q", k)
			}
		}
		// Whatever was decoded encodes back to a map of lists.
		out, err := json.Marshal(map[string][]string(p))
		if err != nil {
			t.Fatal(err)
		}
		var again Permissions
		if err := json.Unmarshal(out, &again); err != nil || len(again) != len(p) {
			t.Fatalf("round trip of %s: %v", out, err)
		}
	})
}

func TestLabels(t *testing.T) {
	ns := "company.team"
	b := Binding{ID: "b1", Type: "GROUP", Namespace: &ns}
	b.Role = &struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}{ID: "r1", Name: "viewer"}
	b.Group = &struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}{ID: "g1", Name: "team"}
	if got := b.Label(); got != "binding of role viewer to GROUP team in namespace company.team (id b1)" {
		t.Errorf("%q", got)
	}
	if got := (User{ID: "u1"}).Label(); got != `'u1'` {
		t.Errorf("%q", got)
	}
	if got := (User{ID: "u1", Email: "a@b.c"}).Label(); got != `'a@b.c' (id u1)` {
		t.Errorf("%q", got)
	}
	tr := true
	if !(User{InstanceOwner: &tr}).IsSuperAdmin() || (User{}).IsSuperAdmin() {
		t.Error("IsSuperAdmin")
	}
	if !majorBelow2("1.3.2") || majorBelow2("2.0.0") || majorBelow2("") || !majorBelow2("v0.19") {
		t.Error("majorBelow2")
	}
}
