package faults

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	spec, err := Parse("rate=0.1,codes=500+503+429,retry-after=1,latency=20ms,drop=0.02,paths=/api/v1/")
	if err != nil {
		t.Fatal(err)
	}
	want := &Spec{Rate: 0.1, Codes: []int{500, 503, 429}, RetryAfter: 1, Latency: 20 * time.Millisecond, Drop: 0.02, Paths: []string{"/api/v1/"}}
	if !reflect.DeepEqual(spec, want) {
		t.Fatalf("got %+v", spec)
	}
	spec, err = Parse("drop=0.5,methods=post+PUT,seed=7,paths=/a+/b")
	if err != nil {
		t.Fatal(err)
	}
	if spec.Codes[0] != 503 || spec.RetryAfter != 1 || len(spec.Methods) != 2 || spec.Seed != 7 || len(spec.Paths) != 2 {
		t.Errorf("defaults %+v", spec)
	}
	if !spec.Matches("POST", "/a/x") || spec.Matches("GET", "/a/x") || spec.Matches("POST", "/c") {
		t.Error("Matches")
	}
	for _, bad := range []string{
		"", "rate", "rate=", "rate=2", "rate=-0.1", "rate=x", "codes=200", "codes=abc", "latency=fast",
		"latency=-1s", "retry-after=-1", "paths=api", "unknown=1", "rate=0.6,drop=0.6", "rate=0.1,rate=0.2",
		"methods=FETCH", "rate=NaN",
	} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"rate=0.1,codes=500+503+429,retry-after=1,latency=20ms,drop=0.02,paths=/api/v1/",
		"drop=1,methods=POST,seed=3", "rate=0.5,codes=429", "latency=1h", "paths=/+/x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spec, err := Parse(s)
		if err != nil {
			return
		}
		if spec.Rate < 0 || spec.Drop < 0 || spec.Rate+spec.Drop > 1 || len(spec.Codes) == 0 || len(spec.Paths) == 0 {
			t.Fatalf("%q parsed to an invalid spec %+v", s, spec)
		}
		for _, p := range spec.Paths {
			if !strings.HasPrefix(p, "/") {
				t.Fatalf("path %q", p)
			}
		}
		again, err := Parse(spec.String())
		if err != nil || !reflect.DeepEqual(again, spec) {
			t.Fatalf("round trip of %q: %q -> %+v, %v", s, spec.String(), again, err)
		}
	})
}
