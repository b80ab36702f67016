package dispatch

import (
	"strings"
	"testing"
)

func TestPluginEnvDropsSecrets(t *testing.T) {
	env := PluginEnv([]string{
		"PATH=/bin", "HOME=/h", "KESTRACTL_TOKEN=t", "KESTRACTL_PASSWORD=p", "KESTRACTL_USERNAME=u",
		"KESTRACTL_HOST=http://h", "KESTRACTL_MAVEN_PASSWORD=m", "AWS_SECRET_ACCESS_KEY=a", "GITHUB_TOKEN=g",
		"HTTPS_PROXY=http://proxy", "LC_ALL=C", "KESTRACTL_PLUGIN_PATH=/p", "RANDOM=1", "KESTRACTL_LOG=trace",
		"KESTRACTL_HEADER=Authorization:x", "NOEQUALS",
	}, "debug")
	got := strings.Join(env, " ")
	for _, bad := range []string{"KESTRACTL_TOKEN", "KESTRACTL_PASSWORD", "KESTRACTL_USERNAME", "MAVEN_PASSWORD", "AWS_SECRET",
		"GITHUB_TOKEN", "RANDOM", "KESTRACTL_LOG=trace", "KESTRACTL_HEADER", "NOEQUALS",
		// The core's settings reach plugins resolved, never raw (a host may
		// hold a password).
		"KESTRACTL_HOST"} {
		if strings.Contains(got, bad) {
			t.Errorf("plugin env holds %s: %s", bad, got)
		}
	}
	for _, good := range []string{"PATH=/bin", "HOME=/h", "HTTPS_PROXY=http://proxy", "LC_ALL=C", "KESTRACTL_PLUGIN_PATH=/p", "KESTRACTL_LOG=debug"} {
		if !strings.Contains(got, good) {
			t.Errorf("plugin env lacks %s: %s", good, got)
		}
	}
}

func TestPluginEnvWithoutLogLevel(t *testing.T) {
	env := PluginEnv([]string{"KESTRACTL_LOG=debug", "TERM=xterm"}, "")
	if strings.Join(env, " ") != "TERM=xterm" {
		t.Fatalf("env = %q", env)
	}
}
