package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/core/internal/fakeplugin/fakebin"
	"github.com/kestractl/kestractl/core/iostreams"
)

// fake is the fake plugin binary, built once.
var fake string

func TestMain(m *testing.M) {
	os.Exit(fakebin.Main(m, &fake))
}

// install is a kestractl installation in a temporary directory: the
// executable's directory holds the bundled plugins (the fake plugin as
// kestractl-fake), and HOME, the XDG directories and the config file are
// its own.
type install struct {
	t       *testing.T
	dir     string
	bundled string
	environ []string
}

func newInstall(t *testing.T, env ...string) *install {
	dir := t.TempDir()
	in := &install{t: t, dir: dir, bundled: filepath.Join(dir, "bin")}
	if err := os.MkdirAll(in.bundled, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := fakebin.Copy(fake, in.bundled, "fake"); err != nil {
		t.Fatal(err)
	}
	in.environ = append([]string{
		"HOME=" + filepath.Join(dir, "home"),
		"XDG_CACHE_HOME=" + filepath.Join(dir, "cache"),
		"XDG_DATA_HOME=" + filepath.Join(dir, "data"),
		"KESTRACTL_CONFIG=" + filepath.Join(dir, "config.yaml"),
		"NO_COLOR=1",
	}, env...)
	return in
}

// noServer names a server for the plugin commands that talk to none:
// without a context or a host, kestractl says that no context exists.
const noServer = "KESTRACTL_HOST=http://127.0.0.1:1"

type result struct {
	code           int
	stdout, stderr string
}

// main runs kestractl in-process with fake IO.
func (in *install) main(args ...string) result {
	io, b := iostreams.Test("")
	code := Main(args, Options{Version: "1.0.0", IO: io, Environ: in.environ, Executable: filepath.Join(in.bundled, "kestractl")})
	return result{code, b.Stdout.String(), b.Stderr.String()}
}

func (r result) check(t *testing.T, args []string, code int, stdout, stderr []string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("kestractl %q: exit %d, want %d\nstdout: %s\nstderr: %s", args, r.code, code, r.stdout, r.stderr)
	}
	for _, s := range stdout {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("kestractl %q: stdout lacks %q:\n%s", args, s, r.stdout)
		}
	}
	for _, s := range stderr {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("kestractl %q: stderr lacks %q:\n%s", args, s, r.stderr)
		}
	}
	if len(stderr) == 0 && code == 0 && r.stderr != "" {
		t.Errorf("kestractl %q: unexpected stderr:\n%s", args, r.stderr)
	}
}

func TestCommandLines(t *testing.T) {
	in := newInstall(t, noServer)
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr []string
	}{
		{name: "root help", args: nil, stdout: []string{"Usage: kestractl <command> [flags]", "Core commands:\n  config", "Plugin commands:\n  fake", "The fake group (fake).", "see\n'kestractl options'"}},
		{name: "root help after global flags", args: []string{"-o", "json", "-v"}, stdout: []string{"Plugin commands:"}},
		{name: "root help with --help", args: []string{"--help"}, stdout: []string{"Core commands:"}},
		{name: "a bad global flag alone", args: []string{"--bogus"}, code: 2, stderr: []string{"Error: unknown flag --bogus"}},
		{name: "help alone", args: []string{"help"}, stdout: []string{"Core commands:"}},
		{name: "help of a group", args: []string{"help", "fake"}, stdout: []string{"Usage: kestractl fake <command> [flags]", "  fail <code>", "Run \"kestractl fake <command> --help\""}},
		{name: "help of a plugin command", args: []string{"help", "fake", "fail"}, stdout: []string{"Usage: kestractl fake fail <code> [flags]"}},
		{name: "help of a core command", args: []string{"help", "config", "add"}, stdout: []string{"Usage: kestractl config add <name> <host> <tenant> [flags]"}},
		{name: "a group alone shows its help", args: []string{"fake-alias"}, stdout: []string{"Usage: kestractl fake <command> [flags]"}},
		{name: "unknown command with a suggestion", args: []string{"fak", "inspect"}, code: 2,
			stderr: []string{`Error: unknown command "fak" for "kestractl"; did you mean "fake"? (Run 'kestractl --help' for usage.)`}},
		{name: "unknown core-like command", args: []string{"confg"}, code: 2, stderr: []string{`did you mean "config"?`}},
		{name: "a plugin command", args: []string{"fake", "inspect", "-o", "json", "x"}, stdout: []string{`"argv": [`, `"x"`, `"format": "json"`}},
		{name: "a plugin table", args: []string{"fake", "table", "--count", "2"}, stdout: []string{"ID      STATE\nitem-0  SUCCESS\nitem-1  SUCCESS\n"}},
		{name: "a plugin's error", args: []string{"fake", "fail", "6"}, code: 5, stderr: []string{"Error: failed on purpose (the fake plugin fails when told)\n"}},
		{name: "a refused confirmation", args: []string{"fake", "confirm"}, code: 2, stderr: []string{"pass --yes to confirm"}},
		{name: "a crash", args: []string{"fake", "crash"}, code: 9, stderr: []string{"Error: plugin kestractl-fake crashed during execute: panic: fake crash"}},
		{name: "a core command's usage error", args: []string{"config", "use"}, code: 2, stderr: []string{"Error: expected \"<name>\" (see 'kestractl config use --help')"}},
		{name: "version", args: []string{"version", "--offline"}, stdout: []string{"kestractl 1.0.0 (plugin protocol 1)", "kestractl-fake 1.2.3 (fake) bundled"}},
		{name: "completion of the first word", args: []string{"__complete", "fa"}, stdout: []string{"fake\tThe fake group (fake).\n"}},
		{name: "completion asks the plugin for values", args: []string{"__complete", "fake", "pick", ""}, stdout: []string{"alpha\nbeta\n"}},
		{name: "completion of nothing", args: []string{"__complete"}},
		{name: "--version", args: []string{"--version"}, stdout: []string{"kestractl 1.0.0 (plugin protocol 1)\n"}},
		{name: "options lists the global flags", args: []string{"options"}, stdout: []string{"These flags work with every command", "-o, --output=FORMAT", "$KESTRACTL_OUTPUT"}},
		{name: "config alone shows its help", args: []string{"config"}, stdout: []string{"Usage: kestractl config <command> [flags]", "current", "Run \"kestractl config <command> --help\""}},
		{name: "a plugin command's help shows examples", args: []string{"fake", "inspect", "--help"}, stdout: []string{"Usage: kestractl fake inspect", "see\n'kestractl options'"}},
		{name: "a mistyped global flag before the group", args: []string{"--outptu", "json", "fake", "table"}, code: 2, stderr: []string{`unknown flag --outptu, did you mean "--output"?`}},
		{name: "a mistyped global flag after the command", args: []string{"fake", "table", "--outptu", "json"}, code: 2, stderr: []string{`unknown flag --outptu, did you mean "--output"? (see 'kestractl fake table --help')`}},
		{name: "an unknown subcommand", args: []string{"fake", "tabel"}, code: 2, stderr: []string{`unknown command "tabel" for "kestractl fake"; did you mean "table"?`}},
		{name: "completion of --flag=value", args: []string{"__complete", "fake", "table", "--output=y"}, stdout: []string{"--output=yaml\n"}},
		{name: "completion for powershell passes an empty word as \"\"", args: []string{"__complete", "fake", `""`}, stdout: []string{"table\t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in.main(tt.args...).check(t, tt.args, tt.code, tt.stdout, tt.stderr)
		})
	}
}

func TestExitCodeMapping(t *testing.T) {
	in := newInstall(t, noServer)
	// kestractl.v1.Code → the README's exit codes.
	for code, exit := range map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 4, 6: 5, 7: 6, 8: 7, 9: 8, 10: 9, 11: 9, 12: 3} {
		args := []string{"fake", "fail", fmt.Sprint(code)}
		in.main(args...).check(t, args, exit, nil, []string{"Error: failed on purpose"})
	}
}

func TestConfigCommands(t *testing.T) {
	in := newInstall(t)
	steps := []struct {
		args           []string
		code           int
		stdout, stderr []string
	}{
		{args: []string{"config", "add", "dev", "http://localhost:8080", "main", "--token", "t0k"}, stderr: []string{"Context 'dev' added and set as default."}},
		{args: []string{"config", "add", "prod", "https://kestra.example.com", "production", "--username", "ada", "--password", "pw"}, stderr: []string{"Context 'prod' added."}},
		{args: []string{"config", "show"}, stdout: []string{"*        dev", "prod"}, stderr: []string{"Config file: "}},
		{args: []string{"config", "use", "prod"}, stderr: []string{"Default context set to 'prod'."}},
		{args: []string{"config", "use", "qa"}, code: 2, stderr: []string{"context 'qa' does not exist"}},
		// The plugin gets the default context's settings, never its secrets.
		{args: []string{"fake", "inspect", "-o", "json"}, stdout: []string{`"context": "prod"`, `"host": "https://kestra.example.com"`, `"tenant": "production"`}},
		{args: []string{"--context", "dev", "fake", "creds", "-o", "json"}, stdout: []string{`"token": "`}},
	}
	for _, s := range steps {
		r := in.main(s.args...)
		r.check(t, s.args, s.code, s.stdout, s.stderr)
		if strings.Contains(r.stdout+r.stderr, "t0k") || strings.Contains(r.stdout+r.stderr, `"pw"`) {
			t.Fatalf("kestractl %q printed a secret:\n%s%s", s.args, r.stdout, r.stderr)
		}
	}
	r := in.main("config", "show", "-o", "json")
	var doc struct {
		DefaultContext string `json:"default_context"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.DefaultContext != "prod" {
		t.Fatalf("config show -o json: %s (%v)", r.stdout, err)
	}
}

func TestEnterpriseGroups(t *testing.T) {
	in := newInstall(t, "KESTRACTL_FAKE_EDITION=ee", noServer)
	in.main().check(t, nil, 0, []string{"The fake group (fake). (Enterprise)"}, nil)
	in.main("fake", "table").check(t, []string{"fake", "table"}, 0, []string{"item-0"}, nil)

	// Once gone, the group is traced to its plugin by the manifest cache.
	if err := os.Remove(filepath.Join(in.bundled, "kestractl-fake")); err != nil {
		t.Fatal(err)
	}
	args := []string{"fake", "table"}
	in.main(args...).check(t, args, 2, nil, []string{
		`Error: the "fake" command group comes from the Enterprise kestractl-fake plugin (Kestra EE), which is not installed`,
		"(it was last seen at " + filepath.Join(in.bundled, "kestractl-fake") + ")",
	})
	args = []string{"fake-alias"}
	in.main(args...).check(t, args, 2, nil, []string{`the "fake-alias" command group comes from the Enterprise kestractl-fake plugin`})
}

func TestBrokenPluginWarnings(t *testing.T) {
	in := newInstall(t)
	broken := filepath.Join(in.bundled, "kestractl-broken")
	if err := os.WriteFile(broken, []byte("#!/bin/sh\necho 'fatal error: bad build' >&2\nexit 2\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	in.main().check(t, nil, 0, []string{"fake"}, []string{"Warning: plugin " + broken + " is broken: plugin kestractl-broken exited before its handshake: fatal error: bad build"})
	args := []string{"broken", "x"}
	in.main(args...).check(t, args, 9, nil, []string{"Error: plugin kestractl-broken exited before its handshake: fatal error: bad build ('kestractl extensions list' shows every plugin and its state)"})
}

func TestLogLevel(t *testing.T) {
	in := newInstall(t, noServer)
	args := []string{"fake", "inspect", "-o", "json", "--log-level", "debug"}
	r := in.main(args...)
	r.check(t, args, 0, []string{`"log_level": "debug"`, "KESTRACTL_LOG=debug"}, []string{"[DEBUG] kestractl: plugin started"})
	args = []string{"fake", "inspect", "-o", "json"}
	r = in.main(args...)
	r.check(t, args, 0, []string{`"log_level": ""`}, nil)
	if strings.Contains(r.stdout, "KESTRACTL_LOG") {
		t.Fatalf("a log level was handed to the plugin:\n%s", r.stdout)
	}
}

func TestVersionDefaultsToDev(t *testing.T) {
	in := newInstall(t)
	io, b := iostreams.Test("")
	if code := Main([]string{"version", "--offline"}, Options{IO: io, Environ: in.environ}); code != 0 || !strings.HasPrefix(b.Stdout.String(), "kestractl dev ") {
		t.Fatalf("exit %d: %s", code, b.Stdout.String())
	}
}
