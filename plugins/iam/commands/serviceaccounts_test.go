package commands_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

func ciBot() map[string]any {
	return map[string]any{"id": "sa1", "name": "ci-bot", "description": "CI pipeline", "superAdmin": false,
		"tenants": []any{map[string]any{"id": "main", "name": "main"}}}
}

func TestServiceAccountsAliases(t *testing.T) {
	for _, group := range []string{"service-accounts", "service-account", "sa"} {
		f := newFake(t).on("GET /api/v1/service-accounts", reply{Body: page(1, ciBot())})
		r := f.run(group, "list")
		ok(t, r)
		check(t, f.requests(), want{Method: "GET", Path: "/api/v1/service-accounts", Query: url.Values{"page": {"1"}, "size": {"30"}}})
	}
	f := newFake(t).on("GET /api/v1/service-accounts", reply{Body: page(1, ciBot())})
	r := f.runWith(plugintest.Options{}, "sa", "list", "--page", "1", "--size", "50", "--sort", "name:asc")
	ok(t, r)
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/service-accounts", Query: url.Values{"page": {"1"}, "size": {"50"}, "sort": {"name:asc"}}})
	if string(r.RawRecords[0]) != js(ciBot()) || r.Records[0]["superAdmin"] != false || r.Footer != "Page 1 of 1: 1 of 1 service account" {
		t.Errorf("%s %q", r.RawRecords[0], r.Footer)
	}
}

func TestServiceAccountsCreate(t *testing.T) {
	f := newFake(t).on("POST /api/v1/service-accounts", reply{Body: ciBot()})
	ok(t, f.run("service-accounts", "create", "--name", "ci-bot", "--description", "CI pipeline"))
	check(t, f.requests(), want{Method: "POST", Path: "/api/v1/service-accounts", Body: map[string]any{"name": "ci-bot", "description": "CI pipeline"}})

	f = newFake(t).on("POST /api/v1/service-accounts", reply{Body: ciBot()})
	ok(t, f.run("service-accounts", "create", "--name", "ops-bot", "--superadmin", "--tenant-grant", "main"))
	check(t, f.requests(), want{Method: "POST", Path: "/api/v1/service-accounts",
		Body: map[string]any{"name": "ops-bot", "superAdmin": true, "tenants": []string{"main"}}})

	for _, name := range []string{"CI Bot", "ci_bot", "-ci", strings.Repeat("a", 64)} {
		f := newFake(t)
		r := f.run("sa", "create", "--name="+name)
		if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "service account name") {
			t.Errorf("%q: %v", name, r.Err)
		}
		check(t, f.requests())
	}
}

func TestServiceAccountsUpdate(t *testing.T) {
	f := newFake(t).on("GET /api/v1/service-accounts/sa1", reply{Body: ciBot()}).on("PATCH /api/v1/service-accounts/sa1", reply{Body: ciBot()})
	ok(t, f.run("service-accounts", "update", "sa1", "--description", "Updated description"))
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/service-accounts/sa1"},
		want{Method: "PATCH", Path: "/api/v1/service-accounts/sa1", Body: map[string]any{"name": "ci-bot", "description": "Updated description"}})

	f = newFake(t).on("GET /api/v1/service-accounts/sa1", reply{Body: ciBot()}).on("PATCH /api/v1/service-accounts/sa1", reply{Body: ciBot()})
	ok(t, f.run("service-accounts", "update", "sa1", "--name", "new-bot-name"))
	check(t, f.requests()[1:], want{Method: "PATCH", Path: "/api/v1/service-accounts/sa1", Body: map[string]any{"name": "new-bot-name", "description": "CI pipeline"}})

	f = newFake(t)
	r := f.run("service-accounts", "update", "sa1")
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "nothing to update: pass --name and/or --description") {
		t.Errorf("%v", r.Err)
	}
	if r := f.run("sa", "update", "sa1", "--name", "New Name"); r.Code() != cmderr.Usage {
		t.Errorf("%v", r.Err)
	}
	check(t, f.requests())
}

func TestServiceAccountsDeleteAndTokens(t *testing.T) {
	f := newFake(t).on("GET /api/v1/service-accounts/sa1", reply{Body: ciBot()}).on("DELETE /api/v1/service-accounts/sa1", reply{Status: 204})
	r := f.runWith(plugintest.Options{Format: "json", Confirm: func(string) bool { return true }}, "sa", "delete", "sa1")
	ok(t, r)
	if r.Confirmations[0] != "Delete service account 'ci-bot' (id sa1) and revoke its API tokens?" {
		t.Errorf("%q", r.Confirmations)
	}
	if !strings.Contains(r.MessageText(), `Service account 'ci-bot' (id sa1) deleted.`) {
		t.Errorf("%q", r.MessageText())
	}

	f = newFake(t).on("POST /api/v1/service-accounts/sa1/api-tokens", reply{Body: map[string]any{"id": "t1", "name": "short-lived", "fullToken": "SECRET"}})
	r = f.run("service-accounts", "tokens", "create", "sa1", "--name", "short-lived", "--max-age", "P30D", "--extended")
	ok(t, r)
	check(t, f.requests(), want{Method: "POST", Path: "/api/v1/service-accounts/sa1/api-tokens",
		Body: map[string]any{"name": "short-lived", "maxAge": "P30D", "extended": true}})
	f = newFake(t).on("POST /api/v1/service-accounts/sa1/api-tokens", reply{Body: map[string]any{"id": "t1", "name": "deploy-token", "fullToken": "SECRET"}})
	ok(t, f.run("service-accounts", "tokens", "create", "sa1", "--name", "deploy-token", "--description", "CD pipeline token"))
	check(t, f.requests(), want{Method: "POST", Path: "/api/v1/service-accounts/sa1/api-tokens",
		Body: map[string]any{"name": "deploy-token", "description": "CD pipeline token", "extended": false}})

	f = newFake(t).on("GET /api/v1/service-accounts/sa1/api-tokens", reply{Body: map[string]any{"results": []any{map[string]any{"id": "t1", "name": "deploy-token"}}}}).
		on("DELETE /api/v1/service-accounts/sa1/api-tokens/t1", reply{Body: map[string]any{}})
	r = f.run("sa", "tokens", "list", "sa1")
	ok(t, r)
	if len(r.Records) != 1 {
		t.Errorf("%v", r.Records)
	}
	r = f.run("sa", "tokens", "delete", "sa1", "t1")
	ok(t, r)
	if m := r.Object(t); m["serviceAccountId"] != "sa1" {
		t.Errorf("%v", m)
	}
	// delete looks the token up first, to name it (and to refuse an
	// unknown one before asking).
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/service-accounts/sa1/api-tokens"},
		want{Method: "GET", Path: "/api/v1/service-accounts/sa1/api-tokens"},
		want{Method: "DELETE", Path: "/api/v1/service-accounts/sa1/api-tokens/t1"})
	if !strings.Contains(r.MessageText(), "API token 'deploy-token' (id t1) of service account 'sa1' deleted.") {
		t.Errorf("message %q", r.MessageText())
	}
}
