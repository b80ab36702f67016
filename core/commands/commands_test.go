package commands

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/dispatch"
	"github.com/kestractl/kestractl/core/exitcode"
	"github.com/kestractl/kestractl/core/internal/fakeplugin/fakebin"
	"github.com/kestractl/kestractl/core/iostreams"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// fake is the fake plugin binary, built once.
var fake string

func TestMain(m *testing.M) {
	os.Exit(fakebin.Main(m, &fake))
}

// harness runs core commands in-process against a temporary config file,
// user plugin directory and bundled plugin directory.
type harness struct {
	t       *testing.T
	dir     string
	env     map[string]string
	bundled string
}

func newHarness(t *testing.T) *harness {
	dir := t.TempDir()
	h := &harness{t: t, dir: dir, bundled: filepath.Join(dir, "bundled"), env: map[string]string{
		"KESTRACTL_CONFIG": filepath.Join(dir, "config.yaml"),
		"XDG_DATA_HOME":    filepath.Join(dir, "data"),
	}}
	if err := os.MkdirAll(h.bundled, 0o755); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) getenv(k string) string { return h.env[k] }

type result struct {
	code           int
	stdout, stderr string
	err            error
}

// run runs a core command line with stdin.
func (h *harness) run(stdin string, args ...string) result {
	h.t.Helper()
	io, b := iostreams.Test(stdin)
	starter := &dispatch.Starter{Env: dispatch.PluginEnv(nil, ""), Logger: hclog.NewNullLogger(), Output: io.Stderr, UserDir: discovery.UserDir(h.getenv)}
	rt := &Runtime{
		IO: io, Version: "1.0.0-test", Env: h.getenv,
		Contexts: contexts.Loader{Env: h.getenv, Warnings: io.Stderr},
		Starter:  starter,
		Catalog: func() (*discovery.Catalog, error) {
			return discovery.Load(context.Background(), discovery.Options{
				Dirs:        discovery.Dirs(h.getenv, filepath.Join(h.bundled, "kestractl")),
				HostVersion: "1.0.0-test",
				Reserved:    Reserved(),
				Describe: func(ctx context.Context, path string) (*pb.Manifest, error) {
					return starter.Describe(ctx, path, "1.0.0-test")
				},
			})
		},
	}
	code, err := Run(args, rt)
	if err != nil {
		// As app.Main does.
		exitcode.Print(b.Stderr, err)
	}
	return result{code, b.Stdout.String(), b.Stderr.String(), err}
}

// check fails unless r has the exit code and its outputs hold the texts.
func (r result) check(t *testing.T, code int, stdout, stderr []string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d (err %v)\nstdout: %s\nstderr: %s", r.code, code, r.err, r.stdout, r.stderr)
	}
	for _, s := range stdout {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
		}
	}
	for _, s := range stderr {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
}

func TestConfigCommands(t *testing.T) {
	h := newHarness(t)
	steps := []struct {
		name           string
		stdin          string
		args           []string
		code           int
		stdout, stderr []string
	}{
		{name: "nothing to show", args: []string{"config", "show"}, stderr: []string{"No contexts configured. Use 'kestractl config add' to add one."}},
		{name: "add the first context: it becomes the default", args: []string{"config", "add", "dev", "http://localhost:8080/", "main", "--token", "t0k"},
			stderr: []string{"Context 'dev' added and set as default.", "Host: http://localhost:8080\nTenant: main\nAuth: token"}},
		{name: "add a basic-auth context with a header", args: []string{"config", "add", "prod", "https://kestra.example.com", "production", "--username", "ada", "--password-stdin", "--header", "X-Team:data"},
			stdin: "pa55\n", stderr: []string{"Context 'prod' added.", "Auth: basicAuth"}},
		{name: "show as a table", args: []string{"config", "show"}, stdout: []string{"DEFAULT", "dev", "http://localhost:8080", "prod", "basicAuth"}, stderr: []string{"Config file: "}},
		{name: "use", args: []string{"config", "use", "prod"}, stderr: []string{"Default context set to 'prod'."}},
		{name: "use an unknown context", args: []string{"config", "use", "qa"}, code: 2, stderr: []string{"context 'qa' does not exist in", "(available: dev, prod)"}},
		{name: "replacing asks: refused without a terminal", args: []string{"config", "add", "dev", "http://localhost:9090", "main", "--token", "x"}, code: 2,
			stderr: []string{"Replace context 'dev' (http://localhost:8080) in ", "confirmation needed but stdin is not a terminal; pass --yes"}},
		{name: "replace", args: []string{"config", "add", "dev", "http://localhost:9090", "main", "--token-stdin", "--yes"}, stdin: "new-token\n", stderr: []string{"Context 'dev' replaced."}},
		{name: "adding the same context again asks nothing", args: []string{"config", "add", "dev", "http://localhost:9090", "main", "--token-stdin"}, stdin: "new-token\n", stderr: []string{"Context 'dev' replaced."}},
		{name: "token and basic auth together", args: []string{"config", "add", "x", "http://h", "main", "--token", "t", "--username", "u"}, code: 2,
			stderr: []string{"give either --token or --username/--password, not both"}},
		{name: "half a basic-auth pair", args: []string{"config", "add", "x", "http://h", "main", "--username", "u"}, code: 2, stderr: []string{"--password is missing"}},
		{name: "no credentials: a server without authentication", args: []string{"config", "add", "open", "http://h", "main", "--protected"},
			stderr: []string{"Context 'open' added.", "Auth: none", "Requests go out without credentials", "Protected: yes"}},
		{name: "a host without scheme", args: []string{"config", "add", "x", "kestra.example.com", "main", "--token", "t"}, code: 2},
		{name: "a bad name", args: []string{"config", "add", "a/b", "http://h", "main", "--token", "t"}, code: 2, stderr: []string{`invalid context name "a/b"`}},
		{name: "an empty tenant", args: []string{"config", "add", "x", "http://h", " ", "--token", "t"}, code: 2, stderr: []string{"the tenant must not be empty"}},
		{name: "a bad header", args: []string{"config", "add", "x", "http://h", "main", "--token", "t", "--header", "nocolon"}, code: 2},
		{name: "nothing on stdin", args: []string{"config", "add", "x", "http://h", "main", "--token-stdin"}, code: 2, stderr: []string{"read the secret from stdin: nothing on stdin"}},
		{name: "missing arguments", args: []string{"config", "add", "x"}, code: 2, stderr: []string{"see 'kestractl config add --help'"}},
		{name: "current", args: []string{"config", "current"}, stdout: []string{"prod\n"}},
		{name: "current from --context", args: []string{"config", "current", "--context", "dev", "-o", "json"}, stdout: []string{`"name": "dev"`, `"source": "--context"`}},
		{name: "set one field keeps the secret", args: []string{"config", "set", "prod", "--tenant", "staging"}, stderr: []string{"Context 'prod' updated (tenant).", "Tenant: staging", "Auth: basicAuth"}},
		{name: "set a password alone keeps the username", args: []string{"config", "set", "prod", "--password-stdin"}, stdin: "pa66\n", stderr: []string{"updated (auth)"}},
		{name: "set a header, protect", args: []string{"config", "set", "prod", "--header", "X-Team:ops", "--protected"}, stderr: []string{"updated (headers, protected)", "Protected: yes"}},
		{name: "set nothing", args: []string{"config", "set", "prod"}, code: 2, stderr: []string{"nothing to change"}},
		{name: "set a username on a token context needs a password", args: []string{"config", "set", "dev", "--username", "u"}, code: 2, stderr: []string{"add --password"}},
		{name: "set --no-auth with a token", args: []string{"config", "set", "dev", "--no-auth", "--token", "t"}, code: 2, stderr: []string{"--no-auth removes the credentials"}},
		{name: "set an unknown context", args: []string{"config", "set", "qa", "--tenant", "t"}, code: 2, stderr: []string{"context 'qa' does not exist"}},
		{name: "show says protected", args: []string{"config", "show"}, stdout: []string{"PROTECTED", "yes"}},
		{name: "remove asks: refused without a terminal", args: []string{"config", "remove", "open"}, code: 2, stderr: []string{"Remove context 'open' (http://h) from ", "pass --yes"}},
		{name: "remove the default", args: []string{"config", "remove", "prod", "--yes"}, stderr: []string{"Context 'prod' removed.", "It was the default context"}},
		{name: "current without a default", args: []string{"config", "current"}, code: 2, stderr: []string{"no context is selected", "config use"}},
		{name: "remove", args: []string{"config", "remove", "open", "-y"}, stderr: []string{"Context 'open' removed."}},
		{name: "remove an unknown context", args: []string{"config", "rm", "prod"}, code: 2},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			h.run(s.stdin, s.args...).check(t, s.code, s.stdout, s.stderr)
		})
	}

	r := h.run("", "config", "show", "-o", "json")
	r.check(t, 0, nil, nil)
	var doc struct {
		DefaultContext string `json:"default_context"`
		Contexts       []struct {
			Name, Host, AuthMethod string
		} `json:"contexts"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Contexts) != 1 || doc.Contexts[0].Host != "http://localhost:9090" {
		t.Fatalf("config show -o json = %s (%v)", r.stdout, err)
	}
	b, _ := os.ReadFile(h.env["KESTRACTL_CONFIG"])
	if !strings.Contains(string(b), "new-token") || strings.Contains(r.stdout+r.stderr, "new-token") {
		t.Fatalf("the token is not stored, or shown: %s", r.stdout)
	}
	if strings.Contains(string(b), "pa55") {
		t.Fatalf("the old password is still stored:\n%s", b)
	}
	if st, _ := os.Stat(h.env["KESTRACTL_CONFIG"]); st.Mode().Perm() != 0o600 {
		t.Fatalf("config mode %v", st.Mode().Perm())
	}
}

func TestConfigShowMasksSensitiveHeaders(t *testing.T) {
	h := newHarness(t)
	h.run("", "config", "add", "dev", "http://h", "main", "--token", "t", "--header", "Authorization:Bearer abc", "--header", "X-Team:data").check(t, 0, nil, nil)
	r := h.run("", "config", "show", "-o", "yaml")
	r.check(t, 0, []string{"X-Team:data", "Authorization:"}, nil)
	if strings.Contains(r.stdout, "abc") {
		t.Fatalf("a sensitive header is shown:\n%s", r.stdout)
	}
}

func TestConfigOnAnInvalidFile(t *testing.T) {
	h := newHarness(t)
	if err := os.WriteFile(h.env["KESTRACTL_CONFIG"], []byte("contexts: ["), 0o600); err != nil {
		t.Fatal(err)
	}
	h.run("", "config", "add", "x", "http://h", "main", "--token", "t").check(t, 2, nil, []string{"never rewrites a file it cannot read"})
	h.run("", "config", "show").check(t, 2, nil, []string{"config.yaml"})
	if b, _ := os.ReadFile(h.env["KESTRACTL_CONFIG"]); string(b) != "contexts: [" {
		t.Fatalf("an invalid file was rewritten: %q", b)
	}
}

func TestOutputFormats(t *testing.T) {
	h := newHarness(t)
	h.run("", "config", "show", "-o", "xml").check(t, 2, nil, []string{`unsupported output format "xml": use table, json or yaml`})
	h.env["KESTRACTL_OUTPUT"] = "json"
	r := h.run("", "config", "show")
	r.check(t, 0, []string{`"contexts": []`}, nil)
	h.run("", "config", "show", "--jq", ".contexts | length").check(t, 0, []string{"0"}, nil)
	h.run("", "config", "show", "--jq", ".x", "-o", "yaml").check(t, 2, nil, []string{"--jq filters JSON output"})
}

func TestVersion(t *testing.T) {
	h := newHarness(t)
	if _, err := fakebin.Copy(fake, h.bundled, "fake"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.bundled, "kestractl-broken"), []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	h.run("", "version", "--offline").check(t, 0, []string{
		"kestractl 1.0.0-test (plugin protocol 1)\n",
		"kestractl-broken - () bundled: " + filepath.Join(h.bundled, "kestractl-broken") + " [broken: plugin kestractl-broken exited before its handshake (is it a kestractl plugin?)]",
		"kestractl-fake 1.2.3 (fake) bundled: " + filepath.Join(h.bundled, "kestractl-fake") + "\n",
	}, nil)

	// The server's version, asked without credentials.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/configs" || r.Header.Get("Authorization") != "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"version":"1.3.2","edition":"OSS"}`))
	}))
	defer srv.Close()
	h.run("", "version", "--host", srv.URL, "--token", "secret").check(t, 0,
		[]string{"server " + srv.URL + ": Kestra 1.3.2 OSS"},
		[]string{"Warning: the server runs Kestra 1.3.2; this kestractl targets Kestra 2.x"})

	r := h.run("", "version", "--host", "http://127.0.0.1:1", "-o", "json")
	r.check(t, 0, []string{`"reachable": false`, `"name": "fake"`, `"protocol": 1`}, nil)
	h.run("", "version", "--host", "not-a-url").check(t, 0, []string{"server not-a-url: not reachable"}, nil)
}

func TestVersionWarning(t *testing.T) {
	for v, warn := range map[string]bool{"2.0.0": false, "v2.1.3": false, "2.0.0-SNAPSHOT": false, "1.3.2": true, "3.0.0": true, "": true} {
		if got := versionWarning(v) != ""; got != warn {
			t.Errorf("versionWarning(%q) warns=%v, want %v", v, got, warn)
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	h := newHarness(t)
	h.run("", "completion", "zsh").check(t, 0, []string{"#compdef kestractl", "kestractl __complete"}, nil)
	h.run("", "completion", "tcsh").check(t, 2, nil, []string{"must be one of"})
	h.run("", "completion", "--help").check(t, 0, []string{"source <(kestractl completion bash)"}, nil)
}

func TestDocs(t *testing.T) {
	h := newHarness(t)
	if _, err := fakebin.Copy(fake, h.bundled, "fake"); err != nil {
		t.Fatal(err)
	}
	pages := filepath.Join(h.dir, "pages")
	h.run("", "docs", "--dir", pages).check(t, 0, nil, []string{"7 page(s) written to " + pages})
	b, err := os.ReadFile(filepath.Join(pages, "kestractl-options.md"))
	if err != nil || !strings.Contains(string(b), "| `-o, --output=FORMAT` | Output format (one of: table, json, yaml) (default table; $KESTRACTL_OUTPUT). |") {
		t.Fatalf("options page = %s (%v)", b, err)
	}
	b, err = os.ReadFile(filepath.Join(pages, "kestractl-config.md"))
	if err != nil || !strings.Contains(string(b), "Examples:\n\n```sh\nkestractl config use prod\n```") ||
		!strings.Contains(string(b), "see [kestractl options](kestractl-options.md)") {
		t.Fatalf("config page = %s (%v)", b, err)
	}
	b, err = os.ReadFile(filepath.Join(pages, "kestractl-fake.md"))
	if err != nil || !strings.Contains(string(b), "Served by: `kestractl-fake`.") || !strings.Contains(string(b), "## kestractl fake fail") {
		t.Fatalf("fake page = %s (%v)", b, err)
	}
	h.run("", "docs", "--dir", pages, "--format", "man").check(t, 0, nil, nil)
	if _, err := os.Stat(filepath.Join(pages, "kestractl-config.1")); err != nil {
		t.Fatal(err)
	}

	readme := filepath.Join(h.dir, "README.md")
	if err := os.WriteFile(readme, []byte("intro\n<!-- kestractl:commands:begin (generated by kestractl docs --readme; do not edit) -->\nstale\n<!-- kestractl:commands:end -->\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.run("", "docs", "--readme", readme, "--check").check(t, 1, nil, []string{"is stale", "make docs"})
	h.run("", "docs", "--readme", readme).check(t, 0, nil, []string{"command reference updated"})
	h.run("", "docs", "--readme", readme, "--check").check(t, 0, nil, nil)
	h.run("", "docs", "--readme", readme).check(t, 0, nil, []string{"command reference up to date"})
	b, _ = os.ReadFile(readme)
	if !strings.Contains(string(b), "| `kestractl fake fail <code>` | Fail with an error code. |  | kestractl-fake |") ||
		!strings.Contains(string(b), "| `kestractl config use <name>` | Set the default context. | `kestractl config use prod` | core |") {
		t.Fatalf("README = %s", b)
	}

	h.run("", "docs").check(t, 2, nil, []string{"give --dir DIR"})
	h.run("", "docs", "--dir", pages, "--check").check(t, 2, nil, []string{"--check goes with --readme"})
	h.run("", "docs", "--readme", filepath.Join(h.dir, "absent.md")).check(t, 2, nil, []string{"read "})
}

func TestExtensions(t *testing.T) {
	h := newHarness(t)
	src := t.TempDir()
	hello, err := fakebin.Copy(fake, src, "hello")
	if err != nil {
		t.Fatal(err)
	}
	h.run("", "extensions", "list").check(t, 0, nil, []string{"No plugins found."})

	userDir := filepath.Join(h.env["XDG_DATA_HOME"], "kestractl", "plugins")
	h.run("", "extensions", "install", hello).check(t, 0, nil, []string{"Installed kestractl-hello 1.2.3 (groups: hello) into " + userDir})
	r := h.run("", "extensions", "list", "-o", "json")
	r.check(t, 0, []string{`"name": "hello"`, `"source": "user"`, `"state": "ok"`, `"detail": "sha256 verified"`}, nil)

	// The installed copy runs only while it matches its record.
	if err := os.WriteFile(filepath.Join(userDir, "kestractl-hello"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	h.run("", "extensions", "list").check(t, 0, []string{"modified"}, nil)

	// A binary that would take a core command's name is refused.
	cfg, err := fakebin.Copy(fake, src, "config")
	if err != nil {
		t.Fatal(err)
	}
	h.run("", "extensions", "install", cfg).check(t, 6, nil, []string{`serves "config", which is a core command`})
	h.run("", "extensions", "install", filepath.Join(h.dir, "config.yaml")).check(t, 2, nil, nil)
	notPlugin := filepath.Join(src, "hello")
	if err := os.WriteFile(notPlugin, []byte("x"), 0o755); err != nil {
		t.Fatal(err)
	}
	h.run("", "extensions", "install", notPlugin).check(t, 2, nil, []string{"is not named kestractl-<name>"})

	h.run("", "extensions", "remove", "hello").check(t, 2, nil, []string{"confirmation needed but stdin is not a terminal; pass --yes"})
	h.run("", "extensions", "remove", "kestractl-hello", "--yes").check(t, 0, nil, []string{"Removed kestractl-hello."})
	if _, err := os.Stat(filepath.Join(userDir, "kestractl-hello")); !os.IsNotExist(err) {
		t.Fatalf("still installed: %v", err)
	}
	h.run("", "extensions", "remove", "hello", "--yes").check(t, 5, nil, []string{`no plugin "hello" in the user plugin directory`})
}

func TestConfirm(t *testing.T) {
	tests := []struct {
		name   string
		yes    bool
		tty    bool
		answer string
		code   int
	}{
		{"--yes", true, false, "", 0},
		{"no terminal", false, false, "", 2},
		{"yes", false, true, "yes\n", 0},
		{"no", false, true, "n\n", 3},
		{"enter", false, true, "\n", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			io, b := iostreams.Test(tt.answer)
			io.StdinTTY = tt.tty
			err := confirm(&Runtime{IO: io}, &cli.Globals{Yes: tt.yes}, "Remove plugin kestractl-x?")
			if got := exitcode.For(err); got != tt.code {
				t.Fatalf("confirm = %v (exit %d), want exit %d", err, got, tt.code)
			}
			if tt.tty && !tt.yes && b.Stderr.String() != "Remove plugin kestractl-x? [y/N]: " {
				t.Fatalf("question %q", b.Stderr.String())
			}
		})
	}
}
