package commands_test

import (
	"fmt"
	"net/url"
	"reflect"
	"testing"

	"github.com/kestractl/kestractl/plugins/iam/commands"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

func TestComplete(t *testing.T) {
	p := iamPlugin()
	p.Complete = commands.Complete
	f := newFake(t).
		on("GET /api/v1/users", reply{Body: page(3, map[string]any{"id": "u1"}, map[string]any{"id": "u2"}, map[string]any{"id": "x9"})}).
		on("GET /api/v1/main/roles/search", reply{Body: page(1, map[string]any{"id": "r1"})})
	opts := plugintest.Options{Server: f.srv.URL, Username: plugintest.SimUser, Password: plugintest.SimPassword}
	got, err := plugintest.Complete(t, p, opts, "user", "u", "users", "get")
	if err != nil || !reflect.DeepEqual(got, []string{"u1", "u2"}) {
		t.Errorf("users: %v %v", got, err)
	}
	got, err = plugintest.Complete(t, p, opts, "role", "", "bindings", "create", "--role")
	if err != nil || !reflect.DeepEqual(got, []string{"r1"}) {
		t.Errorf("roles: %v %v", got, err)
	}
	check(t, f.requests(),
		want{Method: "GET", Path: "/api/v1/users", Query: url.Values{"size": {"500"}}},
		want{Method: "GET", Path: "/api/v1/main/roles/search", Query: url.Values{"size": {"500"}}})

	// At most 200 values, and the listing stops there.
	f = newFake(t)
	f.handler = func(r request) (reply, bool) {
		var items []any
		for i := 0; i < 500; i++ {
			items = append(items, map[string]any{"id": fmt.Sprintf("g%d-%d", atoi(r.Query.Get("page")), i)})
		}
		return reply{Body: page(5000, items...)}, true
	}
	opts.Server = f.srv.URL
	got, err = plugintest.Complete(t, p, opts, "group", "g", "groups", "get")
	if err != nil || len(got) != 200 || len(f.requests()) != 1 {
		t.Errorf("groups: %d values, %d requests, %v", len(got), len(f.requests()), err)
	}
}
