package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/kv/kvapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

const simToken = "kv-test-token"

type env struct {
	t   *testing.T
	url string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return &env{t: t, url: plugintest.StartKestrasim(t, "--token", simToken)}
}

func (e *env) opts() plugintest.Options {
	return plugintest.Options{Server: e.url, Username: plugintest.SimUser, Password: plugintest.SimPassword, Format: "json", AssumeYes: true}
}

func (e *env) run(opts plugintest.Options, stdin io.Reader, argv ...string) *plugintest.Result {
	e.t.Helper()
	opts.Stdin = stdin
	return plugintest.Run(e.t, Plugin("test"), opts, argv...)
}

func (e *env) ok(argv ...string) *plugintest.Result {
	e.t.Helper()
	r := e.run(e.opts(), nil, argv...)
	if r.Err != nil {
		e.t.Fatalf("%v: %v (%s)", argv, r.Err, r.Err.Hint)
	}
	return r
}

func object(t *testing.T, r *plugintest.Result) map[string]any {
	t.Helper()
	if len(r.Objects) != 1 {
		t.Fatalf("want one object, got %d", len(r.Objects))
	}
	dec := json.NewDecoder(strings.NewReader(string(r.Objects[0])))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSetGetRoundTrip(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		typ, key, in string
		wantType     string
		wantValue    string // JSON
	}{
		{"string", "s", "hello world", "STRING", `"hello world"`},
		{"STRING", "s-date", "2025-01-01", "STRING", `"2025-01-01"`},
		{"number", "n", "42", "NUMBER", `42`},
		{"number", "big", "123456789012345678901234567890", "NUMBER", `123456789012345678901234567890`},
		{"boolean", "b", "TRUE", "BOOLEAN", `true`},
		{"json", "j", `{"feature": true, "id": 1725000000000000001}`, "JSON", `{"feature":true,"id":1725000000000000001}`},
		{"date", "d", "2025-10-13", "DATE", `"2025-10-13"`},
		{"datetime", "dt", "2025-10-14T10:00:00Z", "DATETIME", `"2025-10-14T10:00:00Z"`},
		{"duration", "du", "PT15M", "DURATION", `"PT15M"`},
	} {
		t.Run(tc.key, func(t *testing.T) {
			r := e.ok("kv", "set", "company.team", tc.typ, tc.key, tc.in)
			if got := object(t, r)["operation"]; got != "set" {
				t.Errorf("operation = %v", got)
			}
			r = e.ok("kv", "get", "company.team", tc.key)
			var got struct {
				Namespace, Key, Type string
				Value                json.RawMessage
			}
			if err := json.Unmarshal(r.Objects[0], &got); err != nil {
				t.Fatal(err)
			}
			if got.Namespace != "company.team" || got.Key != tc.key || got.Type != tc.wantType || string(got.Value) != tc.wantValue {
				t.Errorf("get = %+v %s, want %s %s", got, got.Value, tc.wantType, tc.wantValue)
			}
		})
	}
}

func TestSetRejectsBadInput(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		argv []string
		want string
	}{
		{[]string{"kv", "set", "ns", "int", "k", "1"}, `invalid type "int", allowed values: STRING, NUMBER, BOOLEAN, DATETIME, DATE, DURATION, JSON`},
		{[]string{"kv", "set", "ns", "NUMBER", "k", "abc"}, `invalid NUMBER value "abc"`},
		{[]string{"kv", "set", "ns", "BOOLEAN", "k", "yes"}, `invalid BOOLEAN value "yes", expected true or false`},
		{[]string{"kv", "set", "ns", "JSON", "k", "{"}, `invalid JSON value "{": `},
		{[]string{"kv", "set", "ns", "DATE", "k", "2025/10/13"}, `invalid DATE value "2025/10/13", expected format YYYY-MM-DD`},
		{[]string{"kv", "set", "ns", "DATETIME", "k", "2025-10-14"}, `invalid DATETIME value "2025-10-14", expected RFC3339 format`},
		{[]string{"kv", "set", "ns", "DURATION", "k", "15m"}, `invalid DURATION value "15m", expected ISO-8601 duration (for example PT15M)`},
		{[]string{"kv", "set", "ns", "STRING", "bad key", "x"}, `invalid key "bad key"`},
		{[]string{"kv", "set", "Bad NS", "STRING", "k", "x"}, `invalid namespace "Bad NS"`},
		{[]string{"kv", "set", "ns", "STRING", "k", "x", "--ttl", "1h"}, `invalid --ttl "1h"`},
		{[]string{"kv", "set", "ns", "STRING", "k", "x", "--ttl", "PT0S"}, `invalid --ttl "PT0S"`},
		{[]string{"kv", "set", "ns", "STRING", "k", "x", "--description", "two\nlines"}, `invalid --description`},
		{[]string{"kv", "set", "ns", "STRING", "k"}, `expected "<value>"`},
		{[]string{"kv", "get", "ns", "k/../x"}, `invalid key`},
	} {
		r := e.run(e.opts(), nil, tc.argv...)
		if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), tc.want) {
			t.Errorf("%v: got %v (%v), want usage error %q", tc.argv, r.Code(), r.Err, tc.want)
		}
	}
	// Nothing reached the server.
	r := e.run(plugintest.Options{Server: e.url, Token: simToken, Format: "json"}, nil, "kv", "list")
	if r.Err != nil || len(r.Records) != 0 {
		t.Fatalf("list after rejected writes: %v %v", r.Err, r.Records)
	}
}

func TestTTLAndDescriptionReachTheServer(t *testing.T) {
	e := newEnv(t)
	e.ok("kv", "set", "company.team", "STRING", "temp", "x", "--ttl", "PT1H", "--description", "short-lived")
	e.ok("kv", "set", "company.team", "STRING", "keep", "y")
	r := e.ok("kv", "list", "company.team")
	if len(r.Records) != 2 {
		t.Fatalf("records = %v", r.Records)
	}
	keep, temp := r.Records[0], r.Records[1]
	if temp["key"] != "temp" || temp["expirationDate"] == nil || temp["description"] != "short-lived" {
		t.Errorf("temp = %v: want an expiration date and the description", temp)
	}
	if keep["expirationDate"] != nil || keep["description"] != nil {
		t.Errorf("keep = %v: want no expiration or description", keep)
	}
}

func TestValueFromStdin(t *testing.T) {
	e := newEnv(t)
	r := e.run(e.opts(), strings.NewReader("s3cr3t\n"), "kv", "set", "company.team", "STRING", "pw", "-")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if strings.Contains(string(r.Objects[0]), "s3cr3t") {
		t.Errorf("the value read from stdin was echoed: %s", r.Objects[0])
	}
	g := object(t, e.ok("kv", "get", "company.team", "pw"))
	if g["value"] != "s3cr3t" {
		t.Errorf("stored %q, want the stdin value without its newline", g["value"])
	}
	big := `{"n": 123456789012345678901234567890, "s": "` + strings.Repeat("x", 100000) + `"}`
	if r := e.run(e.opts(), strings.NewReader(big), "kv", "set", "company.team", "JSON", "big", "-"); r.Err != nil {
		t.Fatal(r.Err)
	}
	if g := object(t, e.ok("kv", "get", "company.team", "big")); !strings.Contains(fmt.Sprint(g["value"]), "123456789012345678901234567890") {
		t.Errorf("big JSON lost digits")
	}
}

func TestUpdate(t *testing.T) {
	e := newEnv(t)
	r := e.run(e.opts(), nil, "kv", "update", "company.team", "STRING", "absent", "x")
	if r.Code() != cmderr.NotFound || !strings.Contains(r.Err.Error(), `key "absent" not found in namespace "company.team"`) {
		t.Fatalf("update of an absent key: %v %v", r.Code(), r.Err)
	}
	if g := e.run(e.opts(), nil, "kv", "get", "company.team", "absent"); g.Code() != cmderr.NotFound {
		t.Fatalf("the failed update created the key: %v", g.Err)
	}
	e.ok("kv", "set", "company.team", "NUMBER", "n", "1")
	r = e.ok("kv", "update", "company.team", "NUMBER", "n", "2")
	if object(t, r)["operation"] != "update" {
		t.Errorf("operation = %v", object(t, r)["operation"])
	}
	if g := object(t, e.ok("kv", "get", "company.team", "n")); fmt.Sprint(g["value"]) != "2" {
		t.Errorf("value = %v", g["value"])
	}
	r = e.ok("kv", "update", "company.team", "STRING", "n", "two")
	if !strings.Contains(r.MessageText(), `key "n" was NUMBER; it becomes STRING`) {
		t.Errorf("no warning about the type change: %q", r.MessageText())
	}
}

func TestDelete(t *testing.T) {
	e := newEnv(t)
	e.ok("kv", "set", "company.team", "STRING", "k", "v")
	o := e.opts()
	o.AssumeYes = false
	o.Confirm = func(string) bool { return false }
	if r := e.run(o, nil, "kv", "delete", "company.team", "k"); r.Code() != cmderr.Cancelled {
		t.Fatalf("declined delete: %v", r.Err)
	}
	o.Confirm = nil
	if r := e.run(o, nil, "kv", "delete", "company.team", "k"); r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "--yes") {
		t.Fatalf("delete without a terminal: %v", r.Err)
	}
	e.ok("kv", "get", "company.team", "k")
	r := e.ok("kv", "rm", "company.team", "k")
	if m := object(t, r); m["deleted"] != true || m["key"] != "k" {
		t.Errorf("delete = %v", m)
	}
	r = e.run(e.opts(), nil, "kv", "delete", "company.team", "k")
	if r.Code() != cmderr.NotFound || !strings.Contains(r.Err.Error(), `key "k" not found in namespace "company.team"`) {
		t.Fatalf("second delete: %v %v", r.Code(), r.Err)
	}
}

func TestGetMissing(t *testing.T) {
	e := newEnv(t)
	r := e.run(e.opts(), nil, "kv", "get", "company.team", "nope")
	if r.Code() != cmderr.NotFound || !strings.Contains(r.Err.Error(), "not found") {
		t.Fatalf("get missing: %v %v", r.Code(), r.Err)
	}
}

func TestListPaginatesAndNeedsATokenTenantWide(t *testing.T) {
	e := newEnv(t)
	c, err := kestra.New(kestra.Config{BaseURL: e.url, Tenant: "main", Credentials: kestra.StaticCredentials{Token: simToken}})
	if err != nil {
		t.Fatal(err)
	}
	const n = 2*kvapi.PageSize + 17
	for i := range n {
		ns := "team.a"
		if i%2 == 1 {
			ns = "team.b"
		}
		if err := kvapi.Put(context.Background(), c, ns, fmt.Sprintf("key-%03d", i), []byte(`"v"`), kvapi.PutOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	token := plugintest.Options{Server: e.url, Token: simToken, Format: "json"}
	r := e.run(token, nil, "kv", "list")
	if r.Err != nil || len(r.Records) != n {
		t.Fatalf("list with a token: %v, %d records, want %d", r.Err, len(r.Records), n)
	}
	r = e.ok("kv", "list", "team.b")
	if len(r.Records) != n/2 {
		t.Fatalf("list team.b with basic auth: %d records, want %d", len(r.Records), n/2)
	}
	for _, rec := range r.Records {
		if rec["namespace"] != "team.b" {
			t.Fatalf("record of another namespace: %v", rec)
		}
	}
	r = e.run(e.opts(), nil, "kv", "list")
	if r.Code() != cmderr.Unauthenticated || !strings.Contains(r.Err.Error(), "needs an API token") || !strings.Contains(r.Err.Hint, "--token") {
		t.Fatalf("tenant-wide list with basic auth: %v %v (%s)", r.Code(), r.Err, r.Err.Hint)
	}
	empty := e.ok("kv", "list", "no.such.namespace")
	if len(empty.Records) != 0 || empty.Err != nil {
		t.Fatalf("empty list: %v", empty.Records)
	}
}

func TestGrammar(t *testing.T) {
	if err := Plugin("test").Validate(); err != nil {
		t.Fatal(err)
	}
	m, err := Plugin("test").Describe()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Groups) != 1 || m.Groups[0].Name != "kv" {
		t.Fatalf("groups = %v", m.Groups)
	}
}
