package plugin

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
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
		{"duration=P99999999999999D,limit=1", Quota{}, "too long a duration"},
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
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || cmderr.CodeOf(err) != cmderr.Usage):
			t.Errorf("%q: error %v, want a usage error %q", tc.in, err, tc.err)
		}
	}
}

func TestQuotaWindow(t *testing.T) {
	for in, want := range map[string]time.Duration{"PT1M": time.Minute, "pt60m": time.Hour, "P1D": 24 * time.Hour, "P1DT1H": 25 * time.Hour, "PT90.5S": 90500 * time.Millisecond} {
		if norm, d, err := QuotaWindow(in); err != nil || d != want || norm != strings.ToUpper(in) {
			t.Errorf("%s: %s %v %v, want %v", in, norm, d, err, want)
		}
	}
	if (Quota{Duration: "PT60M"}).Window() != (Quota{Duration: "PT1H"}).Window() {
		t.Error("PT60M and PT1H are not the same window")
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
		if q.Limit < 1 || (q.Behavior != "FAIL" && q.Behavior != "CANCEL") || q.Window() < MinQuotaWindow {
			t.Fatalf("%q gave %+v", s, q)
		}
		if d, w, err := QuotaWindow(q.Duration); err != nil || d != q.Duration || w != q.Window() {
			t.Fatalf("%q: duration %q does not read back: %v", s, q.Duration, err)
		}
	})
}

func intp(n int) *int { return &n }

func TestLimitsApply(t *testing.T) {
	current := `{"id":"x","concurrency":{"limit":5,"behavior":"CANCEL"},"quotas":[{"duration":"PT1H","limit":10,"behavior":"FAIL"},{"duration":"P1D","limit":100,"behavior":"FAIL"}]}`
	for _, tc := range []struct {
		name string
		f    LimitFlags
		r    LimitRemovalFlags
		doc  string
		want string
		code cmderr.Code
		err  string
	}{
		{name: "nothing", doc: current, want: current},
		{name: "a new limit, QUEUE by default", f: LimitFlags{ConcurrencyLimit: intp(3)}, doc: `{"id":"x"}`,
			want: `{"id":"x","concurrency":{"limit":3,"behavior":"QUEUE"}}`},
		{name: "a behavior changes the current limit's", f: LimitFlags{ConcurrencyBehavior: "fail"}, doc: current,
			want: `{"id":"x","concurrency":{"limit":5,"behavior":"FAIL"},"quotas":[{"duration":"PT1H","limit":10,"behavior":"FAIL"},{"duration":"P1D","limit":100,"behavior":"FAIL"}]}`},
		{name: "a quota replaces the one of its window, removals", f: LimitFlags{Quota: []string{"duration=PT60M,limit=20,behavior=cancel", "duration=PT5M,limit=1"}},
			r: LimitRemovalFlags{RemoveQuota: []string{"p1d"}, NoConcurrencyLimit: true}, doc: current,
			want: `{"id":"x","quotas":[{"duration":"PT60M","limit":20,"behavior":"CANCEL"},{"duration":"PT5M","limit":1,"behavior":"FAIL"}]}`},
		{name: "the last quota removed", r: LimitRemovalFlags{RemoveQuota: []string{"PT1H", "P1D"}}, doc: current,
			want: `{"id":"x","concurrency":{"limit":5,"behavior":"CANCEL"}}`},
		{name: "a behavior without a limit", f: LimitFlags{ConcurrencyBehavior: "QUEUE"}, doc: `{}`, code: cmderr.Usage, err: "needs a limit"},
		{name: "a missing quota", r: LimitRemovalFlags{RemoveQuota: []string{"PT2H"}}, doc: current, code: cmderr.NotFound, err: "the tenant has no quota of duration PT2H to remove"},
		{name: "limit 0", f: LimitFlags{ConcurrencyLimit: intp(0)}, doc: current, code: cmderr.Usage, err: "at least 1"},
		{name: "unknown behavior", f: LimitFlags{ConcurrencyBehavior: "WAIT", ConcurrencyLimit: intp(1)}, doc: current, code: cmderr.Usage, err: "QUEUE, CANCEL or FAIL"},
		{name: "remove and set", f: LimitFlags{ConcurrencyLimit: intp(2)}, r: LimitRemovalFlags{NoConcurrencyLimit: true}, doc: current, code: cmderr.Usage, err: "--no-concurrency-limit removes the limit"},
		{name: "two quotas of one window", f: LimitFlags{Quota: []string{"duration=PT1H,limit=1", "duration=PT60M,limit=2"}}, doc: current, code: cmderr.Usage, err: "two --quota values"},
		{name: "a bad removal", r: LimitRemovalFlags{RemoveQuota: []string{"1h"}}, doc: current, code: cmderr.Usage, err: "invalid --remove-quota"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := DecodeDocument(json.RawMessage(tc.doc), "tenant")
			if err != nil {
				t.Fatal(err)
			}
			l, err := tc.f.Parse(tc.r)
			if err == nil {
				if empty := tc.f.ConcurrencyLimit == nil && tc.f.ConcurrencyBehavior == "" && tc.f.Quota == nil && !tc.r.NoConcurrencyLimit && tc.r.RemoveQuota == nil; l.Empty() != empty {
					t.Fatalf("Empty() = %v", l.Empty())
				}
				err = l.Apply(doc, "tenant")
			}
			if tc.err != "" {
				if cmderr.CodeOf(err) != tc.code || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %v %q", err, tc.code, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got, want any
			b, _ := json.Marshal(doc)
			_ = json.Unmarshal(b, &got)
			_ = json.Unmarshal([]byte(tc.want), &want)
			if !sameJSON(got, want) {
				t.Fatalf("document %s, want %s", b, tc.want)
			}
		})
	}
}

func TestChangesOfLimits(t *testing.T) {
	before, _ := DecodeDocument(json.RawMessage(`{"id":"x","n":1,"concurrency":{"limit":5,"behavior":"QUEUE"},"quotas":[{"duration":"PT1H","limit":10,"behavior":"FAIL"},{"duration":"P1D","limit":100,"behavior":"FAIL"}],"gone":true}`), "x")
	after, _ := DecodeDocument(json.RawMessage(`{"id":"x","n":1.0,"quotas":[{"duration":"PT60M","limit":10,"behavior":"FAIL"},{"duration":"PT5M","limit":1,"behavior":"CANCEL"}],"new":"v"}`), "x")
	keys := ChangedKeys(before, after)
	if strings.Join(keys, ",") != "concurrency,gone,new,quotas" {
		t.Fatalf("changed keys %v", keys)
	}
	var words []string
	for _, k := range keys {
		if w, ok := LimitChanges(k, before[k], after[k]); ok {
			words = append(words, w...)
		}
	}
	if got := strings.Join(words, "; "); got != "concurrency limit removed; quota PT60M: 10, FAIL; quota PT5M: 1, CANCEL; quota P1D removed" {
		t.Fatalf("changes %q", got)
	}
	if w, ok := LimitChanges("concurrency", nil, map[string]any{"limit": 3, "behavior": "FAIL"}); !ok || w[0] != "concurrency limit 3 (FAIL)" {
		t.Fatalf("a new limit: %v", w)
	}
	if _, ok := LimitChanges("name", "a", "b"); ok {
		t.Fatal("name is a limit")
	}
	if _, err := DecodeDocument(json.RawMessage(`[1]`), "tenant"); err == nil || !strings.Contains(err.Error(), "cannot read the server's tenant") {
		t.Fatalf("not an object: %v", err)
	}
}
