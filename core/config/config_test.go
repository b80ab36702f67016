package config

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

func TestLoadMissing(t *testing.T) {
	f, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err != nil || f.Exists || len(f.Contexts) != 0 {
		t.Fatalf("Load missing = %+v, %v", f, err)
	}
}

func TestLoadInvalid(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"yaml", "contexts: [unclosed", "invalid YAML"},
		{"list", "- a\n- b\n", "top level must be a mapping"},
		{"contexts type", "contexts: 3\n", "invalid configuration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "config.yaml")
			if err := os.WriteFile(p, []byte(tt.body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(p)
			if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to name %s and say %q", err, p, tt.want)
			}
		})
	}
}

func TestRoundTripKeepsCommentsAndUnknownKeys(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	orig := `# my contexts
contexts:
    prod:
        host: https://prod.example.com # production
        tenant: main
        auth_method: token
        token: secret
        future_field: kept
plugins:
    flows:
        concurrency: 8
default_context: prod
`
	if err := os.WriteFile(p, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if f.Contexts["prod"].Token != "secret" || f.DefaultContext != "prod" {
		t.Fatalf("loaded %+v", f.Contexts["prod"])
	}
	if err := f.Set("dev", &Context{Host: "http://localhost:8080", Tenant: "main", AuthMethod: AuthBasic, Username: "u", Password: "p"}); err != nil {
		t.Fatal(err)
	}
	f.SetDefault("dev")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	s := string(b)
	for _, want := range []string{"# my contexts", "# production", "future_field: kept", "concurrency: 8", "default_context: dev", "username: u"} {
		if !strings.Contains(s, want) {
			t.Errorf("saved file lacks %q:\n%s", want, s)
		}
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	f2, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if f2.Contexts["dev"].Password != "p" || f2.DefaultContext != "dev" || len(f2.Contexts) != 2 {
		t.Fatalf("reloaded %+v", f2)
	}
	f2.Remove("dev")
	if f2.DefaultContext != "" {
		t.Fatalf("removing the default context must clear it")
	}
	if err := f2.Save(); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(p)
	if strings.Contains(string(b), "default_context") || strings.Contains(string(b), "dev:") {
		t.Fatalf("removed context still there:\n%s", b)
	}
}

func TestSaveNewFileCreatesDirectory(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "dir", "config.yaml")
	f, _ := Load(p)
	if err := f.Set("a", &Context{Host: "http://h", Tenant: "t", AuthMethod: AuthToken, Token: "x"}); err != nil {
		t.Fatal(err)
	}
	f.SetDefault("a")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if !strings.HasPrefix(string(b), "contexts:\n    a:\n        host: http://h\n") {
		t.Fatalf("unexpected layout:\n%s", b)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add("contexts:\n  a:\n    host: http://x\ndefault_context: a\n")
	f.Add("")
	f.Add("contexts: ~\n")
	f.Fuzz(func(t *testing.T, body string) {
		p := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := Load(p)
		if err != nil {
			return
		}
		// Whatever loads must save and load again.
		if err := cfg.Set("fuzz", &Context{Host: "http://h"}); err != nil {
			t.Fatal(err)
		}
		if err := cfg.Save(); err != nil {
			t.Fatal(err)
		}
		again, err := Load(p)
		if err != nil {
			t.Fatalf("saved file does not load: %v", err)
		}
		if again.Contexts["fuzz"] == nil {
			t.Fatal("context lost")
		}
	})
}

func TestUpdateKeepsUnknownKeysAndComments(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.yaml")
	orig := "contexts:\n    prod:\n        # the server\n        host: https://old.example\n        tenant: main\n        token: secret\n        future_key: kept\ndefault_context: prod\n"
	if err := os.WriteFile(p, []byte(orig), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	c := *f.Contexts["prod"]
	c.Tenant, c.Protected = "staging", true
	if err := f.Amend("prod", &c); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	for _, want := range []string{"# the server\n        host: https://old.example", "tenant: staging", "token: secret", "protected: true", "future_key: kept"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("file lacks %q:\n%s", want, b)
		}
	}
	again, err := Load(p)
	if err != nil || !again.Contexts["prod"].Protected || again.Contexts["prod"].Tenant != "staging" {
		t.Fatalf("reloaded = %+v, %v", again.Contexts["prod"], err)
	}
}

// TestConcurrentUpdates: writers that run at once never lose each other's
// changes (each re-reads the file under the lock).
func TestConcurrentUpdates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := Update(context.Background(), path, func(f *File) error {
				return f.Set(fmt.Sprintf("ctx%d", i), &Context{Host: "http://h", Tenant: "main"})
			})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	f, err := Load(path)
	if err != nil || len(f.Contexts) != 20 {
		t.Fatalf("%d contexts (%v), want 20", len(f.Contexts), err)
	}
}

// TestUpdateStopsWaitingWhenCancelled: a writer waiting for the lock gives
// up when its context ends (Ctrl-C, SIGTERM), changing nothing.
func TestUpdateStopsWaitingWhenCancelled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	holder := flock.New(path + ".lock")
	if err := holder.Lock(); err != nil {
		t.Fatal(err)
	}
	defer holder.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := Update(ctx, path, func(f *File) error { return f.Set("x", &Context{Host: "http://h"}) })
	if err == nil {
		t.Fatal("wrote while another writer held the lock")
	}
	if _, statErr := os.Stat(path); statErr == nil {
		t.Fatal("the file was written")
	}
}

func TestDuplicateContextsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	body := "contexts:\n  a:\n    host: http://x\n  a:\n    host: http://y\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), `context "a" is defined twice`) {
		t.Fatalf("err = %v", err)
	}
}

// BenchmarkLoad32k loads a file of 32,000 contexts: linear in their number
// (decoding the mapping at once was quadratic: seconds).
func BenchmarkLoad32k(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("contexts:\n")
	for i := range 32000 {
		fmt.Fprintf(&sb, "  c%d:\n    host: http://h%d\n    tenant: main\n", i, i)
	}
	path := filepath.Join(b.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		f, err := Load(path)
		if err != nil || len(f.Contexts) != 32000 {
			b.Fatal(err)
		}
	}
}
