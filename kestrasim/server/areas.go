package server

import (
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// areas builds the stores and handlers of every API area and returns their
// routes.
func (s *Server) areas() ([]rest.Route, error) {
	reg := namespaces.NewRegistry(s.opts.Tenants, s.opts.Now)
	flowStore := flows.NewStore(reg, s.opts.Now)

	var routes []rest.Route
	routes = append(routes, (&flows.Handlers{Store: flowStore}).Routes()...)
	return routes, nil
}
