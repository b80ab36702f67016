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
	"github.com/kestractl/kestractl/sdk/plugin"
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
			if got := object(t, r); got["status"] != "set" || got["key"] != tc.key || got["type"] != tc.wantType {
				t.Errorf("set result = %v", got)
			}
			r = e.ok("kv", "get", "company.team", tc.key)
			// The server's KvDetail, unchanged: type, value, revision, updated.
			var got struct {
				Type  string
				Value json.RawMessage
			}
			if err := json.Unmarshal(r.Objects[0], &got); err != nil {
				t.Fatal(err)
			}
			if got.Type != tc.wantType || string(got.Value) != tc.wantValue {
				t.Errorf("get = %+v %s, want %s %s", got, got.Value, tc.wantType, tc.wantValue)
			}
			if keys := plugintest.JSONKeys(t, r.Objects[0]); strings.Join(keys, ",") != "type,value,revision,updated" {
				t.Errorf("get -o json keys = %v, want the server's type,value,revision,updated", keys)
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
	if object(t, r)["status"] != "updated" {
		t.Errorf("status = %v", object(t, r)["status"])
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
	r := e.run(o, nil, "kv", "delete", "company.team", "k")
	if r.Code() != cmderr.Cancelled {
		t.Fatalf("declined delete: %v", r.Err)
	}
	if len(r.Confirmations) != 1 || r.Confirmations[0] != "Delete key 'k' in company.team?" {
		t.Errorf("question = %q", r.Confirmations)
	}
	o.Confirm = nil
	if r := e.run(o, nil, "kv", "delete", "company.team", "k"); r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "--yes") {
		t.Fatalf("delete without a terminal: %v", r.Err)
	}
	e.ok("kv", "get", "company.team", "k")
	r = e.ok("kv", "rm", "company.team", "k")
	if m := object(t, r); m["status"] != "deleted" || m["key"] != "k" || m["namespace"] != "company.team" {
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

// seed stores n keys, alternately in team.a and team.b.
func (e *env) seed(n int) {
	e.t.Helper()
	c, err := kestra.New(kestra.Config{BaseURL: e.url, Tenant: "main", Credentials: kestra.StaticCredentials{Token: simToken}})
	if err != nil {
		e.t.Fatal(err)
	}
	for i := range n {
		ns := "team.a"
		if i%2 == 1 {
			ns = "team.b"
		}
		if err := kvapi.Put(context.Background(), c, ns, fmt.Sprintf("key-%03d", i), []byte(`"v"`), kvapi.PutOptions{}); err != nil {
			e.t.Fatal(err)
		}
	}
}

// requests counts the requests of a --verbose run to the tenant-wide
// key listing.
func requests(r *plugintest.Result) int {
	n := 0
	for _, m := range r.Messages {
		if strings.HasPrefix(m.Text, "> GET ") && strings.Contains(m.Text, "/api/v1/main/kv?") {
			n++
		}
	}
	return n
}

func TestListGrammar(t *testing.T) {
	e := newEnv(t)
	const n = 2*200 + 17
	e.seed(n)
	token := plugintest.Options{Server: e.url, Token: simToken, Format: "json"}

	// Default: 30 items, one request; the table's footer says what is left.
	table := token
	table.Format, table.Verbose = "table", true
	r := e.run(table, nil, "kv", "list")
	if r.Err != nil || len(r.Records) != 30 || requests(r) != 1 {
		t.Fatalf("default list: %v, %d records in %d requests, want 30 in 1", r.Err, len(r.Records), requests(r))
	}
	if r.Footer != "Showing 30 of 417 keys; use --limit or --all" {
		t.Errorf("footer = %q", r.Footer)
	}
	// Items are the server's KVEntry objects, keys in the server's order.
	if keys := plugintest.JSONKeys(t, r.RawRecords[0]); strings.Join(keys, ",") != "namespace,key,revision,creationDate,updateDate" {
		t.Errorf("item keys = %v", keys)
	}

	for _, tc := range []struct {
		argv   []string
		want   int
		footer string
	}{
		{[]string{"--limit", "45"}, 45, "Showing 45 of 417 keys; use --limit or --all"},
		{[]string{"-L", "5", "team.b"}, 5, "Showing 5 of 208 keys; use --limit or --all"},
		{[]string{"--all"}, n, "Showing 417 of 417 keys"},
		{[]string{"--all", "-n", "team.a"}, 209, "Showing 209 of 209 keys"},
		{[]string{"--page", "2", "--size", "100"}, 100, "Page 2 of 5: 100 of 417 keys"},
		{[]string{"--page", "5", "--size", "100"}, 17, "Page 5 of 5: 17 of 417 keys"},
		{[]string{"-q", "key-01", "--all"}, 10, "Showing 10 of 10 keys"},
		{[]string{"--filter", "namespace:EQUALS:team.b", "--all"}, 208, "Showing 208 of 208 keys"},
	} {
		table.Verbose = false
		r := e.run(table, nil, append([]string{"kv", "list"}, tc.argv...)...)
		if r.Err != nil || len(r.Records) != tc.want || r.Footer != tc.footer {
			t.Errorf("%v: %v, %d records, footer %q; want %d, %q", tc.argv, r.Err, len(r.Records), r.Footer, tc.want, tc.footer)
		}
	}
	for _, rec := range e.run(token, nil, "kv", "list", "--all", "team.b").Records {
		if rec["namespace"] != "team.b" {
			t.Fatalf("record of another namespace: %v", rec)
		}
	}

	// The positional namespace and -n agree or the command refuses.
	if r := e.run(token, nil, "kv", "list", "team.a", "-n", "team.b"); r.Code() != cmderr.Usage {
		t.Errorf("two namespaces: %v", r.Err)
	}
	if r := e.run(token, nil, "kv", "list", "--all", "--limit", "3"); r.Code() != cmderr.Usage {
		t.Errorf("--all with --limit: %v", r.Err)
	}

	// Basic auth on Enterprise: one namespace works, every namespace needs a token.
	r = e.ok("kv", "list", "team.b", "--limit", "300")
	if len(r.Records) != n/2 {
		t.Fatalf("list team.b with basic auth: %d records, want %d", len(r.Records), n/2)
	}
	r = e.run(e.opts(), nil, "kv", "list")
	if r.Code() != cmderr.Unauthenticated || !strings.Contains(r.Err.Error(), "needs an API token") || !strings.Contains(r.Err.Hint, "--token") {
		t.Fatalf("tenant-wide list with basic auth: %v %v", r.Code(), r.Err)
	}
}

func TestListUnknownNamespace(t *testing.T) {
	e := newEnv(t)
	r := e.run(e.opts(), nil, "kv", "list", "no.such.namespace")
	if r.Code() != cmderr.NotFound || r.Err.Error() != `namespace "no.such.namespace" not found` {
		t.Fatalf("unknown namespace: %v %v", r.Code(), r.Err)
	}
	if r := e.run(e.opts(), nil, "kv", "list", "-n", "no.such"); r.Code() != cmderr.NotFound {
		t.Fatalf("unknown namespace with -n: %v", r.Err)
	}
	// A namespace that exists but holds no key: an empty list, no error.
	e.ok("kv", "set", "company.team", "STRING", "k", "v")
	e.ok("kv", "delete", "company.team", "k")
	o := e.opts()
	o.Format = "table"
	r = e.run(o, nil, "kv", "list", "company.team")
	if r.Err != nil || len(r.Records) != 0 || r.Footer != "No keys found" {
		t.Fatalf("empty namespace: %v %v %q", r.Err, r.Records, r.Footer)
	}
}

func TestMessagesOnStderrOnly(t *testing.T) {
	e := newEnv(t)
	o := e.opts()
	o.Format = "table"
	for _, argv := range [][]string{
		{"kv", "set", "company.team", "STRING", "k", "v", "--ttl", "PT1H"},
		{"kv", "update", "company.team", "STRING", "k", "w"},
		{"kv", "delete", "company.team", "k"},
	} {
		r := e.run(o, nil, argv...)
		if r.Err != nil || len(r.Objects) != 0 || r.Stdout != "" || len(r.Records) != 0 {
			t.Errorf("%v: %v; stdout objects %v %q: want nothing on stdout", argv, r.Err, r.Objects, r.Stdout)
		}
		if len(r.Messages) == 0 || r.Messages[len(r.Messages)-1].Level != plugin.LevelSuccess {
			t.Errorf("%v: no success message: %v", argv, r.Messages)
		}
	}
	r := e.run(o, nil, "kv", "set", "company.team", "NUMBER", "n", "5", "--ttl", "PT1H")
	if got := r.MessageText(); got != "Key 'n' set in company.team (NUMBER, expires after PT1H)\n" {
		t.Errorf("message = %q", got)
	}
	// get in table mode: readable fields, the value as text.
	r = e.run(o, nil, "kv", "get", "company.team", "n")
	m := object(t, r)
	if m["namespace"] != "company.team" || m["key"] != "n" || m["type"] != "NUMBER" || m["value"] != "5" || m["updated"] == nil {
		t.Errorf("get (table) = %v", m)
	}
}

func TestComplete(t *testing.T) {
	e := newEnv(t)
	e.ok("kv", "set", "company.team", "STRING", "api_url", "x")
	e.ok("kv", "set", "company.team", "STRING", "api_key", "x")
	e.ok("kv", "set", "company.team", "STRING", "other", "x")
	e.ok("kv", "set", "company.data", "STRING", "api_other", "x")
	o := plugintest.Options{Server: e.url, Username: plugintest.SimUser, Password: plugintest.SimPassword}
	for _, tc := range []struct {
		completer, partial string
		argv               []string
		want               string
	}{
		{"kv-key", "api", []string{"kv", "get", "company.team"}, "api_key,api_url"},
		{"kv-key", "", []string{"kv", "delete", "company.team"}, "api_key,api_url,other"},
		{"kv-key", "api", []string{"kv", "update", "company.data", "STRING"}, "api_other"},
		{"kv-key", "", []string{"kv", "set", "--ttl", "PT1H", "company.data", "json"}, "api_other"},
		{"kv-key", "", []string{"kv", "get"}, ""},
		{"namespace", "company.", []string{"kv", "list"}, "company.data,company.team"},
	} {
		got, err := plugintest.Complete(t, Plugin("test"), o, tc.completer, tc.partial, tc.argv...)
		if err != nil || strings.Join(got, ",") != tc.want {
			t.Errorf("%s %v %q = %v %v, want %s", tc.completer, tc.argv, tc.partial, got, err, tc.want)
		}
	}
}

// TestGrammar: the grammar is valid, serves kv, and every command shows at
// least one example in its help.
func TestGrammar(t *testing.T) {
	if err := Plugin("test").Validate(); err != nil {
		t.Fatal(err)
	}
	m, err := Plugin("test").Describe()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Groups) != 2 || m.Groups[0].Name != "kv" || m.Groups[1].Name != "secrets" {
		t.Fatalf("groups = %v, want kv and secrets", m.Groups)
	}
	plugintest.RequireExamples(t, Plugin("test"))
	plugintest.RequireGroupGrammars(t, Plugin("test"))
	if got := m.Find("kv", "set").Args[1].Enum; strings.Join(got, ",") != "STRING,NUMBER,BOOLEAN,DATETIME,DATE,DURATION,JSON" {
		t.Errorf("the kv type completes %v", got)
	}
	if got := m.Find("kv", "get").Args[1].Completer; got != "kv-key" {
		t.Errorf("kv get's key completer = %q", got)
	}
	if f := m.Find("kv", "list").Flag("limit"); f == nil || f.Short != "L" {
		t.Errorf("kv list has no -L/--limit")
	}
	if f := m.Find("kv", "list").Flag("namespace"); f == nil || f.Short != "n" {
		t.Errorf("kv list has no -n/--namespace")
	}
	if got := m.Find("secrets", "set").Args[1].Completer; got != "secret-key" {
		t.Errorf("secrets set's key completer = %q", got)
	}
	if f := m.Find("secrets", "list").Flag("limit"); f == nil || f.Short != "L" {
		t.Errorf("secrets list has no -L/--limit")
	}
}
