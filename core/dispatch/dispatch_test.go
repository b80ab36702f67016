package dispatch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/cmdline"
	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/exitcode"
	"github.com/kestractl/kestractl/core/internal/fakeplugin/fakebin"
	"github.com/kestractl/kestractl/core/iostreams"
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// fake is the fake plugin binary, built once.
var fake string

func TestMain(m *testing.M) {
	os.Exit(fakebin.Main(m, &fake))
}

// env is a fixture's environment.
type env map[string]string

func (e env) get(k string) string { return e[k] }

func (e env) environ() []string {
	var out []string
	for k, v := range e {
		out = append(out, k+"="+v)
	}
	return out
}

// dispatcher serves the fake plugin as group "fake" from a fresh plugin
// directory, with a config file holding a context "dev".
type fixture struct {
	t       *testing.T
	dir     string
	env     env
	signals chan os.Signal
}

func newFixture(t *testing.T) *fixture {
	dir := t.TempDir()
	if _, err := fakebin.Copy(fake, dir, "fake"); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("contexts:\n  dev:\n    host: http://dev.example.com\n    tenant: devs\n    auth_method: token\n    token: ctx-token\ndefault_context: dev\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, dir: dir, signals: make(chan os.Signal, 2), env: env{
		"PATH":             "/usr/bin:/bin",
		"KESTRACTL_CONFIG": cfg,
		"XDG_DATA_HOME":    filepath.Join(dir, "data"),
	}}
}

func (f *fixture) dispatcher(io iostreams.IO) *Dispatcher {
	f.t.Helper()
	starter := &Starter{Env: PluginEnv(f.env.environ(), ""), Logger: hclog.NewNullLogger(), Output: io.Stderr, UserDir: discovery.UserDir(f.env.get)}
	cat, err := discovery.Load(context.Background(), discovery.Options{
		Dirs: []discovery.Dir{{Path: f.dir, Source: discovery.SourceBundled}},
		Describe: func(ctx context.Context, path string) (*pb.Manifest, error) {
			return starter.Describe(ctx, path, "test")
		},
	})
	if err != nil {
		f.t.Fatal(err)
	}
	model := cli.Model()
	return &Dispatcher{
		IO: io, Version: "test", Env: f.env.get, Signals: f.signals, Logger: hclog.NewNullLogger(),
		Starter: starter, Contexts: contexts.Loader{Env: f.env.get, Warnings: io.Stderr}, Catalog: cat,
		Flags: cmdline.NewGlobalFlags(model),
	}
}

type outcome struct {
	code           int
	stdout, stderr string
	err            error
}

func (f *fixture) run(stdin string, args ...string) outcome {
	f.t.Helper()
	io, b := iostreams.Test(stdin)
	code, err := f.dispatcher(io).Run(args)
	return outcome{code, b.Stdout.String(), b.Stderr.String(), err}
}

// object decodes the JSON document on stdout.
func (o outcome) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(o.stdout), &m); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s\nstderr: %s (err %v)", err, o.stdout, o.stderr, o.err)
	}
	return m
}

func TestHelpComesFromTheManifest(t *testing.T) {
	f := newFixture(t)
	for _, args := range [][]string{{"fake"}, {"fake-alias", "-o", "json"}, {"fake", "--help"}} {
		o := f.run("", args...)
		if o.code != 0 || !strings.HasPrefix(o.stdout, "Usage: kestractl fake <command> [flags]") || !strings.Contains(o.stdout, "  fail <code>    ") {
			t.Fatalf("%q: code %d err %v\n%s", args, o.code, o.err, o.stdout)
		}
	}
	o := f.run("", "fake", "fail", "-h")
	if o.code != 0 || !strings.Contains(o.stdout, "Usage: kestractl fake fail <code> [flags]") {
		t.Fatalf("leaf help: %d %s", o.code, o.stdout)
	}
	if o := f.run("", "fake", "--bogus-global=1", "-h", "-o"); o.code != exitcode.Usage {
		t.Fatalf("help with a bad global flag: %d", o.code)
	}
}

func TestExecute(t *testing.T) {
	f := newFixture(t)
	f.env["KESTRACTL_TOKEN"] = "env-token"
	o := f.run("", "-o", "json", "fake", "inspect", "--timeout", "5m", "--context", "dev", "word", "--tenant", "t2")
	m := o.object(t)
	if o.code != 0 {
		t.Fatalf("code %d: %v", o.code, o.err)
	}
	// Global flags went to the core; the group's own --timeout and the
	// words went to the plugin.
	if got := fmt.Sprint(m["argv"]); got != "[fake inspect --timeout 5m word]" {
		t.Errorf("argv = %s", got)
	}
	if m["host"] != "http://dev.example.com" || m["tenant"] != "t2" || m["context"] != "dev" || m["format"] != "json" {
		t.Errorf("invocation = %v", m)
	}
	environ := fmt.Sprint(m["environ"], m["process_args"])
	for _, secret := range []string{"env-token", "ctx-token", "KESTRACTL_TOKEN"} {
		if strings.Contains(environ, secret) {
			t.Errorf("the plugin's environment or argv holds %q: %s", secret, environ)
		}
	}
}

func TestSecretsReachThePluginOnlyThroughGetCredentials(t *testing.T) {
	f := newFixture(t)
	f.env["KESTRACTL_FAKE_SECRET"] = "from-env"
	tests := []struct {
		name       string
		args       []string
		wantToken  string
		wantSecret string
	}{
		{"context token", []string{"fake", "creds", "-o", "json"}, "ctx-token", "from-env"},
		{"flag token and secret flag", []string{"fake", "creds", "-t", "flag-token", "--api-key=flag-secret", "-o", "json"}, "flag-token", "flag-secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := f.run("", tt.args...)
			m := o.object(t)
			if m["token"] != sha(tt.wantToken) {
				t.Errorf("token digest %v, want that of %q", m["token"], tt.wantToken)
			}
			if got := m["secret_flags"].(map[string]any)["api-key"]; got != sha(tt.wantSecret) {
				t.Errorf("secret flag digest %v, want that of %q", got, tt.wantSecret)
			}
			all := fmt.Sprint(m["argv"], m["environ"])
			for _, s := range []string{tt.wantToken, tt.wantSecret, "api-key", "KESTRACTL_FAKE_SECRET"} {
				if strings.Contains(all, s) {
					t.Errorf("argv or environment holds %q: %s", s, all)
				}
			}
		})
	}
}

// sha is the digest the fake plugin shows of a secret.
func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}

func TestOutput(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		args           []string
		stdout, stderr string
	}{
		{[]string{"fake", "table", "--count", "3"}, "ID      STATE\nitem-0  SUCCESS\nitem-1  SUCCESS\nitem-2  SUCCESS\n", ""},
		{[]string{"fake", "table", "--count", "3", "--no-headers"}, "item-0  SUCCESS\nitem-1  SUCCESS\nitem-2  SUCCESS\n", ""},
		{[]string{"fake", "table", "--count=1", "-o", "json"}, "[\n  {\n    \"id\": \"item-0\",\n    \"state\": \"SUCCESS\"\n  }\n]\n", ""},
		{[]string{"fake", "table", "--jq", ".[].id"}, "item-0\nitem-1\nitem-2\n", ""},
		{[]string{"fake", "write"}, "first\nsecond\nlast\n", "to stderr\n"},
		{[]string{"fake", "stray", "-o", "json"}, "{\n  \"ok\": true\n}\n", "[kestractl-fake] stray output\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			o := f.run("", tt.args...)
			if o.code != 0 || o.stdout != tt.stdout || o.stderr != tt.stderr {
				t.Fatalf("code %d err %v\nstdout %q\nwant   %q\nstderr %q\nwant   %q", o.code, o.err, o.stdout, tt.stdout, o.stderr, tt.stderr)
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		code pb.Code
		want int
	}{
		{pb.Code_GENERIC, exitcode.Error},
		{pb.Code_USAGE, exitcode.Usage},
		{pb.Code_CANCELLED, exitcode.Cancelled},
		{pb.Code_TIMEOUT, exitcode.Cancelled},
		{pb.Code_UNAUTHENTICATED, exitcode.Auth},
		{pb.Code_PERMISSION_DENIED, exitcode.Auth},
		{pb.Code_NOT_FOUND, exitcode.NotFound},
		{pb.Code_CONFLICT, exitcode.Conflict},
		{pb.Code_UNAVAILABLE, exitcode.Unavailable},
		{pb.Code_REMOTE_FAILED, exitcode.RemoteFailed},
		{pb.Code_REQUIREMENT_NOT_MET, exitcode.PluginFailure},
		{pb.Code_INTERNAL, exitcode.PluginFailure},
	}
	for _, tt := range tests {
		t.Run(tt.code.String(), func(t *testing.T) {
			o := f.run("", "fake", "fail", strconv.Itoa(int(tt.code)))
			if o.code != tt.want || o.err == nil {
				t.Fatalf("exit %d (err %v), want %d", o.code, o.err, tt.want)
			}
			msg, hint := o.err.Error(), cmderr.From(o.err).Hint
			switch tt.code {
			case pb.Code_UNAUTHENTICATED:
				// The core names the context, the host and the auth method
				// used, and how to fix them.
				// The plugin's hint stays.
				if d := cmderr.From(o.err).Details; msg != "failed on purpose" || hint != "the fake plugin fails when told" ||
					len(d) == 0 || d[0] != "kestractl used context dev (http://dev.example.com) with token auth from the context" {
					t.Fatalf("401: %q (hint %q, details %q)", msg, hint, d)
				}
			case pb.Code_PERMISSION_DENIED:
				if d := cmderr.From(o.err).Details; msg != "failed on purpose" || len(d) == 0 || !strings.HasPrefix(d[0], "kestractl used context dev (http://dev.example.com) with token auth") {
					t.Fatalf("403: %q (hint %q, details %q)", msg, hint, d)
				}
			default:
				if msg != "failed on purpose" || hint != "the fake plugin fails when told" {
					t.Fatalf("%q (hint %q)", msg, hint)
				}
			}
		})
	}
	if o := f.run("", "fake", "crash"); o.code != exitcode.PluginFailure || !strings.Contains(o.err.Error(), "crashed during execute: panic: fake crash") {
		t.Fatalf("crash: exit %d err %v", o.code, o.err)
	}
}

func TestUsageErrorsBeforeThePluginRuns(t *testing.T) {
	f := newFixture(t)
	pidFile := filepath.Join(f.dir, "pid")
	f.env["KESTRACTL_FAKE_PIDFILE"] = pidFile
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"a global flag without its value", []string{"fake", "sleep", "--host"}, "flag --host needs a value"},
		{"a bad global flag", []string{"--bogus", "fake", "sleep"}, "unknown flag --bogus"},
		{"a bad host", []string{"fake", "sleep", "--host", "ftp//x"}, ""},
		{"an unknown context", []string{"fake", "sleep", "--context", "nope"}, `context "nope" (from --context) not found`},
		{"an unreadable CA file", []string{"fake", "sleep", "--ca-cert", filepath.Join(f.dir, "absent.pem")}, "cannot read the CA certificate file"},
		{"--jq with yaml", []string{"fake", "sleep", "--jq", ".", "-o", "yaml"}, "--jq filters JSON output"},
		{"confirmation without a terminal", []string{"fake", "confirm"}, "Delete everything: confirmation needed but stdin is not a terminal; pass --yes to confirm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := f.run("y\n", tt.args...)
			if o.code != exitcode.Usage || o.err == nil || !strings.Contains(o.err.Error(), tt.want) {
				t.Fatalf("exit %d err %v, want a usage error %q", o.code, o.err, tt.want)
			}
			if _, err := os.Stat(pidFile); err == nil {
				t.Fatal("the command ran")
			}
		})
	}
	// --yes answers the confirmation.
	if o := f.run("", "fake", "confirm", "--yes", "-o", "json"); o.code != 0 || o.object(t)["confirmed"] != true {
		t.Fatalf("confirm --yes: exit %d err %v", o.code, o.err)
	}
}

func TestOfflineCommandsReadNoConfig(t *testing.T) {
	f := newFixture(t)
	if err := os.WriteFile(f.env["KESTRACTL_CONFIG"], []byte("contexts: ["), 0o600); err != nil {
		t.Fatal(err)
	}
	o := f.run("", "fake", "offline", "-o", "json")
	if o.code != 0 || o.object(t)["host"] != "http://localhost:8080" {
		t.Fatalf("offline: exit %d err %v", o.code, o.err)
	}
	if o := f.run("", "fake", "inspect"); o.code != exitcode.Usage {
		t.Fatalf("online with an invalid config: exit %d", o.code)
	}
}

func TestVerboseShowsWhereSettingsCameFrom(t *testing.T) {
	f := newFixture(t)
	o := f.run("", "fake", "inspect", "-v", "-o", "json", "--header", "Authorization:Bearer hidden", "--header", "X-A:1")
	for _, want := range []string{"config: " + f.env["KESTRACTL_CONFIG"] + ` (context "dev")`, "host: http://dev.example.com (context)",
		"tenant: devs (context)", "auth: token (context)", "output: json (flag)", "headers: Authorization:REDACTED, X-A:1"} {
		if !strings.Contains(o.stderr, want+"\n") {
			t.Errorf("stderr lacks %q:\n%s", want, o.stderr)
		}
	}
	if strings.Contains(o.stderr, "ctx-token") || strings.Contains(o.stderr, "hidden") {
		t.Fatalf("--verbose printed a credential:\n%s", o.stderr)
	}
}

func TestUnknownGroup(t *testing.T) {
	f := newFixture(t)
	o := f.run("", "fak", "inspect")
	if o.code != exitcode.Usage || !strings.Contains(o.err.Error(), `did you mean "fake"?`) {
		t.Fatalf("exit %d err %v", o.code, o.err)
	}
}

func TestPluginThatCannotStart(t *testing.T) {
	f := newFixture(t)
	d := f.dispatcher(iostreams.IO{})
	// The plugin is replaced after it was described.
	if err := os.WriteFile(filepath.Join(f.dir, "kestractl-fake"), []byte("#!/bin/sh\necho not a plugin\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	io, _ := iostreams.Test("")
	d.IO = io
	code, err := d.Run([]string{"fake", "inspect"})
	if code != exitcode.PluginFailure || !strings.Contains(err.Error(), `printed "not a plugin" before its handshake`) {
		t.Fatalf("exit %d err %v", code, err)
	}
}

// pidOf waits for the sleeping plugin to write its pid.
func pidOf(t *testing.T, file string) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(file)
		if pid, err := strconv.Atoi(string(b)); err == nil {
			return pid
		}
		if time.Now().After(deadline) {
			t.Fatal("the plugin never slept")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestInterrupt(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		signals int
	}{
		{"the plugin returns when cancelled", []string{"fake", "sleep"}, 1},
		{"a plugin that ignores the cancellation is killed", []string{"fake", "sleep", "--ignore-cancel"}, 1},
		{"a second Ctrl-C", []string{"fake", "sleep", "--ignore-cancel"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			pidFile := filepath.Join(f.dir, "pid")
			f.env["KESTRACTL_FAKE_PIDFILE"] = pidFile
			io, b := iostreams.Test("")
			d := f.dispatcher(io)
			done := make(chan int, 1)
			go func() {
				code, _ := d.Run(tt.args)
				done <- code
			}()
			pid := pidOf(t, pidFile)
			for range tt.signals {
				f.signals <- syscall.SIGINT
			}
			select {
			case code := <-done:
				if code != exitcode.Interrupted || b.Stderr.String() != "Interrupted.\n" {
					t.Fatalf("exit %d, stderr %q", code, b.Stderr.String())
				}
			case <-time.After(20 * time.Second):
				t.Fatal("Run did not return after Ctrl-C")
			}
			if err := syscall.Kill(pid, 0); err != syscall.ESRCH {
				t.Fatalf("plugin %d still exists after the command returned: %v", pid, err)
			}
		})
	}
}

func TestComplete(t *testing.T) {
	f := newFixture(t)
	io, _ := iostreams.Test("")
	d := f.dispatcher(io)
	line, err := cmdline.Split([]string{"fake", "pick"}, d.Flags, func(string) *pb.Command { return d.Catalog.Group("fake").Command })
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Complete("things", line, "a"); strings.Join(got, ",") != "alpha,beta" {
		t.Fatalf("Complete = %v", got)
	}
	line.Word = "nope"
	if got := d.Complete("things", line, ""); got != nil {
		t.Fatalf("Complete of an unknown group = %v", got)
	}
}
