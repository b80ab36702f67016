package quotas

import (
	"testing"
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/limits"
)

type source struct {
	tenant map[string][]limits.Quota
	ns     map[string][]limits.Quota
}

func (s source) TenantQuotas(t string) []limits.Quota        { return s.tenant[t] }
func (s source) NamespaceQuotas(t, ns string) []limits.Quota { return s.ns[t+"/"+ns] }

func q(d string, limit int64, behavior string) limits.Quota {
	return limits.Quota{Duration: d, Limit: limit, Behavior: behavior}
}

func TestGate(t *testing.T) {
	at := time.Date(2025, 1, 1, 10, 59, 0, 0, time.UTC)
	type step struct {
		ns    string
		flow  []limits.Quota
		at    time.Time
		state string
	}
	cases := []struct {
		name  string
		src   source
		steps []step
	}{
		{"no quota runs everything", source{}, []step{{"a", nil, at, ""}, {"a", nil, at, ""}}},
		{"tenant quota fails the next one", source{tenant: map[string][]limits.Quota{"main": {q("PT1H", 1, "FAIL")}}},
			[]step{{"a", nil, at, ""}, {"b.c", nil, at, "FAILED"}}},
		{"windows are clock-aligned", source{tenant: map[string][]limits.Quota{"main": {q("PT1H", 1, "FAIL")}}},
			[]step{{"a", nil, at, ""}, {"a", nil, at.Add(time.Minute), ""}, {"a", nil, at.Add(2 * time.Minute), "FAILED"}}},
		{"a refused execution does not count", source{tenant: map[string][]limits.Quota{"main": {q("PT1H", 2, "CANCEL")}},
			ns: map[string][]limits.Quota{"main/a": {q("PT1H", 1, "FAIL")}}},
			[]step{{"a.b", nil, at, ""}, {"a.b", nil, at, "FAILED"}, {"z", nil, at, ""}, {"z", nil, at, "CANCELLED"}}},
		{"a parent namespace limits its children", source{ns: map[string][]limits.Quota{"main/a": {q("P1D", 1, "CANCEL")}}},
			[]step{{"a.b", nil, at, ""}, {"a.c", nil, at, "CANCELLED"}, {"ab", nil, at, ""}}},
		{"the narrowest exceeded quota decides", source{tenant: map[string][]limits.Quota{"main": {q("PT1H", 1, "CANCEL")}}},
			[]step{{"a", []limits.Quota{q("PT1H", 1, "FAIL")}, at, ""}, {"a", []limits.Quota{q("PT1H", 1, "FAIL")}, at, "FAILED"}}},
		{"flow quotas count per flow", source{},
			[]step{{"a", []limits.Quota{q("PT10M", 1, "FAIL")}, at, ""}, {"a", []limits.Quota{q("PT10M", 1, "FAIL")}, at, "FAILED"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := &Gate{Source: c.src}
			for i, s := range c.steps {
				if got := g.admit("main", s.ns, "f", s.flow, s.at); got != s.state {
					t.Fatalf("step %d (%s): %q, want %q", i, s.ns, got, s.state)
				}
			}
			// other tenants have their own counters
			if got := g.admit("other", "a", "f", nil, at); got != "" {
				t.Errorf("tenant other: %q", got)
			}
		})
	}
}

func TestGateForget(t *testing.T) {
	at := time.Date(2025, 1, 1, 10, 0, 0, 0, time.UTC)
	g := &Gate{Source: source{tenant: map[string][]limits.Quota{"main": {q("PT1H", 1, "FAIL")}, "mainx": {q("PT1H", 1, "FAIL")}}}}
	g.admit("main", "a", "f", nil, at)
	g.admit("mainx", "a", "f", nil, at)
	g.Forget("main")
	if got := g.admit("main", "a", "f", nil, at); got != "" {
		t.Errorf("after Forget: %q", got)
	}
	if got := g.admit("mainx", "a", "f", nil, at); got != "FAILED" {
		t.Errorf("Forget dropped another tenant: %q", got)
	}
}

func TestFlowQuotas(t *testing.T) {
	def := &flows.Definition{ID: "f", Namespace: "a", Doc: map[string]any{"quotas": []any{
		map[string]any{"duration": "PT1H", "limit": 3, "behavior": "CANCEL"},
		map[string]any{"duration": "P1D", "limit": 10.0, "behavior": "FAIL"},
		map[string]any{"limit": 1},
	}}}
	got := FlowQuotas(def)
	if len(got) != 2 || got[0] != q("PT1H", 3, "CANCEL") || got[1] != q("P1D", 10, "FAIL") {
		t.Errorf("%+v", got)
	}
}
