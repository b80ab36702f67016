package server

import (
	"path/filepath"

	"github.com/kestractl/kestractl/kestrasim/executions"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// areas builds the stores and handlers of every API area and returns their
// routes.
func (s *Server) areas() ([]rest.Route, error) {
	reg := namespaces.NewRegistry(s.opts.Tenants, s.opts.Now)
	flowStore := flows.NewStore(reg, s.opts.Now)

	execStore := executions.NewStore(s.ctx, s.opts.Now)
	s.closers = append(s.closers, func() error { s.cancel(); execStore.Wait(); return nil })

	var routes []rest.Route
	routes = append(routes, (&flows.Handlers{Store: flowStore}).Routes()...)
	routes = append(routes, (&executions.Handlers{Store: execStore, Flows: flowStore, Dir: filepath.Join(s.opts.DataDir, "executions")}).Routes()...)
	return routes, nil
}
