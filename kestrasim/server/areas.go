package server

import (
	"path/filepath"
	"time"

	"github.com/kestractl/kestractl/kestrasim/catalog"
	"github.com/kestractl/kestractl/kestrasim/executions"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/iam"
	"github.com/kestractl/kestractl/kestrasim/kv"
	"github.com/kestractl/kestractl/kestrasim/license"
	"github.com/kestractl/kestractl/kestrasim/limits"
	"github.com/kestractl/kestractl/kestrasim/logs"
	"github.com/kestractl/kestractl/kestrasim/maven"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/nsfiles"
	"github.com/kestractl/kestractl/kestrasim/quotas"
	"github.com/kestractl/kestractl/kestrasim/rest"
	"github.com/kestractl/kestractl/kestrasim/secrets"
	"github.com/kestractl/kestractl/kestrasim/tenants"
	"github.com/kestractl/kestractl/kestrasim/triggers"
)

// schedulerTick is how often the triggers are evaluated.
const schedulerTick = 50 * time.Millisecond

// runningCounter counts the executions of a flow that have not ended.
func runningCounter(st *executions.Store) flows.RunningCounter {
	return func(tenant, ns, flowID string) int {
		n := 0
		for _, e := range st.All(tenant) {
			snap := e.Snapshot()
			if snap.Namespace == ns && snap.FlowID == flowID && !executions.Terminal(snap.State.Current) {
				n++
			}
		}
		return n
	}
}

// areas builds the stores and handlers of every API area and returns their
// routes.
func (s *Server) areas() ([]rest.Route, error) {
	s.tenants = tenants.NewStore(s.opts.Tenants, s.opts.Now)
	reg := namespaces.NewRegistry(s.opts.Tenants, s.opts.Now)
	flowStore := flows.NewStore(reg, s.opts.Now)

	logStore := logs.NewStore()
	execStore := executions.NewStore(executions.Config{
		Context: s.ctx, Now: s.opts.Now, Flows: flowStore, Logs: logStore,
		Dir: filepath.Join(s.opts.DataDir, "executions"),
	})
	s.closers = append(s.closers, func() error { s.cancel(); execStore.Wait(); return nil })

	fileStore, err := nsfiles.NewStore(filepath.Join(s.opts.DataDir, "nsfiles"), s.opts.Now, reg.Touch)
	if err != nil {
		return nil, err
	}
	kvStore := kv.NewStore(s.opts.Now, reg.Touch)
	secretStore := secrets.NewStore(s.opts.Now, reg.Touch)
	execStore.Hooks.Secrets = secretStore

	var routes []rest.Route
	if s.ee() {
		iamStore := iam.NewStore(s.tenants, s.opts.Now)
		s.authn.rootID = iamStore.SeedRoot(s.opts.BasicUser, s.opts.Tenants)
		s.authn.store = iamStore
		s.authz = iamStore
		gate := &quotas.Gate{Source: quotaSource{tenants: s.tenants, namespaces: reg}}
		execStore.Hooks.Admission = gate
		for _, drop := range []func(string){reg.DeleteTenant, kvStore.DeleteTenant, secretStore.DeleteTenant, iamStore.DeleteTenant, gate.Forget} {
			s.tenants.OnDelete(drop)
		}
		routes = append(routes, (&iam.Handlers{Store: iamStore}).Routes()...)
		routes = append(routes, (&tenants.Handlers{Store: s.tenants}).Routes()...)
		routes = append(routes, (&license.Handlers{Usage: usage{flowStore, execStore}, Started: s.opts.Now(),
			UUID: s.uuid, Version: Version, Now: s.opts.Now}).Routes()...)
	}
	routes = append(routes, (&namespaces.Handlers{Registry: reg, Flows: flowCounter{flowStore}}).Routes()...)
	routes = append(routes, (&secrets.Handlers{Store: secretStore, EE: s.ee(), ReadOnly: func(t string) bool {
		tn, _ := s.tenants.Get(t)
		return tn.SecretReadOnly
	}}).Routes()...)
	routes = append(routes, (&nsfiles.Handlers{Store: fileStore}).Routes()...)
	routes = append(routes, (&kv.Handlers{Store: kvStore, EE: s.ee()}).Routes()...)
	routes = append(routes, catalog.Routes()...)
	routes = append(routes, (&maven.Repository{JarSize: s.opts.JarSize, Corrupt: s.opts.Corrupt}).Routes()...)
	routes = append(routes, (&flows.Handlers{Store: flowStore, Running: runningCounter(execStore)}).Routes()...)

	trigStore := triggers.NewStore(flowStore, execStore, s.opts.Now)
	flowStore.OnChange(trigStore.Observe)
	schedulerDone := make(chan struct{})
	go func() { defer close(schedulerDone); trigStore.Run(s.ctx, schedulerTick) }()
	s.closers = append(s.closers, func() error { s.cancel(); <-schedulerDone; return nil })
	routes = append(routes, (&triggers.Handlers{Store: trigStore}).Routes()...)
	routes = append(routes, (&executions.Handlers{Store: execStore}).Routes()...)
	routes = append(routes, (&logs.Handlers{Store: logStore, Executions: execStore, Now: s.opts.Now, Done: s.ctx.Done()}).Routes()...)
	content, err := s.contentRoutes(reg, flowStore, execStore, logStore)
	if err != nil {
		return nil, err
	}
	return append(routes, content...), nil
}

// quotaSource gives the quota gate the quotas of tenants and namespaces.
type quotaSource struct {
	tenants    *tenants.Store
	namespaces *namespaces.Registry
}

func (q quotaSource) TenantQuotas(tenant string) []limits.Quota {
	return q.tenants.TenantQuotas(tenant)
}

func (q quotaSource) NamespaceQuotas(tenant, ns string) []limits.Quota {
	return q.namespaces.NamespaceQuotas(tenant, ns)
}

// flowCounter counts the flows a namespace holds, for namespace deletion.
type flowCounter struct{ flows *flows.Store }

func (c flowCounter) CountFlows(tenant, ns string) int {
	return len(c.flows.Latest(tenant, func(r *flows.Revision) bool { return namespaces.IsWithin(r.Def.Namespace, ns) }))
}

// usage counts flows and executions for the usage reports.
type usage struct {
	flows      *flows.Store
	executions *executions.Store
}

func (u usage) Flows(tenant string) (int, int) {
	all := u.flows.Latest(tenant, nil)
	seen := map[string]bool{}
	for _, r := range all {
		seen[r.Def.Namespace] = true
	}
	return len(all), len(seen)
}

func (u usage) Executions(tenant string) []license.Execution {
	var out []license.Execution
	for _, e := range u.executions.All(tenant) {
		st := e.Snapshot().State
		out = append(out, license.Execution{Start: st.StartDate, State: st.Current})
	}
	return out
}
