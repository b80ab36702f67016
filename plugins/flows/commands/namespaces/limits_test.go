package namespaces

import (
	"strings"
	"testing"
	"time"
)

func TestParseQuota(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Quota
		err  string
	}{
		{"duration=PT1H,limit=100,behavior=FAIL", Quota{"PT1H", 100, "FAIL"}, ""},
		{"limit=5, duration=p1d , behavior=cancel", Quota{"P1D", 5, "CANCEL"}, ""},
		{"duration=PT30M,limit=1", Quota{"PT30M", 1, "FAIL"}, ""},
		{"Duration=P1DT12H,Limit=3,Behaviour=Fail", Quota{"P1DT12H", 3, "FAIL"}, ""},
		{"duration=PT59S,limit=1", Quota{}, "shorter than one minute"},
		{"duration=P1W,limit=1", Quota{}, "not an ISO-8601 duration"},
		{"duration=1h,limit=1", Quota{}, "not an ISO-8601 duration"},
		{"duration=PT,limit=1", Quota{}, "not an ISO-8601 duration"},
		{"duration=PT1H,limit=0", Quota{}, "at least 1"},
		{"duration=PT1H,limit=x", Quota{}, "whole number"},
		{"duration=PT1H,limit=1,behavior=QUEUE", Quota{}, "FAIL or CANCEL"},
		{"duration=PT1H", Quota{}, "limit is missing"},
		{"limit=3", Quota{}, "duration is missing"},
		{"duration=PT1H,limit=1,limit=2", Quota{}, "given twice"},
		{"duration=PT1H,limit=1,size=2", Quota{}, "unknown key"},
		{"PT1H", Quota{}, "not KEY=VALUE"},
	} {
		q, err := ParseQuota(tc.in)
		switch {
		case tc.err == "" && (err != nil || q != tc.want):
			t.Errorf("%q: %+v %v, want %+v", tc.in, q, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
		}
	}
}

func TestParseWindow(t *testing.T) {
	for in, want := range map[string]time.Duration{"PT1M": time.Minute, "PT60M": time.Hour, "P1D": 24 * time.Hour, "P1DT1H": 25 * time.Hour, "PT90.5S": 90500 * time.Millisecond} {
		if _, d, err := parseWindow(in); err != nil || d != want {
			t.Errorf("%s: %v %v, want %v", in, d, err, want)
		}
	}
}

// FuzzParseQuota: any input is either refused with an error or gives a
// quota Kestra accepts (a window of at least a minute, a positive limit,
// FAIL or CANCEL), and reading its duration back gives the same window.
func FuzzParseQuota(f *testing.F) {
	for _, s := range []string{"duration=PT1H,limit=100,behavior=FAIL", "duration=P1D,limit=1", "limit=2,duration=PT1M,behavior=cancel", "duration=PT1.5S", "=,=", "duration=P99999999999999D,limit=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuota(s)
		if err != nil {
			return
		}
		if q.Limit < 1 || (q.Behavior != "FAIL" && q.Behavior != "CANCEL") || q.window() < minQuotaWindow {
			t.Fatalf("%q gave %+v", s, q)
		}
		if d, w, err := parseWindow(q.Duration); err != nil || d != q.Duration || w != q.window() {
			t.Fatalf("%q: duration %q does not read back: %v", s, q.Duration, err)
		}
	})
}
