package commands_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/iam/commands"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// TestEveryCommandHasAnExample: every command shows at least one example
// in its help.
func TestEveryCommandHasAnExample(t *testing.T) { plugintest.RequireExamples(t, iamPlugin()) }

func TestEveryGroupHasItsOwnGrammar(t *testing.T) { plugintest.RequireGroupGrammars(t, iamPlugin()) }

func TestListFilters(t *testing.T) {
	f := newFake(t).on("GET /api/v1/main/roles/search", reply{Body: page(0)})
	ok(t, f.run("roles", "list", "--filter", "name:STARTS_WITH:ops", "-q", "x", "--page", "3", "--size", "5"))
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/roles/search", Query: url.Values{
		"filters[name][STARTS_WITH]": {"ops"}, "filters[q][EQUALS]": {"x"}, "page": {"3"}, "size": {"5"}}})

	f = newFake(t).on("GET /api/v1/main/invitations/search", reply{Body: page(0)})
	ok(t, f.run("invitations", "list", "--status", "pending", "--email", "a@b.c"))
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/invitations/search", Query: url.Values{
		"filters[status][EQUALS]": {"PENDING"}, "filters[email][EQUALS]": {"a@b.c"}, "size": {"30"}}})
}

func TestBindingsUnknownNamespace(t *testing.T) {
	f := newFake(t).on("GET /api/v1/main/bindings/search", reply{Body: page(0)})
	r := f.run("bindings", "list", "-n", "no.such")
	if r.Code() != cmderr.NotFound || r.Err.Error() != `namespace "no.such" not found` {
		t.Fatalf("unknown namespace: %v %v", r.Code(), r.Err)
	}
	check(t, f.requests(), want{Method: "GET", Path: "/api/v1/main/bindings/search", Query: url.Values{"namespace": {"no.such"}}},
		want{Method: "GET", Path: "/api/v1/main/namespaces/no.such"})
	// An existing namespace without bindings: an empty list.
	f = newFake(t).on("GET /api/v1/main/bindings/search", reply{Body: page(0)}).
		on("GET /api/v1/main/namespaces/company.team", reply{Body: map[string]any{"id": "company.team"}})
	r = f.runWith(plugintest.Options{}, "bindings", "list", "-n", "company.team")
	if r.Err != nil || r.Footer != "No bindings found" {
		t.Fatalf("empty namespace: %v %q", r.Err, r.Footer)
	}
	if r := f.run("bindings", "list", "-n", "Bad NS"); r.Code() != cmderr.Usage {
		t.Errorf("invalid namespace: %v", r.Err)
	}
}

func TestTokensListGrammar(t *testing.T) {
	var items []any
	for _, id := range []string{"t1", "t2", "t3"} {
		items = append(items, map[string]any{"id": id, "name": id + "-token", "prefix": "abcd", "iat": "2026-01-01T00:00:00Z", "expired": false})
	}
	f := newFake(t).on("GET /api/v1/users/u1/api-tokens", reply{Body: map[string]any{"total": 3, "results": items}})
	r := f.runWith(plugintest.Options{}, "users", "tokens", "list", "u1", "-L", "2")
	ok(t, r)
	if len(r.Records) != 2 || r.Footer != "Showing 2 of 3 API tokens; use --limit or --all" {
		t.Errorf("%d records, footer %q", len(r.Records), r.Footer)
	}
	var formats []string
	for _, c := range r.Columns {
		formats = append(formats, c.Header+":"+c.Format)
	}
	if !strings.Contains(strings.Join(formats, ","), "CREATED:age") {
		t.Errorf("columns %v", formats)
	}
}

func TestCompleteNamespacesAndTokens(t *testing.T) {
	p := iamPlugin()
	p.Complete = commands.Complete
	f := newFake(t).
		on("GET /api/v1/main/namespaces/search", reply{Body: page(2, map[string]any{"id": "company"}, map[string]any{"id": "company.team"})}).
		on("GET /api/v1/service-accounts/sa1/api-tokens", reply{Body: map[string]any{"results": []any{map[string]any{"id": "t1"}, map[string]any{"id": "x2"}}}})
	opts := plugintest.Options{Server: f.srv.URL, Username: plugintest.SimUser, Password: plugintest.SimPassword}
	got, err := plugintest.Complete(t, p, opts, "namespace", "company.", "bindings", "list", "-n")
	if err != nil || !reflect.DeepEqual(got, []string{"company.team"}) {
		t.Errorf("namespaces: %v %v", got, err)
	}
	got, err = plugintest.Complete(t, p, opts, "token", "t", "sa", "tokens", "delete", "sa1")
	if err != nil || !reflect.DeepEqual(got, []string{"t1"}) {
		t.Errorf("tokens: %v %v", got, err)
	}
	got, err = plugintest.Complete(t, p, opts, "token", "", "sa", "tokens", "delete")
	if err != nil || len(got) != 0 {
		t.Errorf("no owner: %v %v", got, err)
	}
	check(t, f.requests(),
		want{Method: "GET", Path: "/api/v1/main/namespaces/search", Query: url.Values{"existing": {"true"}}},
		want{Method: "GET", Path: "/api/v1/service-accounts/sa1/api-tokens"})
}
