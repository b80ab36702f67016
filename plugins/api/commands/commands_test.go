package commands

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

const simToken = "api-test-token-0123456789"

const helloFlow = `id: hello
namespace: company.team
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: hi
`

// env is a kestrasim server and a working directory.
type env struct {
	t         *testing.T
	url       string
	dir       string
	protected bool
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return &env{t: t, url: plugintest.StartKestrasim(t, "--token", simToken), dir: t.TempDir()}
}

func (e *env) write(name string, content []byte) {
	e.t.Helper()
	if err := os.WriteFile(filepath.Join(e.dir, name), content, 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) opts() plugintest.Options {
	return plugintest.Options{Server: e.url, Username: plugintest.SimUser, Password: plugintest.SimPassword, Cwd: e.dir}
}

func (e *env) plugin() plugin.Plugin {
	return Plugin("test", func(plugin.Invocation) bool { return e.protected })
}

func (e *env) run(opts plugintest.Options, argv ...string) *plugintest.Result {
	e.t.Helper()
	return plugintest.Run(e.t, e.plugin(), opts, append([]string{"api"}, argv...)...)
}

// ok runs argv in table mode and fails the test on an error.
func (e *env) ok(argv ...string) *plugintest.Result {
	e.t.Helper()
	r := e.run(e.opts(), argv...)
	if r.Err != nil {
		e.t.Fatalf("%v: %v (%s)", argv, r.Err, r.Err.Hint)
	}
	return r
}

func (e *env) fails(code cmderr.Code, want string, opts plugintest.Options, argv ...string) *plugintest.Result {
	e.t.Helper()
	r := e.run(opts, argv...)
	if r.Err == nil {
		e.t.Fatalf("%v succeeded:\n%s", argv, r.Stdout)
	}
	if r.Err.Code != code || !strings.Contains(r.Err.Error()+" "+r.Err.Hint, want) {
		e.t.Fatalf("%v: %v (%s), code %v; want %v %q", argv, r.Err, r.Err.Hint, r.Err.Code, code, want)
	}
	return r
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, b)
	}
	return m
}

func TestFlowFromYAMLThenGet(t *testing.T) {
	e := newEnv(t)
	e.write("hello.yaml", []byte(helloFlow))
	r := e.ok("-X", "POST", "flows", "--input", "hello.yaml")
	if m := decode(t, []byte(r.Stdout)); m["id"] != "hello" || m["source"] != helloFlow {
		t.Fatalf("created %v", m)
	}
	// By operationId, with -o json: the answer is one object for the core.
	opts := e.opts()
	opts.Format = "json"
	r = e.run(opts, "getFlow", "namespace=company.team", "id=hello")
	if r.Err != nil || len(r.Objects) != 1 || r.Stdout != "" {
		t.Fatalf("getFlow: %v, %d objects, stdout %q", r.Err, len(r.Objects), r.Stdout)
	}
	if m := decode(t, r.Objects[0]); m["namespace"] != "company.team" || m["revision"] != float64(1) {
		t.Fatalf("getFlow answered %v", m)
	}
	// The same flow by its path, with the source as YAML (text/plain... as
	// the document says) printed raw.
	r = e.ok("flows/company.team/hello", "-f", "source=true")
	if m := decode(t, []byte(r.Stdout)); m["id"] != "hello" {
		t.Fatalf("GET by path: %v", m)
	}
	// A second creation is refused by the server: its error, its code.
	e.fails(cmderr.Generic, "already exists", e.opts(), "createFlow", "--input", "hello.yaml")
}

func TestErrorsCarryExitCodes(t *testing.T) {
	e := newEnv(t)
	e.fails(cmderr.NotFound, "not found", e.opts(), "flows/company.team/nope")
	e.fails(cmderr.NotFound, "not in the OpenAPI document either", e.opts(), "no/such/route")
	bad := e.opts()
	bad.Password = "wrong"
	e.fails(cmderr.Unauthenticated, "401", bad, "flows/search")
	e.fails(cmderr.Usage, "unknown operation", e.opts(), "getFlw")
	e.fails(cmderr.Usage, "credentials do not go", e.opts(), "flows/search", "-H", "Authorization: Bearer x")
	e.fails(cmderr.Usage, "invalid header", e.opts(), "flows/search", "-H", "NoColon")
	e.fails(cmderr.Usage, "--ndjson", e.opts(), "flows/search", "--ndjson")
	json := e.opts()
	json.Format = "json"
	e.fails(cmderr.Usage, "--include", json, "flows/search", "-i")
}

func TestEnterpriseOperationOnOSS(t *testing.T) {
	url := plugintest.StartKestrasim(t, "--edition", "oss")
	opts := plugintest.Options{Server: url, Username: plugintest.SimUser, Password: plugintest.SimPassword}
	for _, argv := range [][]string{{"groups/search"}, {"searchGroups", "--paginate"}} {
		r := plugintest.Run(t, Plugin("test", ContextProtected), opts, append([]string{"api"}, argv...)...)
		if r.Err == nil || r.Err.Code != cmderr.PermissionDenied || !strings.Contains(r.Err.Error(), "searchGroups: a Kestra Enterprise feature") {
			t.Fatalf("%v: %v", argv, r.Err)
		}
	}
	// Not Enterprise: a 404 stays a 404.
	r := plugintest.Run(t, Plugin("test", ContextProtected), opts, "api", "flows/a/b")
	if r.Err == nil || r.Err.Code != cmderr.NotFound {
		t.Fatalf("%v", r.Err)
	}
}

func TestMultipartUploadAndBinaryDownload(t *testing.T) {
	e := newEnv(t)
	content := make([]byte, 300_000)
	for i := range content {
		content[i] = byte(i * 7)
	}
	e.write("data.bin", content)
	e.ok("-X", "POST", "namespaces/company.team/files", "-f", "path=/data.bin", "-F", "fileContent=@data.bin")

	// Streamed to stdout byte for byte.
	r := e.ok("-X", "GET", "namespaces/company.team/files", "-f", "path=/data.bin")
	if !bytes.Equal([]byte(r.Stdout), content) {
		t.Fatalf("downloaded %d bytes, want the %d uploaded", len(r.Stdout), len(content))
	}
	// Not on a terminal.
	tty := e.opts()
	tty.Terminal = &plugin.Terminal{StdoutTTY: true, StderrTTY: true}
	r = e.fails(cmderr.Usage, "--output-file", tty, "getFileContent", "namespace=company.team", "-f", "path=/data.bin")
	if r.Stdout != "" {
		t.Fatalf("binary printed on a terminal: %d bytes", len(r.Stdout))
	}
	// To a file, atomically.
	r = e.ok("namespaces/company.team/files?path=/data.bin", "-O", "out.bin")
	got, err := os.ReadFile(filepath.Join(e.dir, "out.bin"))
	if err != nil || !bytes.Equal(got, content) || r.Stdout != "" || !strings.Contains(r.MessageText(), "Saved 293 KiB") {
		t.Fatalf("--output-file: %v, %d bytes, stdout %q, messages %q", err, len(got), r.Stdout, r.MessageText())
	}
	// -O - and -O /dev/stdout are the user's standard output (the plugin's
	// own /dev/stdout is a pipe to the core): the bytes, no message, never
	// binary content on a terminal.
	for _, o := range []string{"-", "/dev/stdout"} {
		r = e.ok("namespaces/company.team/files?path=/data.bin", "-O", o)
		if !bytes.Equal([]byte(r.Stdout), content) || strings.Contains(r.MessageText(), "Saved") {
			t.Fatalf("-O %s: %d bytes, messages %q", o, len(r.Stdout), r.MessageText())
		}
		if r = e.run(tty, "namespaces/company.team/files?path=/data.bin", "-O", o); r.Code() != cmderr.Usage || r.Stdout != "" {
			t.Fatalf("-O %s on a terminal: %v, %d bytes", o, r.Err, len(r.Stdout))
		}
	}
	jsonOpts := e.opts()
	jsonOpts.Format = "json"
	r = e.run(jsonOpts, "namespaces/company.team/files?path=/data.bin", "-O", "-")
	if r.Err != nil || !bytes.Equal([]byte(r.Stdout), content) || len(r.Objects) != 0 {
		t.Fatalf("-O - -o json: %d bytes, objects %v", len(r.Stdout), r.Objects)
	}
	// Text is shown on a terminal, ended by a newline.
	e.write("note.txt", []byte("no final newline"))
	e.ok("-X", "POST", "namespaces/company.team/files", "-f", "path=/note.txt", "-F", "fileContent=@note.txt")
	r = e.run(tty, "namespaces/company.team/files?path=/note.txt")
	if r.Err != nil || r.Stdout != "no final newline\n" {
		t.Fatalf("text on a terminal: %v %q", r.Err, r.Stdout)
	}
	// --include: status and headers first.
	r = e.ok("-i", "namespaces/company.team/files?path=/note.txt")
	if !strings.HasPrefix(r.Stdout, "HTTP/1.1 200 OK\n") || !strings.Contains(r.Stdout, "\nContent-Length: 16\n") || !strings.HasSuffix(r.Stdout, "\n\nno final newline") {
		t.Fatalf("--include:\n%s", r.Stdout)
	}
	// --silent: nothing.
	if r := e.ok("--silent", "namespaces/company.team/files?path=/note.txt"); r.Stdout != "" {
		t.Fatalf("--silent printed %q", r.Stdout)
	}
	// -o json on a file that is not JSON: printed as it came, with a warning.
	opts := e.opts()
	opts.Format = "json"
	r = e.run(opts, "namespaces/company.team/files?path=/note.txt")
	if r.Err != nil || r.Stdout != "no final newline" || !strings.Contains(r.MessageText(), "not JSON") {
		t.Fatalf("-o json on text: %v %q %q", r.Err, r.Stdout, r.MessageText())
	}
}

// seed imports n flows of namespace ns with one multipart request.
func (e *env) seed(ns string, n int) {
	e.t.Helper()
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString("---\n")
		}
		fmt.Fprintf(&b, "id: f%04d\nnamespace: %s\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n", i, ns)
	}
	e.write("flows.yaml", []byte(b.String()))
	e.ok("importFlows", "-F", "fileUpload=@flows.yaml")
}

func TestPaginate(t *testing.T) {
	e := newEnv(t)
	e.seed("bulk", 95)
	ids := func(items []map[string]any) []string {
		var out []string
		for _, it := range items {
			out = append(out, it["id"].(string))
		}
		return out
	}
	want := make([]string, 95)
	for i := range want {
		want[i] = fmt.Sprintf("f%04d", i)
	}
	check := func(name string, got []string) {
		t.Helper()
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("%s: %d items, want 95 distinct ids", name, len(got))
		}
	}
	// Raw: one JSON array, in pages of 7 (14 pages, the last short).
	r := e.ok("flows/search", "-f", "filters[namespace][EQUALS]=bulk", "-f", "size=7", "--paginate")
	var items []map[string]any
	if err := json.Unmarshal([]byte(r.Stdout), &items); err != nil {
		t.Fatalf("not one JSON array: %v", err)
	}
	check("raw array", ids(items))
	// NDJSON.
	r = e.ok("flows/search", "-f", "filters[namespace][EQUALS]=bulk", "-f", "size=10", "--paginate", "--ndjson")
	lines := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
	items = nil
	for _, l := range lines {
		items = append(items, decode(t, []byte(l)))
	}
	check("ndjson", ids(items))
	// -o json: records for the core, which prints one array (or applies --jq to it).
	opts := e.opts()
	opts.Format = "json"
	r = e.run(opts, "searchFlows", "-f", "filters[namespace][EQUALS]=bulk", "--paginate")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	check("records", ids(r.Records))
	// To a file, with a message; to -O /dev/stdout, the user's stdout.
	r = e.ok("flows/search", "-f", "filters[namespace][EQUALS]=bulk", "--paginate", "--ndjson", "-O", "items.ndjson")
	if b, _ := os.ReadFile(filepath.Join(e.dir, "items.ndjson")); strings.Count(string(b), "\n") != 95 || r.Stdout != "" || !strings.Contains(r.MessageText(), "Saved 95 items") {
		t.Fatalf("-O items.ndjson: %d bytes, stdout %q, messages %q", len(b), r.Stdout, r.MessageText())
	}
	r = e.ok("flows/search", "-f", "filters[namespace][EQUALS]=bulk", "--paginate", "--ndjson", "-O", "/dev/stdout")
	if strings.Count(r.Stdout, "\n") != 95 || strings.Contains(r.MessageText(), "Saved") {
		t.Fatalf("-O /dev/stdout: %d lines, messages %q", strings.Count(r.Stdout, "\n"), r.MessageText())
	}
	// An empty search is [].
	if r := e.ok("flows/search", "-f", "filters[namespace][EQUALS]=none", "--paginate"); r.Stdout != "[]\n" {
		t.Fatalf("empty: %q", r.Stdout)
	}
	// Not where it cannot work.
	e.fails(cmderr.Usage, "drop page=", e.opts(), "flows/search", "-f", "page=2", "--paginate")
	e.fails(cmderr.Usage, "takes no page", e.opts(), "getFlow", "namespace=a", "id=b", "--paginate")
	e.fails(cmderr.Usage, "not POST", e.opts(), "-X", "POST", "flows/validate", "--paginate")
	e.fails(cmderr.Usage, "1 to 1000", e.opts(), "flows/search", "-f", "size=0", "--paginate")
}

func TestDryRunMasksCredentials(t *testing.T) {
	e := newEnv(t)
	opts := plugintest.Options{Server: e.url, Token: simToken, Cwd: e.dir}
	e.write("hello.yaml", []byte(helloFlow))
	r := e.run(opts, "-X", "POST", "flows", "--input", "hello.yaml", "-f", "token=k", "--dry-run")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	for _, want := range []string{"POST " + e.url + "/api/v1/main/flows?token=REDACTED\n", "Authorization: Bearer REDACTED\n", "Content-Type: application/x-yaml\n", fmt.Sprintf("hello.yaml (%d B)", len(helloFlow))} {
		if !strings.Contains(r.Stdout, want) {
			t.Fatalf("dry run lacks %q:\n%s", want, r.Stdout)
		}
	}
	if strings.Contains(r.Stdout+r.Stderr+r.MessageText(), simToken) {
		t.Fatal("the token was printed")
	}
	// Nothing was sent.
	e.fails(cmderr.NotFound, "not found", e.opts(), "flows/company.team/hello")
	// JSON bodies are shown, secrets masked; -o json gives an object.
	opts.Format = "json"
	r = e.run(opts, "-X", "POST", "users", "-f", "email=a@b.c", "-f", "password=hunter2", "--dry-run")
	if r.Err != nil || len(r.Objects) != 1 {
		t.Fatalf("%v, %d objects", r.Err, len(r.Objects))
	}
	m := decode(t, r.Objects[0])
	body := m["body"].(map[string]any)
	if body["password"] != "REDACTED" || body["email"] != "a@b.c" || m["url"] != e.url+"/api/v1/users" || m["operationId"] != "createUser" {
		t.Fatalf("dry run object %v", m)
	}
}

func TestProtectedContextAsks(t *testing.T) {
	e := newEnv(t)
	e.protected = true
	e.write("hello.yaml", []byte(helloFlow))
	// Without a terminal: refused, nothing sent.
	e.fails(cmderr.Usage, "confirmation needed", e.opts(), "-X", "POST", "flows", "--input", "hello.yaml")
	e.fails(cmderr.NotFound, "not found", e.opts(), "flows/company.team/hello")
	// "no": cancelled.
	no := e.opts()
	no.Confirm = func(string) bool { return false }
	r := e.fails(cmderr.Cancelled, "nothing was changed", no, "createFlow", "--input", "hello.yaml")
	if len(r.Confirmations) != 1 || !strings.Contains(r.Confirmations[0], "POST /api/v1/main/flows (createFlow)") {
		t.Fatalf("question %v", r.Confirmations)
	}
	// "yes": sent. GET never asks.
	yes := e.opts()
	yes.Confirm = func(string) bool { return true }
	if r := e.run(yes, "createFlow", "--input", "hello.yaml"); r.Err != nil || len(r.Confirmations) != 1 {
		t.Fatalf("%v, %v", r.Err, r.Confirmations)
	}
	if r := e.ok("flows/company.team/hello"); len(r.Confirmations) != 0 {
		t.Fatalf("a GET asked %v", r.Confirmations)
	}
	// A dry run sends nothing and asks nothing.
	if r := e.ok("-X", "DELETE", "flows/company.team/hello", "--dry-run"); len(r.Confirmations) != 0 {
		t.Fatalf("a dry run asked %v", r.Confirmations)
	}
}

func TestVerboseExplains(t *testing.T) {
	e := newEnv(t)
	opts := e.opts()
	opts.Verbose = true
	r := e.run(opts, "/api/v1/main/not/a/route")
	if !strings.Contains(r.MessageText(), "/api/v1/main/not/a/route is not in the OpenAPI document") {
		t.Fatalf("messages:\n%s", r.MessageText())
	}
	r = e.run(opts, "-X", "PATCH", "flows/search")
	if !strings.Contains(r.MessageText(), "has no PATCH /api/v1/{tenant}/flows/search (it has [GET])") {
		t.Fatalf("messages:\n%s", r.MessageText())
	}
	r = e.run(opts, "configs")
	if r.Err != nil || !strings.Contains(r.MessageText(), "operation getConfiguration") {
		t.Fatalf("%v, messages:\n%s", r.Err, r.MessageText())
	}
}

func TestList(t *testing.T) {
	e := newEnv(t)
	opts := e.opts()
	opts.Format = "json"
	r := e.run(opts, "--list", "namespace", "files")
	if r.Err != nil || len(r.Records) == 0 {
		t.Fatalf("%v, %d records", r.Err, len(r.Records))
	}
	found := false
	for _, rec := range r.Records {
		if rec["operationId"] == "createNamespaceFile" && rec["method"] == "POST" && rec["enterprise"] == false {
			found = true
		}
		text := strings.ToLower(fmt.Sprint(rec))
		if !strings.Contains(text, "namespace") || !strings.Contains(text, "files") {
			t.Fatalf("%v does not match the words", rec)
		}
	}
	if !found {
		t.Fatal("createNamespaceFile not listed")
	}
	r = e.ok("--list", "users")
	if !strings.Contains(r.Footer, "Kestra Enterprise only") {
		t.Fatalf("footer %q", r.Footer)
	}
	e.fails(cmderr.Usage, "--list takes words", e.opts(), "--list", "-X", "GET")
}

func TestComplete(t *testing.T) {
	e := newEnv(t)
	complete := func(completer, partial string, argv ...string) []string {
		t.Helper()
		got, err := plugintest.Complete(t, e.plugin(), e.opts(), completer, partial, argv...)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := complete(completePath, "flows/se", "api")
	if !slices.Equal(got, []string{"flows/search"}) {
		t.Fatalf("flows/se: %v", got)
	}
	got = complete(completePath, "/api/v1/main/flows/s", "api")
	if !slices.Equal(got, []string{"/api/v1/main/flows/search", "/api/v1/main/flows/source"}) {
		t.Fatalf("absolute: %v", got)
	}
	got = complete(completePath, "getFlowD", "api")
	if !slices.Contains(got, "getFlowDependencies") || slices.Contains(got, "getFlow") {
		t.Fatalf("operationIds: %v", got)
	}
	got = complete(completePath, "conf", "api")
	if !slices.Contains(got, "configs") {
		t.Fatalf("instance-level shorthand: %v", got)
	}
	got = complete(completeParam, "", "api", "-X", "GET", "getFlow", "namespace=a")
	if !slices.Equal(got, []string{"id="}) {
		t.Fatalf("params: %v", got)
	}
}

// TestEveryCommandHasAnExample: every command shows at least one example
// in its help.
func TestEveryCommandHasAnExample(t *testing.T) {
	plugintest.RequireExamples(t, Plugin("test", nil))
	plugintest.RequireGroupGrammars(t, Plugin("test", nil))
}
