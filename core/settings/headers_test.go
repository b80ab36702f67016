package settings

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/core/config"
)

func TestEnvHeaders(t *testing.T) {
	env := map[string]string{EnvHeader: "X-Team:data, X-Env:prod", EnvHost: "http://h"}
	s, err := Resolve(Input{Env: func(k string) string { return env[k] },
		Context: &config.Context{Headers: []string{"X-Team:ctx", "X-Ctx:1"}}, Flags: Flags{Headers: []string{"X-Env:flag"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, h := range s.Headers {
		got[h.Name] = h.Value
	}
	// context < environment < flag, by header name.
	if got["X-Team"] != "data" || got["X-Env"] != "flag" || got["X-Ctx"] != "1" {
		t.Fatalf("headers %v", got)
	}
	for in, want := range map[string][]string{
		"":                       nil,
		"A:1":                    {"A:1"},
		"A:1,B:2":                {"A:1", "B:2"},
		"Accept:a, b\nX-Key:k\n": {"Accept:a, b", "X-Key:k"},
	} {
		if got := splitEnvHeaders(in); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
	env[EnvHeader] = "no-colon"
	if _, err := Resolve(Input{Env: func(k string) string { return env[k] }}); err == nil || !strings.Contains(err.Error(), EnvHeader) {
		t.Errorf("bad env header: %v", err)
	}
}
