package server

import (
	"path/filepath"
	"time"

	"github.com/kestractl/kestractl/kestrasim/catalog"
	"github.com/kestractl/kestractl/kestrasim/executions"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/iam"
	"github.com/kestractl/kestractl/kestrasim/kv"
	"github.com/kestractl/kestractl/kestrasim/logs"
	"github.com/kestractl/kestractl/kestrasim/maven"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/nsfiles"
	"github.com/kestractl/kestractl/kestrasim/rest"
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

	var routes []rest.Route
	if s.ee() {
		iamStore := iam.NewStore(s.opts.Tenants, s.opts.Now)
		s.authn.rootID = iamStore.SeedRoot(s.opts.BasicUser)
		s.authn.store = iamStore
		s.authz = iamStore
		routes = append(routes, (&iam.Handlers{Store: iamStore}).Routes()...)
	}
	routes = append(routes, (&namespaces.Handlers{Registry: reg}).Routes()...)
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
	return routes, nil
}
