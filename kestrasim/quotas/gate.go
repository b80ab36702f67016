// Package quotas applies Kestra Enterprise's execution quotas (of flows,
// namespaces and tenants) when executions start.
package quotas

import (
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/limits"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
)

// Source gives the quotas that apply at each level.
type Source interface {
	// TenantQuotas are the quotas of a tenant.
	TenantQuotas(tenant string) []limits.Quota
	// NamespaceQuotas are the quotas of one namespace (not its parents).
	NamespaceQuotas(tenant, namespace string) []limits.Quota
}

// Gate applies execution quotas when an execution starts, as Kestra's
// executor does before any task runs (processQuotas in
// ExecutionEventMessageHandler; see QuotaGateTest in kestra-io/kestra): an
// execution over a quota ends FAILED (behaviour FAIL) or CANCELLED
// (behaviour CANCEL) without task runs. The API that created it answered
// 200 with the execution, as it does for any execution.
//
// Quotas are checked from the narrowest scope to the widest — the flow, its
// namespace, the parent namespaces, the tenant — and the first exceeded one
// decides. Windows are fixed and UTC-aligned (a PT1H quota counts per clock
// hour), and only admitted executions count.
type Gate struct {
	Source Source

	mu     sync.Mutex
	counts map[counter]int64
}

type counter struct {
	scope  string // "t/<tenant>", "n/<tenant>/<ns>" or "f/<tenant>/<ns>/<flow>"
	window time.Duration
	start  int64 // window start, Unix seconds
}

type scoped struct {
	scope  string
	quotas []limits.Quota
}

// Admit implements executions.Admission: it counts an execution of flow
// at time at and returns the state it must end in: "" to run it, FAILED or
// CANCELLED when a quota is exceeded (the execution then does not count).
func (g *Gate) Admit(tenant string, flow *flows.Definition, at time.Time) string {
	return g.admit(tenant, flow.Namespace, flow.ID, FlowQuotas(flow), at)
}

// FlowQuotas reads the quotas property of a flow source.
func FlowQuotas(flow *flows.Definition) []limits.Quota {
	list, _ := flow.Doc["quotas"].([]any)
	var out []limits.Quota
	for _, item := range list {
		m, _ := item.(map[string]any)
		q := limits.Quota{}
		q.Duration, _ = m["duration"].(string)
		q.Behavior, _ = m["behavior"].(string)
		switch n := m["limit"].(type) {
		case int:
			q.Limit = int64(n)
		case int64:
			q.Limit = n
		case float64:
			q.Limit = int64(n)
		}
		if q.Duration != "" && q.Limit > 0 {
			out = append(out, q)
		}
	}
	return out
}

func (g *Gate) admit(tenant, namespace, flow string, flowQuotas []limits.Quota, at time.Time) string {
	levels := []scoped{{"f/" + tenant + "/" + namespace + "/" + flow, flowQuotas}}
	parents := namespaces.Parents(namespace)
	for i := len(parents) - 1; i >= 0; i-- {
		levels = append(levels, scoped{"n/" + tenant + "/" + parents[i], g.Source.NamespaceQuotas(tenant, parents[i])})
	}
	levels = append(levels, scoped{"t/" + tenant, g.Source.TenantQuotas(tenant)})

	g.mu.Lock()
	defer g.mu.Unlock()
	if g.counts == nil {
		g.counts = map[counter]int64{}
	}
	var hits []counter
	for _, l := range levels {
		for _, q := range l.quotas {
			w := q.Window()
			if w <= 0 {
				continue
			}
			c := counter{scope: l.scope, window: w, start: at.UTC().Truncate(w).Unix()}
			if g.counts[c] >= q.Limit {
				if q.Behavior == limits.Cancel {
					return "CANCELLED"
				}
				return "FAILED"
			}
			hits = append(hits, c)
		}
	}
	for _, c := range hits {
		g.counts[c]++
	}
	return ""
}

// Forget drops the counters of a deleted tenant.
func (g *Gate) Forget(tenant string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for c := range g.counts {
		if scopeTenant(c.scope) == tenant {
			delete(g.counts, c)
		}
	}
}

func scopeTenant(scope string) string {
	rest := scope[2:]
	for i := 0; i < len(rest); i++ {
		if rest[i] == '/' {
			return rest[:i]
		}
	}
	return rest
}
