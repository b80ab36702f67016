package discovery

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// fixture is a tree of plugin directories and a fake Describe that counts
// its calls.
type fixture struct {
	t    *testing.T
	root string

	mu sync.Mutex
	// manifests are what each plugin name describes (default: one group
	// named after the plugin).
	manifests map[string]*pb.Manifest
	// fail makes Describe of a path fail.
	fail      map[string]error
	described []string
}

func newFixture(t *testing.T) *fixture {
	return &fixture{t: t, root: t.TempDir(), manifests: map[string]*pb.Manifest{}, fail: map[string]error{}}
}

func manifest(name, edition string, groups ...string) *pb.Manifest {
	root := &pb.Command{}
	for _, g := range groups {
		n, alias, _ := strings.Cut(g, "|")
		c := &pb.Command{Name: n, Help: "The " + n + " group."}
		if alias != "" {
			c.Aliases = []string{alias}
		}
		root.Children = append(root.Children, c)
	}
	return &pb.Manifest{Name: name, Version: "1.0.0", Edition: edition, Root: root}
}

// dir returns a directory of the tree, created.
func (f *fixture) dir(name string) string {
	d := filepath.Join(f.root, name)
	if err := os.MkdirAll(d, 0o755); err != nil {
		f.t.Fatal(err)
	}
	return d
}

// plugin writes an executable plugin file and returns its path.
func (f *fixture) plugin(dir, file string) string {
	p := filepath.Join(f.dir(dir), file)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n# "+p+"\n"), 0o755); err != nil {
		f.t.Fatal(err)
	}
	return p
}

func (f *fixture) cachePath() string { return filepath.Join(f.root, "cache", "plugins-v2.cache") }

func (f *fixture) options(dirs ...Dir) Options {
	return Options{
		Dirs:        dirs,
		CachePath:   f.cachePath(),
		HostVersion: "1.0.0",
		Reserved:    map[string]bool{"config": true, "help": true},
		Describe:    f.describe,
		OnDescribe: func(path string) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.described = append(f.described, path)
		},
	}
}

func (f *fixture) describe(_ context.Context, path string) (*pb.Manifest, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail[path]; err != nil {
		return nil, err
	}
	name := pluginName(filepath.Base(path))
	if m, ok := f.manifests[name]; ok {
		return m, nil
	}
	return manifest(name, "", name), nil
}

// load loads the catalog and returns the paths described (sorted).
func (f *fixture) load(opts Options) (*Catalog, []string) {
	f.t.Helper()
	f.mu.Lock()
	f.described = nil
	f.mu.Unlock()
	cat, err := Load(context.Background(), opts)
	if err != nil {
		f.t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	sort.Strings(f.described)
	return cat, f.described
}

// touch moves a file's modification time forward.
func touch(t *testing.T, path string, by time.Duration) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	later := st.ModTime().Add(by)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
}

type pluginState struct {
	Name, Source, ShadowedBy, Err string
	ShadowedGroups                string
}

func states(cat *Catalog) []pluginState {
	var out []pluginState
	for _, p := range cat.Plugins {
		out = append(out, pluginState{p.Name, p.Source, p.ShadowedBy, p.Err, strings.Join(p.ShadowedGroups, ",")})
	}
	return out
}

func TestLoadSearchOrderAndShadowing(t *testing.T) {
	f := newFixture(t)
	envAlpha := f.plugin("env", "kestractl-alpha")
	f.plugin("bundled", "kestractl-alpha")
	f.plugin("bundled", "kestractl-beta")
	f.plugin("path", "kestractl-gamma")
	f.plugin("user", "kestractl-delta")
	broken := f.plugin("path", "kestractl-broken")
	// Not plugins: a file of another name, a file that is not executable,
	// a directory.
	f.plugin("path", "README")
	if err := os.WriteFile(filepath.Join(f.dir("path"), "kestractl-text"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	f.dir("path/kestractl-dir")
	f.manifests["beta"] = manifest("beta", "", "beta", "alpha|al")
	f.manifests["gamma"] = manifest("gamma", "ee", "gamma|g", "config")
	f.manifests["delta"] = manifest("zeta", "", "delta")
	f.fail[broken] = errors.New("plugin kestractl-broken exited before its handshake")

	cat, described := f.load(f.options(
		Dir{f.dir("env"), SourceEnv}, Dir{f.dir("user"), SourceUser},
		Dir{f.dir("bundled"), SourceBundled}, Dir{f.dir("path"), SourcePath},
	))
	if len(described) != 6 {
		t.Fatalf("described %d plugins, want 6: %v", len(described), described)
	}
	want := []pluginState{
		{Name: "alpha", Source: SourceEnv},
		{Name: "delta", Source: SourceUser, Err: `binary kestractl-delta describes itself as plugin "zeta"`},
		{Name: "alpha", Source: SourceBundled, ShadowedBy: envAlpha}, // the same name further down the search order
		{Name: "beta", Source: SourceBundled, ShadowedGroups: "alpha"},
		{Name: "broken", Source: SourcePath, Err: "plugin kestractl-broken exited before its handshake"},
		{Name: "gamma", Source: SourcePath, ShadowedGroups: "config"},
	}
	if got := states(cat); !reflect.DeepEqual(got, want) {
		t.Fatalf("plugins =\n%+v\nwant\n%+v", got, want)
	}
	groups := map[string]string{"alpha": envAlpha, "beta": filepath.Join(f.root, "bundled", "kestractl-beta"),
		"gamma": filepath.Join(f.root, "path", "kestractl-gamma"), "g": filepath.Join(f.root, "path", "kestractl-gamma")}
	for name, path := range groups {
		g := cat.Group(name)
		if g == nil || g.Plugin.Path != path {
			t.Errorf("Group(%q) = %+v, want served by %s", name, g, path)
		}
	}
	for _, name := range []string{"al", "config", "delta", "broken", "nope"} {
		if g := cat.Group(name); g != nil {
			t.Errorf("Group(%q) = %s, want none", name, g.Plugin.Path)
		}
	}
	if g := cat.Group("gamma"); g.Command.GetHelp() != "The gamma group." || g.Plugin.Manifest().GetEdition() != "ee" {
		t.Errorf("gamma group = %v", g.Command)
	}
	var names []string
	for _, g := range cat.Groups() {
		names = append(names, g.Command.GetName())
	}
	if strings.Join(names, " ") != "alpha beta gamma" {
		t.Errorf("Groups = %v", names)
	}
	if got := strings.Join(cat.Names(), " "); got != "alpha beta g gamma" {
		t.Errorf("Names = %s", got)
	}
	if p := cat.Plugin("alpha"); p == nil || p.Path != envAlpha {
		t.Errorf("Plugin(alpha) = %+v, want the winner %s", p, envAlpha)
	}
}

func TestCacheKeyedByPathSizeAndModTime(t *testing.T) {
	f := newFixture(t)
	a := f.plugin("d", "kestractl-a")
	b := f.plugin("d", "kestractl-b")
	opts := f.options(Dir{f.dir("d"), SourceBundled})

	steps := []struct {
		name   string
		change func()
		opts   Options
		want   []string // described
	}{
		{name: "cold cache describes every plugin", want: []string{a, b}},
		{name: "warm cache describes none", want: nil},
		{name: "a newer modification time describes that plugin", change: func() { touch(t, a, 2*time.Second) }, want: []string{a}},
		{
			name: "another size with the same modification time describes that plugin",
			change: func() {
				st, _ := os.Stat(b)
				if err := os.WriteFile(b, []byte("#!/bin/sh\n# a longer body\n\n"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(b, st.ModTime(), st.ModTime()); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{b},
		},
		{name: "a new plugin in the directory is the only one described", change: func() { f.plugin("d", "kestractl-c") }, want: []string{filepath.Join(f.root, "d", "kestractl-c")}},
		{name: "another core version describes them all", opts: func() Options { o := opts; o.HostVersion = "2.0.0"; return o }(),
			want: []string{a, b, filepath.Join(f.root, "d", "kestractl-c")}},
		{name: "a corrupt cache is a miss", change: func() {
			if err := os.WriteFile(f.cachePath(), []byte("{not json"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, want: []string{a, b, filepath.Join(f.root, "d", "kestractl-c")}},
		{name: "a cache cut short (its last manifest missing) is a miss", change: func() {
			b, err := os.ReadFile(f.cachePath())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f.cachePath(), b[:len(b)-1], 0o600); err != nil {
				t.Fatal(err)
			}
		}, want: []string{a, b, filepath.Join(f.root, "d", "kestractl-c")}},
	}
	for _, s := range steps {
		if s.change != nil {
			s.change()
		}
		o := opts
		if s.opts.Describe != nil {
			o = s.opts
			opts = s.opts
		}
		cat, described := f.load(o)
		if !reflect.DeepEqual(described, s.want) {
			t.Fatalf("%s: described %v, want %v", s.name, described, s.want)
		}
		if cat.Group("a") == nil || cat.Group("b") == nil {
			t.Fatalf("%s: groups lost: %v", s.name, cat.Names())
		}
	}
}

func TestCacheDisabled(t *testing.T) {
	f := newFixture(t)
	a := f.plugin("d", "kestractl-a")
	opts := f.options(Dir{f.dir("d"), SourceBundled})
	opts.CachePath = ""
	for range 2 {
		if _, described := f.load(opts); !reflect.DeepEqual(described, []string{a}) {
			t.Fatalf("described %v, want %v every time", described, []string{a})
		}
	}
}

func TestCacheRewrittenAtomically(t *testing.T) {
	f := newFixture(t)
	a := f.plugin("d", "kestractl-a")
	opts := f.options(Dir{f.dir("d"), SourceBundled})
	f.load(opts)
	first, err := os.Stat(f.cachePath())
	if err != nil {
		t.Fatal(err)
	}
	if first.Mode().Perm() != 0o600 {
		t.Errorf("cache mode %v, want 0600", first.Mode().Perm())
	}

	// A hit reads the cache and writes nothing.
	f.load(opts)
	again, _ := os.Stat(f.cachePath())
	if !os.SameFile(first, again) || !again.ModTime().Equal(first.ModTime()) {
		t.Fatal("a cache hit rewrote the cache")
	}

	// A miss writes a new file and renames it over the old one: readers
	// see the old or the new cache, never a partial one.
	touch(t, a, 2*time.Second)
	f.load(opts)
	rewritten, _ := os.Stat(f.cachePath())
	if os.SameFile(first, rewritten) {
		t.Fatal("the cache was rewritten in place, not replaced")
	}
	entries, _ := os.ReadDir(filepath.Dir(f.cachePath()))
	if len(entries) != 1 {
		t.Fatalf("cache directory holds %d files, want only the cache (no temporary file left)", len(entries))
	}
	cf := readCache(f.cachePath())
	if cf == nil || cf.Version != cacheVersion || len(cf.Plugins) != 1 || len(cf.Plugins[0].Manifest) == 0 {
		b, _ := os.ReadFile(f.cachePath())
		t.Fatalf("cache = %q", b)
	}
}

func TestBrokenPluginIsReportedAndCachedUntilItChanges(t *testing.T) {
	f := newFixture(t)
	p := f.plugin("d", "kestractl-a")
	f.fail[p] = fmt.Errorf("plugin kestractl-a crashed during describe: panic: boom")
	opts := f.options(Dir{f.dir("d"), SourceBundled})

	cat, _ := f.load(opts)
	if got := cat.Plugin("a"); got == nil || !strings.Contains(got.Err, "panic: boom") || got.Manifest() != nil {
		t.Fatalf("broken plugin = %+v", got)
	}
	if cat.Group("a") != nil || len(cat.Groups()) != 0 {
		t.Fatal("a broken plugin serves a group")
	}
	// Reported from the cache, without starting it again.
	cat, described := f.load(opts)
	if len(described) != 0 || cat.Plugin("a").Err == "" {
		t.Fatalf("second load described %v; plugin %+v", described, cat.Plugin("a"))
	}
	// A fixed binary is described again.
	delete(f.fail, p)
	touch(t, p, 2*time.Second)
	cat, described = f.load(opts)
	if len(described) != 1 || cat.Group("a") == nil {
		t.Fatalf("after the fix: described %v, group %v", described, cat.Group("a"))
	}
}

func TestManifestsOfOtherEnvironmentsAreKept(t *testing.T) {
	f := newFixture(t)
	a := f.plugin("one", "kestractl-a")
	b := f.plugin("two", "kestractl-b")
	one := f.options(Dir{f.dir("one"), SourceEnv})
	two := f.options(Dir{f.dir("two"), SourceEnv})
	if _, d := f.load(one); !reflect.DeepEqual(d, []string{a}) {
		t.Fatalf("described %v", d)
	}
	if _, d := f.load(two); !reflect.DeepEqual(d, []string{b}) {
		t.Fatalf("described %v", d)
	}
	// Back to the first environment: its plugin is not described again.
	cat, d := f.load(one)
	if len(d) != 0 || cat.Group("a") == nil || cat.Group("b") != nil {
		t.Fatalf("described %v; groups %v", d, cat.Names())
	}
}

func TestMissingPluginIsRemembered(t *testing.T) {
	f := newFixture(t)
	iam := f.plugin("d", "kestractl-iam")
	kv := f.plugin("d", "kestractl-kv")
	f.manifests["iam"] = manifest("iam", "ee", "users", "service-accounts|sa")
	opts := f.options(Dir{f.dir("d"), SourceBundled})

	// Never seen: nothing is known of the group.
	cat, _ := f.load(f.options(Dir{f.dir("empty"), SourceBundled}))
	if cat.Provider("users") != nil {
		t.Fatal("a provider is known before any plugin was described")
	}
	cat, _ = f.load(opts)
	if cat.Group("users") == nil {
		t.Fatal("users not served")
	}

	if err := os.Remove(iam); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(kv); err != nil {
		t.Fatal(err)
	}
	cat, described := f.load(opts)
	if len(described) != 0 || cat.Group("users") != nil || cat.Plugin("iam") != nil {
		t.Fatalf("described %v, users group %v", described, cat.Group("users"))
	}
	tests := []struct {
		group         string
		name, edition string
		path          string
	}{
		{"users", "iam", "ee", iam},
		{"sa", "iam", "ee", iam},
		{"service-accounts", "iam", "ee", iam},
		{"kv", "kv", "", kv},
	}
	for _, tt := range tests {
		p := cat.Provider(tt.group)
		if p == nil || p.Name != tt.name || p.Edition != tt.edition || p.Path != tt.path {
			t.Errorf("Provider(%q) = %+v, want %s (%q) at %s", tt.group, p, tt.name, tt.edition, tt.path)
		}
	}
	if p := cat.Provider("widgets"); p != nil {
		t.Errorf("Provider(widgets) = %+v", p)
	}

	// Still remembered when read from the cache, and after a change of
	// environment.
	cat, _ = f.load(opts)
	if cat.Provider("users") == nil {
		t.Fatal("provider lost on a cache hit")
	}
	cat, _ = f.load(f.options(Dir{f.dir("elsewhere"), SourceEnv}))
	if cat.Provider("sa") == nil {
		t.Fatal("provider lost on a rescan")
	}

	// A plugin that comes back broken keeps its record, so that its groups
	// can be traced to it; once it works again, its groups are served.
	iam = f.plugin("d", "kestractl-iam")
	f.fail[iam] = errors.New("plugin kestractl-iam speaks another protocol version")
	cat, _ = f.load(opts)
	if p := cat.Provider("users"); p == nil || cat.Plugin(p.Name).Err == "" {
		t.Fatalf("broken iam: provider %+v", p)
	}
	delete(f.fail, iam)
	touch(t, iam, 2*time.Second)
	cat, _ = f.load(opts)
	if cat.Group("users") == nil {
		t.Fatal("users not served once the plugin works again")
	}

	// A new version that no longer serves a group forgets it.
	f.manifests["iam"] = manifest("iam", "ee", "users")
	touch(t, iam, 4*time.Second)
	cat, _ = f.load(opts)
	if p := cat.Provider("sa"); p != nil {
		t.Fatalf("Provider(sa) = %+v after iam dropped the group", p)
	}
}

func TestRememberProvidersIsBounded(t *testing.T) {
	var remembered []Provider
	for i := range maxProviders + 10 {
		remembered = append(remembered, Provider{Name: fmt.Sprintf("p%d", i), Groups: []GroupName{{Name: fmt.Sprintf("g%d", i)}}})
	}
	current := []*Plugin{{Name: "new", Groups: []GroupName{{Name: "fresh"}}}, {Name: "p3", Groups: []GroupName{{Name: "moved"}}}}
	got := rememberProviders(current, remembered)
	if len(got) != maxProviders {
		t.Fatalf("%d providers, want %d", len(got), maxProviders)
	}
	if got[0].Name != "new" || got[1].Name != "p3" || got[1].Groups[0].Name != "moved" {
		t.Fatalf("current plugins first, refreshed: %+v", got[:2])
	}
	for _, p := range got[2:] {
		if p.Name == "p3" {
			t.Fatal("p3 remembered twice")
		}
	}
}

func TestCacheOfAnotherLayoutIsAMiss(t *testing.T) {
	f := newFixture(t)
	a := f.plugin("d", "kestractl-a")
	opts := f.options(Dir{f.dir("d"), SourceBundled})
	f.load(opts)
	cf := readCache(f.cachePath())
	if cf == nil {
		t.Fatal("no cache written")
	}
	cf.Version--
	if err := writeCache(f.cachePath(), cf); err != nil {
		t.Fatal(err)
	}
	// Same files, same core: an older layout's entries are not reused.
	if _, described := f.load(opts); !reflect.DeepEqual(described, []string{a}) {
		t.Fatalf("described %v, want %v", described, []string{a})
	}
}
