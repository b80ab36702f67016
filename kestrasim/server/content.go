package server

import (
	"github.com/kestractl/kestractl/kestrasim/content/apps"
	"github.com/kestractl/kestractl/kestrasim/content/assets"
	"github.com/kestractl/kestractl/kestrasim/content/blueprints"
	"github.com/kestractl/kestractl/kestrasim/content/dashboards"
	"github.com/kestractl/kestractl/kestrasim/content/reusableinputs"
	"github.com/kestractl/kestractl/kestrasim/content/store"
	"github.com/kestractl/kestractl/kestrasim/content/testsuites"
	"github.com/kestractl/kestractl/kestrasim/executions"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/logs"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// contentRoutes builds the "content as code" areas: test suites, apps,
// dashboards, blueprints, assets and reusable inputs.
func (s *Server) contentRoutes(reg *namespaces.Registry, flowStore *flows.Store, execStore *executions.Store, logStore *logs.Store) ([]rest.Route, error) {
	now := s.opts.Now
	var routes []rest.Route
	suites := &testsuites.Handlers{
		Store:   store.New[*testsuites.TestSuite](store.Options{}, now),
		Results: testsuites.NewResults(),
		Runner:  &testsuites.Runner{Flows: flowStore, Executions: execStore, Now: now},
	}
	routes = append(routes, suites.Routes()...)
	dash := &dashboards.Handlers{
		Store:    store.New[*dashboards.Dashboard](store.Options{}, now),
		Settings: dashboards.NewSettings(),
		Sources:  dashboards.Sources{Executions: execStore, Logs: logStore, Flows: flowStore, Now: now},
		Tenants:  s.opts.Tenants,
		Now:      now,
	}
	routes = append(routes, dash.Routes()...)
	routes = append(routes, (&apps.Handlers{Store: store.New[*apps.App](store.Options{}, now), Executions: execStore, Logs: logStore}).Routes()...)
	routes = append(routes, (&assets.Handlers{
		Store: store.New[*assets.Asset](store.Options{}, now), Lineage: assets.NewLineage(), Executions: execStore, Flows: flowStore,
	}).Routes()...)
	community, err := blueprints.LoadCommunity()
	if err != nil {
		return nil, err
	}
	routes = append(routes, (&blueprints.Handlers{Community: community, Store: store.New[*blueprints.Blueprint](store.Options{}, now)}).Routes()...)
	routes = append(routes, (&reusableinputs.Handlers{Store: store.New[*reusableinputs.Set](store.Options{Revisions: true}, now), Namespaces: reg}).Routes()...)
	return routes, nil
}
