package dispatch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/exitcode"
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// loadCatalog loads a catalog of the plugins named in dir, described by
// manifests (a missing name fails to describe).
func loadCatalog(t *testing.T, dir, cache string, manifests map[string]*pb.Manifest) *discovery.Catalog {
	t.Helper()
	cat, err := discovery.Load(context.Background(), discovery.Options{
		Dirs:        []discovery.Dir{{Path: dir, Source: discovery.SourceBundled}},
		CachePath:   cache,
		HostVersion: "test",
		Describe: func(_ context.Context, path string) (*pb.Manifest, error) {
			name := strings.TrimPrefix(filepath.Base(path), discovery.Prefix)
			if m, ok := manifests[name]; ok {
				return m, nil
			}
			return nil, errors.New("plugin " + filepath.Base(path) + " exited before its handshake")
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func group(name string, aliases ...string) *pb.Command {
	return &pb.Command{Name: name, Aliases: aliases}
}

func TestUnknownCommand(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache.json")
	manifests := map[string]*pb.Manifest{
		"flows": {Name: "flows", Root: &pb.Command{Children: []*pb.Command{group("flows"), group("executions")}}},
		"iam":   {Name: "iam", Edition: "ee", Root: &pb.Command{Children: []*pb.Command{group("users"), group("service-accounts", "sa")}}},
		"kv":    {Name: "kv", Root: &pb.Command{Children: []*pb.Command{group("kv")}}},
	}
	for _, name := range []string{"flows", "iam", "kv", "broken"} {
		if err := os.WriteFile(filepath.Join(dir, discovery.Prefix+name), []byte(name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	loadCatalog(t, dir, cache, manifests)
	// iam and kv go away; kv comes back broken.
	for _, name := range []string{"iam", "kv"} {
		if err := os.Remove(filepath.Join(dir, discovery.Prefix+name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, discovery.Prefix+"kv"), []byte("kv, broken"), 0o755); err != nil {
		t.Fatal(err)
	}
	delete(manifests, "kv")
	cat := loadCatalog(t, dir, cache, manifests)

	tests := []struct {
		word     string
		wantCode int
		wantMsg  string
		wantHint string
	}{
		{"users", exitcode.Usage, `the "users" command group comes from the Enterprise kestractl-iam plugin (Kestra EE), which is not installed`, "put kestractl-iam next to kestractl, in /u/plugins, or on KESTRACTL_PLUGIN_PATH (it was last seen at " + filepath.Join(dir, "kestractl-iam")},
		{"sa", exitcode.Usage, `the "sa" command group comes from the Enterprise kestractl-iam plugin (Kestra EE)`, "kestractl-iam"},
		{"kv", exitcode.PluginFailure, "plugin kestractl-kv exited before its handshake", "'kestractl extensions list' shows every plugin and its state"},
		{"broken", exitcode.PluginFailure, "plugin kestractl-broken exited before its handshake", "extensions list"},
		{"flws", exitcode.Usage, `unknown command "flws" for "kestractl"; did you mean "flows"?`, "Run 'kestractl --help' for usage."},
		{"confg", exitcode.Usage, `did you mean "config"?`, ""},
		{"widgets", exitcode.Usage, `unknown command "widgets" for "kestractl"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			err := UnknownCommand(tt.word, cat, "/u/plugins")
			e := cmderr.From(err)
			if got := exitcode.For(err); got != tt.wantCode {
				t.Errorf("exit code %d, want %d", got, tt.wantCode)
			}
			if !strings.Contains(e.Message, tt.wantMsg) || !strings.Contains(e.Hint, tt.wantHint) {
				t.Errorf("error = %q (hint %q), want %q (hint %q)", e.Message, e.Hint, tt.wantMsg, tt.wantHint)
			}
			if tt.word == "widgets" && strings.Contains(e.Message, "did you mean") {
				t.Errorf("suggestion for an unrelated word: %q", e.Message)
			}
		})
	}
}
