package commands

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

func TestIsNegativeNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"-5": true, "-1.5e3": true, "-.5": true, "-0": true, "-12.": true, "-1E-3": true,
		"-": false, "--": false, "-x": false, "-5x": false, "-e5": false, "-Inf": false, "-NaN": false,
		"5": false, "--5": false, "-.": false, "-1.5e": false, "--ttl": false,
	} {
		if got := isNegativeNumber(s); got != want {
			t.Errorf("isNegativeNumber(%q) = %v", s, got)
		}
	}
}

// TestNegativeValues (issue 20 #28): a negative number is a value without
// "--", wherever the flags are; flags are still flags and any other word
// starting with "-" is still refused as an unknown flag.
func TestNegativeValues(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		argv      []string
		wantValue string // JSON
		wantTTL   string
	}{
		{[]string{"kv", "set", "company.team", "NUMBER", "n1", "-5"}, `-5`, ""},
		{[]string{"kv", "set", "company.team", "NUMBER", "n2", "-1.5e3", "--ttl", "PT1H"}, `-1.5e3`, "PT1H"},
		{[]string{"kv", "set", "company.team", "NUMBER", "n3", "--ttl", "PT1H", "-0.25"}, `-0.25`, "PT1H"},
		{[]string{"kv", "set", "company.team", "STRING", "s0", "-.5"}, `"-.5"`, ""},
		{[]string{"kv", "set", "--description", "offset", "company.team", "NUMBER", "n4", "--ttl=P1D", "-7"}, `-7`, "P1D"},
		{[]string{"kv", "set", "company.team", "STRING", "s1", "-42"}, `"-42"`, ""},
		{[]string{"kv", "update", "company.team", "NUMBER", "n1", "-6"}, `-6`, ""},
		{[]string{"kv", "set", "company.team", "STRING", "s2", "--", "-x"}, `"-x"`, ""},
		{[]string{"kv", "set", "company.team", "NUMBER", "n5", "--", "-9"}, `-9`, ""},
	} {
		r := e.ok(tc.argv...)
		m := object(t, r)
		b, err := json.Marshal(m["value"])
		if got := string(b); err != nil || got != tc.wantValue || m["ttl"] != tc.wantTTL && tc.wantTTL != "" {
			t.Errorf("%v: value %s ttl %v, want %s %s", tc.argv, b, m["ttl"], tc.wantValue, tc.wantTTL)
		}
	}
	for _, tc := range []struct {
		argv []string
		want string
	}{
		{[]string{"kv", "set", "company.team", "STRING", "s3", "-x"}, "unknown flag -x"},
		{[]string{"kv", "set", "company.team", "NUMBER", "n6", "-5x"}, "unknown flag -5"},
		{[]string{"kv", "set", "company.team", "NUMBER", "n7", "-5", "-6"}, "unknown flag -6"},
		{[]string{"kv", "set", "company.team", "NUMBER", "n8", "-5", "--nope"}, "unknown flag --nope"},
	} {
		r := e.run(e.opts(), nil, tc.argv...)
		if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), tc.want) {
			t.Errorf("%v: %v %v, want usage error %q", tc.argv, r.Code(), r.Err, tc.want)
		}
	}
}
