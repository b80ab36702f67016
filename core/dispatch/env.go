package dispatch

import (
	"strings"

	"github.com/kestractl/kestractl/core/settings"
)

// PluginEnv filters the environment handed to a plugin: the basics a
// program needs (paths, locale, proxies, CA files, XDG dirs) and
// non-secret KESTRACTL_* settings. Credentials never cross: no
// KESTRACTL_TOKEN, KESTRACTL_PASSWORD, KESTRACTL_USERNAME, nor any variable
// whose name looks like a secret.
func PluginEnv(environ []string, logLevel string) []string {
	keep := map[string]bool{
		"PATH": true, "HOME": true, "USER": true, "LOGNAME": true, "SHELL": true,
		"TMPDIR": true, "TMP": true, "TEMP": true, "TZ": true, "LANG": true, "LANGUAGE": true,
		"TERM": true, "NO_COLOR": true, "COLUMNS": true,
		"HTTP_PROXY": true, "HTTPS_PROXY": true, "NO_PROXY": true, "ALL_PROXY": true,
		"http_proxy": true, "https_proxy": true, "no_proxy": true, "all_proxy": true,
		"SSL_CERT_FILE": true, "SSL_CERT_DIR": true,
		"SYSTEMROOT": true, "USERPROFILE": true, "APPDATA": true, "LOCALAPPDATA": true,
		"GOCOVERDIR": true,
	}
	var out []string
	for _, kv := range environ {
		k, _, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		switch {
		case keep[k], strings.HasPrefix(k, "LC_"), strings.HasPrefix(k, "XDG_"):
			out = append(out, kv)
		case strings.HasPrefix(k, "KESTRACTL_") && !secretName(k) && k != "KESTRACTL_LOG" && !settings.IsCoreEnv(k):
			// A plugin's own settings (its flags' env tags); the core's
			// settings reach it resolved, in the invocation.
			out = append(out, kv)
		}
	}
	if logLevel != "" {
		out = append(out, "KESTRACTL_LOG="+logLevel)
	}
	return out
}

// secretName reports whether an environment variable name may hold a
// credential.
func secretName(k string) bool {
	u := strings.ToUpper(k)
	if u == "KESTRACTL_USERNAME" || u == "KESTRACTL_HEADER" || u == "KESTRACTL_HEADERS" {
		return true
	}
	for _, s := range []string{"TOKEN", "PASSWORD", "PASSWD", "SECRET", "CREDENTIAL", "APIKEY", "API_KEY", "AUTH"} {
		if strings.Contains(u, s) {
			return true
		}
	}
	return false
}
