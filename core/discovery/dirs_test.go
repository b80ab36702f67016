package discovery

import (
	"path/filepath"
	"reflect"
	"testing"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDirsSearchOrder(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		exe  string
		want []Dir
	}{
		{
			name: "plugin path, user dir, bundled dir, then PATH",
			env: map[string]string{
				"KESTRACTL_PLUGIN_PATH": "/p1" + string(filepath.ListSeparator) + "/p2",
				"XDG_DATA_HOME":         "/data",
				"PATH":                  "/usr/bin" + string(filepath.ListSeparator) + "/bin",
			},
			exe: "/opt/kestractl/kestractl",
			want: []Dir{
				{"/p1", SourceEnv}, {"/p2", SourceEnv},
				{"/data/kestractl/plugins", SourceUser},
				{"/opt/kestractl", SourceBundled},
				{"/usr/bin", SourcePath}, {"/bin", SourcePath},
			},
		},
		{
			name: "a directory appears once, at its highest place",
			env: map[string]string{
				"KESTRACTL_PLUGIN_PATH": "/opt/kestractl/",
				"HOME":                  "/home/u",
				"PATH":                  "/opt/kestractl" + string(filepath.ListSeparator) + "/bin",
			},
			exe: "/opt/kestractl/kestractl",
			want: []Dir{
				{"/opt/kestractl", SourceEnv},
				{"/home/u/.local/share/kestractl/plugins", SourceUser},
				{"/bin", SourcePath},
			},
		},
		{
			name: "relative and empty PATH entries are never searched",
			env:  map[string]string{"PATH": "." + string(filepath.ListSeparator) + string(filepath.ListSeparator) + "bin" + string(filepath.ListSeparator) + "/bin"},
			want: []Dir{{"/bin", SourcePath}},
		},
		{name: "nothing", env: map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Dirs(envOf(tt.env), tt.exe); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Dirs = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestUserDirAndCachePath(t *testing.T) {
	tests := []struct {
		env              map[string]string
		userDir, caching string
	}{
		{map[string]string{"XDG_DATA_HOME": "/d", "XDG_CACHE_HOME": "/c", "HOME": "/h"}, "/d/kestractl/plugins", "/c/kestractl/plugins-v2.cache"},
		{map[string]string{"HOME": "/h"}, "/h/.local/share/kestractl/plugins", "/h/.cache/kestractl/plugins-v2.cache"},
		{map[string]string{}, "", ""},
	}
	for _, tt := range tests {
		if got := UserDir(envOf(tt.env)); got != tt.userDir {
			t.Errorf("UserDir(%v) = %q, want %q", tt.env, got, tt.userDir)
		}
		if got := CachePath(envOf(tt.env)); got != tt.caching {
			t.Errorf("CachePath(%v) = %q, want %q", tt.env, got, tt.caching)
		}
	}
}

func TestPluginName(t *testing.T) {
	tests := map[string]string{
		"kestractl-flows":      "flows",
		"kestractl-my-plugin2": "my-plugin2",
		"kestractl-hello.exe":  "hello",
		"kestractl":            "",
		"kestractl-":           "",
		"kestractl-Flows":      "",
		"kestractl-2fa":        "",
		"kestractl-a--b":       "",
		"kestractl-trailing-":  "",
		"kestractl-a.b":        "",
		"other-flows":          "",
	}
	for file, want := range tests {
		if got := pluginName(file); got != want {
			t.Errorf("pluginName(%q) = %q, want %q", file, got, want)
		}
	}
}
