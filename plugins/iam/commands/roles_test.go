package commands_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

func operator() map[string]any {
	return map[string]any{"id": "r1", "name": "operator", "description": "Can run flows", "isDefault": false, "isManaged": false,
		"permissions": map[string]any{"FLOW": []any{"VIEW", "LIST", "EXECUTE"}, "EXECUTION": []any{"VIEW"}, "empty": false}}
}

func TestRolesList(t *testing.T) {
	f := newFake(t).on("GET /api/v1/main/roles/search", reply{Body: page(1, map[string]any{"id": "r1", "name": "editor", "isDefault": true, "permissionCount": 4})})
	r := f.run("roles", "list", "--query", "editor", "--page", "1", "--size", "50", "--sort", "name:asc")
	ok(t, r)
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/roles/search",
		Query: url.Values{"filters[q][EQUALS]": {"editor"}, "page": {"1"}, "size": {"50"}, "sort": {"name:asc"}}})
	if len(r.Records) != 1 {
		t.Errorf("%v", r.Records)
	}
}

func TestRolesCreate(t *testing.T) {
	f := newFake(t).on("POST /api/v1/main/roles", reply{Body: operator()})
	r := f.run("roles", "create", "--name", "operator", "--description", "Can edit and execute flows, monitor executions",
		"--permission", "FLOW:VIEW,LIST,CREATE,UPDATE,DELETE,EXECUTE,DISABLE,ENABLE",
		"--permission", "EXECUTION:VIEW,LIST,ACCESS_LOGS,ACCESS_FILES,FOLLOW")
	ok(t, r)
	check(t, f.requests(), want{Method: "POST", Path: "/api/v1/main/roles", Body: map[string]any{
		"name": "operator", "description": "Can edit and execute flows, monitor executions",
		"permissions": map[string]any{
			"FLOW":      []string{"VIEW", "LIST", "CREATE", "UPDATE", "DELETE", "EXECUTE", "DISABLE", "ENABLE"},
			"EXECUTION": []string{"VIEW", "LIST", "ACCESS_LOGS", "ACCESS_FILES", "FOLLOW"}}}})

	dir := t.TempDir()
	perms := filepath.Join(dir, "perms.yaml")
	os.WriteFile(perms, []byte("FLOW:\n- VIEW\n- LIST\nEXECUTION:\n- VIEW\n- LIST\n- ACCESS_LOGS\n- FOLLOW\n"), 0o600)
	f = newFake(t).on("POST /api/v1/main/roles", reply{Body: operator()})
	ok(t, f.run("roles", "create", "--name", "viewer", "--permissions-file", perms, "--default"))
	check(t, f.requests(), want{Method: "POST", Path: "/api/v1/main/roles", Body: map[string]any{
		"name": "viewer", "isDefault": true,
		"permissions": map[string]any{"FLOW": []string{"VIEW", "LIST"}, "EXECUTION": []string{"VIEW", "LIST", "ACCESS_LOGS", "FOLLOW"}}}})

	bad := []struct {
		argv []string
		msg  string
	}{
		{[]string{"--name", "x"}, "at least one permission is required"},
		{[]string{"--name", "x", "--permission", "FLOW:VIEW", "--permissions-file", perms}, "use either --permission or --permissions-file, not both"},
		{[]string{"--name", "x", "--permission", "FLOW:VEIW"}, `unknown action "VEIW" (did you mean VIEW?)`},
		{[]string{"--name", "x", "--permission", "FLOWS:VIEW"}, `unknown permission type "FLOWS"`},
		{[]string{"--name", "x", "--permissions-file", filepath.Join(dir, "nope.yaml")}, "no such file"},
		{[]string{"--permission", "FLOW:VIEW"}, "missing flags: --name"},
	}
	for _, b := range bad {
		f := newFake(t)
		r := f.run(append([]string{"roles", "create"}, b.argv...)...)
		if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), b.msg) {
			t.Errorf("%v: %v, want %q", b.argv, r.Err, b.msg)
		}
		check(t, f.requests())
	}
	r = newFake(t).run("roles", "create", "--name", "x", "--permission", "FLOW:NOPE")
	if !strings.Contains(strings.Join(r.Err.Details, ""), "valid actions: VIEW, LIST, CREATE") {
		t.Errorf("details %q", r.Err.Details)
	}
}

func TestRolesGet(t *testing.T) {
	f := newFake(t).on("GET /api/v1/main/roles/r1", reply{Body: operator()})
	r := f.runWith(plugintest.Options{}, "roles", "get", "r1")
	ok(t, r)
	want := `{"id":"r1","name":"operator","description":"Can run flows","default":"no","managed":"no","permission EXECUTION":"VIEW","permission FLOW":"VIEW, LIST, EXECUTE"}`
	if string(r.Objects[0]) != want {
		t.Errorf("detail\n got %s\nwant %s", r.Objects[0], want)
	}
}

func TestRolesUpdate(t *testing.T) {
	// A description change keeps name, default flag and permissions.
	f := newFake(t).on("GET /api/v1/main/roles/r1", reply{Body: operator()}).on("PUT /api/v1/main/roles/r1", reply{Body: operator()})
	ok(t, f.run("roles", "update", "r1", "--description", "Updated description"))
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/roles/r1"},
		want{Method: "PUT", Path: "/api/v1/main/roles/r1", Body: map[string]any{
			"name": "operator", "description": "Updated description", "isDefault": false,
			"permissions": map[string]any{"FLOW": []string{"VIEW", "LIST", "EXECUTE"}, "EXECUTION": []string{"VIEW"}}}})

	f = newFake(t).on("GET /api/v1/main/roles/r1", reply{Body: operator()}).on("PUT /api/v1/main/roles/r1", reply{Body: operator()})
	ok(t, f.runWith(plugintest.Options{Format: "json"}, "roles", "update", "r1", "--default"))
	check(t, f.requests()[1:], want{Method: "PUT", Path: "/api/v1/main/roles/r1", Body: map[string]any{
		"name": "operator", "description": "Can run flows", "isDefault": true,
		"permissions": map[string]any{"FLOW": []string{"VIEW", "LIST", "EXECUTE"}, "EXECUTION": []string{"VIEW"}}}})

	// --permission replaces the block; what it takes away is said on stderr.
	f = newFake(t).on("GET /api/v1/main/roles/r1", reply{Body: operator()}).on("PUT /api/v1/main/roles/r1", reply{Body: operator()})
	r := f.runWith(plugintest.Options{Format: "json"}, "roles", "update", "r1", "--permission", "FLOW:VIEW,LIST,CREATE,UPDATE,DELETE")
	ok(t, r)
	if len(r.Confirmations) != 0 || !strings.Contains(r.MessageText(), "remove EXECUTION:VIEW, FLOW:EXECUTE") {
		t.Fatalf("confirmations %q, messages %q", r.Confirmations, r.MessageText())
	}
	check(t, f.requests()[1:], want{Method: "PUT", Path: "/api/v1/main/roles/r1", Body: map[string]any{
		"name": "operator", "description": "Can run flows", "isDefault": false,
		"permissions": map[string]any{"FLOW": []string{"VIEW", "LIST", "CREATE", "UPDATE", "DELETE"}}}})

	// A bad permission fails before any request.
	f = newFake(t)
	if r := f.run("roles", "update", "r1", "--permission", "FLOW:VIEWS"); r.Code() != cmderr.Usage {
		t.Errorf("%v", r.Err)
	}
	if r := f.run("roles", "update", "r1"); r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "nothing to update") {
		t.Errorf("%v", r.Err)
	}
	check(t, f.requests())
}

func TestRolesDelete(t *testing.T) {
	f := newFake(t).on("DELETE /api/v1/main/roles/r1", reply{Status: 204})
	r := f.run("roles", "delete", "r1")
	ok(t, r)
	check(t, f.requests(), want{Method: "DELETE", Path: "/api/v1/main/roles/r1"})
	f = newFake(t).on("GET /api/v1/main/roles/r1", reply{Body: operator()})
	r = f.runWith(plugintest.Options{Format: "json", Confirm: func(string) bool { return false }}, "roles", "rm", "r1")
	if r.Code() != cmderr.Cancelled {
		t.Errorf("%v", r.Err)
	}
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/roles/r1"})
}
