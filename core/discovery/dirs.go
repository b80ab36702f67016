// Package discovery finds kestractl plugins and keeps a manifest cache, so
// that help, completion and dispatch need no plugin process once a plugin
// was described.
//
// Search order (first match wins): $KESTRACTL_PLUGIN_PATH (a list of
// directories), the user plugin directory ($XDG_DATA_HOME/kestractl/plugins),
// the bundled directory next to the kestractl executable, then
// kestractl-<name> on $PATH.
package discovery

import (
	"os"
	"path/filepath"
	"strings"
)

// Sources, highest precedence first.
const (
	SourceEnv     = "KESTRACTL_PLUGIN_PATH"
	SourceUser    = "user"
	SourceBundled = "bundled"
	SourcePath    = "PATH"
)

// Prefix starts every plugin binary name.
const Prefix = "kestractl-"

// Dir is one directory to search.
type Dir struct {
	Path   string `json:"path"`
	Source string `json:"source"`
}

// Dirs returns the directories to search, in precedence order, without
// duplicates. exe is the resolved path of the kestractl executable.
func Dirs(env func(string) string, exe string) []Dir {
	var dirs []Dir
	seen := map[string]bool{}
	add := func(p, src string) {
		if p == "" {
			return
		}
		p = filepath.Clean(p)
		if seen[p] {
			return
		}
		seen[p] = true
		dirs = append(dirs, Dir{Path: p, Source: src})
	}
	for _, p := range filepath.SplitList(env("KESTRACTL_PLUGIN_PATH")) {
		add(p, SourceEnv)
	}
	add(UserDir(env), SourceUser)
	if exe != "" {
		add(filepath.Dir(exe), SourceBundled)
	}
	for _, p := range filepath.SplitList(env("PATH")) {
		if p != "" && filepath.IsAbs(p) {
			add(p, SourcePath)
		}
	}
	return dirs
}

// UserDir is $XDG_DATA_HOME/kestractl/plugins (~/.local/share/... by default).
func UserDir(env func(string) string) string {
	if d := env("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "kestractl", "plugins")
	}
	if h := env("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "kestractl", "plugins")
	}
	return ""
}

// CachePath is $XDG_CACHE_HOME/kestractl/plugins-v2.cache.
func CachePath(env func(string) string) string {
	if d := env("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "kestractl", "plugins-v2.cache")
	}
	if h := env("HOME"); h != "" {
		return filepath.Join(h, ".cache", "kestractl", "plugins-v2.cache")
	}
	return ""
}

// Executable returns the resolved path of the running binary.
func Executable() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		return r
	}
	return exe
}

// pluginName returns the plugin name of a file name, or "".
func pluginName(file string) string {
	if !strings.HasPrefix(file, Prefix) {
		return ""
	}
	name := strings.TrimPrefix(file, Prefix)
	name = strings.TrimSuffix(name, ".exe")
	if !validName(name) {
		return ""
	}
	return name
}

func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
