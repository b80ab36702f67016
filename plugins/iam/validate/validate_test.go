package validate

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestName(t *testing.T) {
	good := []string{"ci-bot", "a", "x1", "deploy-token-2", strings.Repeat("a", 63)}
	for _, s := range good {
		if err := Name("name", s); err != nil {
			t.Errorf("Name(%q): %v", s, err)
		}
	}
	bad := map[string]string{
		"":                      "must not be empty",
		strings.Repeat("a", 64): "at most 63",
		"-ci":                   "start or end with a dash",
		"ci-":                   "start or end with a dash",
		"ci--bot":               `no "--"`,
		"CI Bot":                `lowercase letters, digits and dashes only (e.g. "ci-bot")`,
		"ci_bot":                `(e.g. "ci-bot")`,
		"é":                     "lowercase",
	}
	for s, msg := range bad {
		if err := Name("name", s); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("Name(%q) = %v, want %q", s, err, msg)
		}
	}
}

func TestEmail(t *testing.T) {
	for _, s := range []string{"alice@example.com", "a.b+c@d.io"} {
		if err := Email(s); err != nil {
			t.Errorf("Email(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "alice", "Alice <a@b.c>", "a@", " a@b.c"} {
		if err := Email(s); err == nil {
			t.Errorf("Email(%q) accepted", s)
		}
	}
}

func TestMaxAge(t *testing.T) {
	good := map[string]time.Duration{
		"P30D": 30 * 24 * time.Hour, "p1d": 24 * time.Hour, "PT12H": 12 * time.Hour, "P1DT6H": 30 * time.Hour,
		"PT90M": 90 * time.Minute, "PT1.5S": 1500 * time.Millisecond, "PT0,5S": 500 * time.Millisecond, "PT1H30M15S": 5415 * time.Second,
	}
	for s, want := range good {
		if got, err := MaxAge(s); err != nil || got != want {
			t.Errorf("MaxAge(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	bad := map[string]string{
		"30d": "must start with P", "P": "no amount", "PT": "nothing after T", "P1M": "count in days", "P1Y": "count in days",
		"P2W": "count in days", "P1.5D": "only seconds", "PT1.5H": "only seconds", "PT1S1M": "in that order",
		"P0D": "longer than zero", "PT0S": "longer than zero", "PTH": "expected a number", "P1": "missing unit",
		"-P1D": "must start with P", "PT1X": "unknown unit", "P99999999999999999999D": "too large", "P1D2D": "only days",
		"PT1.S": "bad fraction", "P106752D": "too long",
	}
	for s, msg := range bad {
		if _, err := MaxAge(s); err == nil || !strings.Contains(err.Error(), msg) || !strings.Contains(err.Error(), "P30D") {
			t.Errorf("MaxAge(%q) = %v, want %q", s, err, msg)
		}
	}
}

func TestSort(t *testing.T) {
	got, err := Sort([]string{"name:asc", "email:DESC,id", " "})
	if err != nil || !reflect.DeepEqual(got, []string{"name:asc", "email:desc", "id:asc"}) {
		t.Errorf("Sort = %v, %v", got, err)
	}
	for _, s := range []string{"name:up", ":asc", "na me", "a;b"} {
		if _, err := Sort([]string{s}); err == nil {
			t.Errorf("Sort(%q) accepted", s)
		}
	}
	if got, err := Sort(nil); err != nil || got != nil {
		t.Errorf("Sort(nil) = %v, %v", got, err)
	}
}
