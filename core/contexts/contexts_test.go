package contexts

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/core/settings"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

const twoContexts = `contexts:
  dev:
    host: http://localhost:8080
    tenant: main
  prod:
    host: https://kestra.example.com
    tenant: production
    auth_method: token
    token: secret-token
default_context: dev
`

func write(t *testing.T, dir, name, body string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func loader(env map[string]string) (Loader, *bytes.Buffer) {
	var w bytes.Buffer
	return Loader{Env: func(k string) string { return env[k] }, Warnings: &w}, &w
}

func TestPath(t *testing.T) {
	l, _ := loader(map[string]string{settings.EnvConfig: "/env/config.yaml"})
	if p, explicit, err := l.Path("/flag.yaml"); p != "/flag.yaml" || !explicit || err != nil {
		t.Errorf("flag: %s %v %v", p, explicit, err)
	}
	if p, explicit, err := l.Path(""); p != "/env/config.yaml" || !explicit || err != nil {
		t.Errorf("env: %s %v %v", p, explicit, err)
	}
	l, _ = loader(map[string]string{"HOME": "/home/ada"})
	if p, explicit, err := l.Path(""); p != filepath.Join("/home/ada", ".kestractl", "config.yaml") || explicit || err != nil {
		t.Errorf("default: %s %v %v", p, explicit, err)
	}
	// Without HOME: no default file; a command on flags alone still runs.
	l, _ = loader(nil)
	if _, _, err := l.Path(""); err == nil {
		t.Error("a default path without HOME")
	}
	lc, err := l.Load(Selection{})
	if err != nil || lc.Context != nil || lc.File == nil {
		t.Errorf("load without HOME: %v %v", lc, err)
	}
	if _, err := l.Load(Selection{Context: "prod"}); err == nil {
		t.Error("a context asked for without a config file")
	}
}

func TestLoadSelectsTheContext(t *testing.T) {
	dir := t.TempDir()
	cfg := write(t, dir, "config.yaml", twoContexts, 0o600)
	noDefault := write(t, dir, "nodefault.yaml", strings.Replace(twoContexts, "default_context: dev\n", "", 1), 0o600)
	missing := filepath.Join(dir, "missing.yaml")
	tests := []struct {
		name     string
		env      map[string]string
		sel      Selection
		wantName string
		wantErr  string
		wantHint string
	}{
		{name: "default_context", sel: Selection{Config: cfg}, wantName: "dev"},
		{name: "KESTRACTL_CONTEXT beats default_context", env: map[string]string{settings.EnvContext: "prod"}, sel: Selection{Config: cfg}, wantName: "prod"},
		{name: "--context beats KESTRACTL_CONTEXT", env: map[string]string{settings.EnvContext: "prod"}, sel: Selection{Config: cfg, Context: "dev"}, wantName: "dev"},
		{name: "KESTRACTL_CONFIG names the file", env: map[string]string{settings.EnvConfig: cfg}, wantName: "dev"},
		{name: "no default: no context", sel: Selection{Config: noDefault}},
		{name: "a missing file without a context is fine", sel: Selection{Config: missing}},
		{name: "unknown context", sel: Selection{Config: cfg, Context: "staging"},
			wantErr: `context "staging" (from --context) not found in ` + cfg + " (available: dev, prod)", wantHint: "add it with 'kestractl config add staging <host> <tenant> ...'"},
		{name: "unknown context from the environment", env: map[string]string{settings.EnvContext: "qa"}, sel: Selection{Config: cfg},
			wantErr: `context "qa" (from KESTRACTL_CONTEXT) not found`},
		{name: "a context in a file that does not exist", sel: Selection{Config: missing, Context: "prod"},
			wantErr: `context "prod" (from --context): config file ` + missing + " does not exist"},
		{name: "an invalid file is never guessed around", sel: Selection{Config: write(t, dir, "bad.yaml", "contexts: [", 0o600)},
			wantErr: "bad.yaml", wantHint: "kestractl never rewrites a file it cannot read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := loader(tt.env)
			lc, err := l.Load(tt.sel)
			if tt.wantErr != "" {
				e := cmderr.From(err)
				if err == nil || e.Code != cmderr.Usage || !strings.Contains(e.Message, tt.wantErr) || !strings.Contains(e.Hint, tt.wantHint) {
					t.Fatalf("err = %v, want usage %q (hint %q)", err, tt.wantErr, tt.wantHint)
				}
				return
			}
			if err != nil || lc.Name != tt.wantName || (lc.Context != nil) != (tt.wantName != "") {
				t.Fatalf("Load = %+v, %v; want context %q", lc, err, tt.wantName)
			}
		})
	}
}

func TestLoadWarnsAboutAReadableSecret(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		body string
		mode os.FileMode
		warn bool
	}{
		{"private file", twoContexts, 0o600, false},
		{"readable file with a token", twoContexts, 0o644, true},
		{"readable file without secrets", "contexts:\n  dev:\n    host: http://h\n    tenant: main\ndefault_context: dev\n", 0o644, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := write(t, dir, strings.ReplaceAll(tt.name, " ", "-")+".yaml", tt.body, tt.mode)
			l, w := loader(nil)
			if _, err := l.Load(Selection{Config: cfg}); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(w.String(), "holds credentials but is readable by others"); got != tt.warn {
				t.Fatalf("warning %q, want one: %v", w.String(), tt.warn)
			}
			if strings.Contains(w.String(), "secret-token") {
				t.Fatal("the warning shows the token")
			}
		})
	}
}

func TestResolve(t *testing.T) {
	cfg := write(t, t.TempDir(), "config.yaml", twoContexts, 0o600)
	l, _ := loader(map[string]string{settings.EnvTenant: "from-env"})
	s, lc, err := l.Resolve(Selection{Config: cfg, Context: "prod"}, settings.Flags{Output: "json"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if s.Host != "https://kestra.example.com" || s.Tenant != "from-env" || s.Output != "json" || s.Auth.Method != settings.AuthToken || lc.Name != "prod" {
		t.Fatalf("settings %+v, context %q", s, lc.Name)
	}
	if s.Sources["host"] != "context" || s.Sources["tenant"] != "env" || s.Sources["output"] != "flag" {
		t.Fatalf("sources %v", s.Sources)
	}

	// Without the config (offline commands), the file is not even read.
	s, lc, err = l.Resolve(Selection{Config: filepath.Join(t.TempDir(), "absent.yaml"), Context: "prod"}, settings.Flags{}, false)
	if err != nil || lc.File != nil || s.Host != settings.DefaultHost {
		t.Fatalf("offline: %+v %+v %v", s, lc, err)
	}

	if _, _, err := l.Resolve(Selection{Config: cfg}, settings.Flags{Output: "xml"}, true); cmderr.CodeOf(err) != cmderr.Usage {
		t.Fatalf("bad output: %v", err)
	}
	if _, _, err := l.Resolve(Selection{Config: cfg, Context: "nope"}, settings.Flags{}, true); cmderr.CodeOf(err) != cmderr.Usage {
		t.Fatalf("bad context: %v", err)
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	cfg := write(t, dir, "config.yaml", twoContexts, 0o600)
	l, _ := loader(nil)
	f, err := l.Open(cfg)
	if err != nil || len(f.Contexts) != 2 || Available(f) != "dev, prod" {
		t.Fatalf("Open = %+v, %v", f, err)
	}
	f, err = l.Open(filepath.Join(dir, "new.yaml"))
	if err != nil || f.Exists || Available(f) != "none" {
		t.Fatalf("Open of a new file = %+v, %v", f, err)
	}
	if _, err := l.Open(dir); cmderr.CodeOf(err) != cmderr.Usage || !strings.Contains(cmderr.From(err).Hint, "never rewrites") {
		t.Fatalf("Open of a directory = %v", err)
	}
}
