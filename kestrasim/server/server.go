// Package server assembles the simulator: it authenticates requests, checks
// tenants and RBAC, routes to the areas (flows, executions, namespaces, ...)
// and answers unknown routes with Kestra-shaped JSON errors.
package server

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/faults"
	"github.com/kestractl/kestractl/kestrasim/rest"
	"github.com/kestractl/kestractl/kestrasim/tenants"
)

// Options configure a simulator instance.
type Options struct {
	// Edition is "ee" (default) or "oss".
	Edition string
	// BasicUser/BasicPass are the super-admin basic-auth credentials.
	BasicUser, BasicPass string
	// Token, when set, is a super-admin bearer token.
	Token string
	// Tenants served (default: main).
	Tenants []string
	// DataDir stores namespace files; empty means a temporary directory
	// removed by Close.
	DataDir string
	// JarSize is the size of every JAR of the Maven repository.
	JarSize int64
	// Corrupt are coordinates whose JAR checksum files are wrong.
	Corrupt map[string]bool
	// Faults, when non-nil, injects failures.
	Faults *faults.Spec
	// Now is the clock (tests inject one); default time.Now.
	Now func() time.Time
	// RouteMiddleware, when set, wraps every route handler (the contract
	// tests validate responses with it).
	RouteMiddleware func(rest.Route, http.Handler) http.Handler
}

// DefaultJarSize is the JAR size when none is configured.
const DefaultJarSize = 1 << 20

// Server is one simulator instance.
type Server struct {
	opts    Options
	uuid    string
	routes  []rest.Route
	handler http.Handler
	authn   *authenticator
	authz   auth.Authorizer
	tenants *tenants.Store
	ctx     context.Context
	cancel  context.CancelFunc
	closers []func() error
}

// New builds a simulator.
func New(opts Options) (*Server, error) {
	if opts.Edition == "" {
		opts.Edition = "ee"
	}
	if opts.Edition != "ee" && opts.Edition != "oss" {
		return nil, fmt.Errorf("unknown edition %q (want ee or oss)", opts.Edition)
	}
	if len(opts.Tenants) == 0 {
		opts.Tenants = []string{"main"}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.JarSize <= 0 {
		opts.JarSize = DefaultJarSize
	}
	s := &Server{opts: opts, uuid: rand.Text()}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	if opts.DataDir == "" {
		dir, err := os.MkdirTemp("", "kestrasim-")
		if err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
		s.opts.DataDir = dir
		s.closers = append(s.closers, func() error { return os.RemoveAll(dir) })
	} else if err := os.MkdirAll(opts.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	s.authn = &authenticator{basicUser: opts.BasicUser, basicPass: opts.BasicPass, token: opts.Token}
	s.authz = auth.AllowAll{}
	if err := s.assemble(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Server) ee() bool { return s.opts.Edition == "ee" }

// Routes lists every route this instance serves.
func (s *Server) Routes() []rest.Route { return slices.Clone(s.routes) }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Close stops background work (running executions, open streams) and
// removes a temporary data directory.
func (s *Server) Close() error {
	s.cancel()
	var first error
	for i := len(s.closers) - 1; i >= 0; i-- {
		if err := s.closers[i](); err != nil && first == nil {
			first = err
		}
	}
	s.closers = nil
	return first
}

// assemble registers the routes of every area and builds the handler chain.
func (s *Server) assemble() error {
	routes := s.configRoutes()
	areas, err := s.areas()
	if err != nil {
		return err
	}
	routes = append(routes, areas...)
	instance := http.NewServeMux()
	tenant := http.NewServeMux()
	overlaps := http.NewServeMux()
	outside := http.NewServeMux()
	for _, rt := range routes {
		if rt.EEOnly && !s.ee() {
			continue
		}
		s.routes = append(s.routes, rt)
		h := s.guard(rt)
		if s.opts.RouteMiddleware != nil {
			h = s.opts.RouteMiddleware(rt, h)
		}
		switch {
		case rt.Outside:
			outside.Handle(rt.Pattern(), h)
		case rt.Overlaps:
			overlaps.Handle(rt.Pattern(), h)
		case rt.Tenant():
			tenant.Handle(rt.Pattern(), h)
		default:
			instance.Handle(rt.Pattern(), h)
		}
	}
	notFound := rest.Serve(func(http.ResponseWriter, *http.Request) error {
		return rest.NotFound("Page Not Found")
	})
	for _, m := range []*http.ServeMux{instance, tenant, overlaps, outside} {
		m.Handle("/", notFound)
	}
	var h http.Handler = &dispatcher{instance: instance, tenant: tenant, overlaps: overlaps, outside: outside}
	if s.opts.Faults != nil {
		h = faults.Middleware(s.opts.Faults, h)
	}
	s.handler = h
	return nil
}

// instanceSegments are the first path segments after /api/v1/ that are
// instance-level routes rather than tenant ids.
var instanceSegments = []string{"configs", "users", "service-accounts", "me", "tenants", "instance", "plugins", "license-info"}

type dispatcher struct {
	instance, outside http.Handler
	// tenant serves the tenant routes; overlaps those of them that overlap
	// another route (rest.Route.Overlaps), when tenant has no route.
	tenant, overlaps *http.ServeMux
}

func (d *dispatcher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tail, ok := strings.CutPrefix(r.URL.Path, "/api/v1/")
	if !ok {
		d.outside.ServeHTTP(w, r)
		return
	}
	first, _, _ := strings.Cut(tail, "/")
	if slices.Contains(instanceSegments, first) {
		d.instance.ServeHTTP(w, r)
		return
	}
	if _, pattern := d.tenant.Handler(r); pattern == "/" {
		if _, p := d.overlaps.Handler(r); p != "/" {
			d.overlaps.ServeHTTP(w, r)
			return
		}
	}
	d.tenant.ServeHTTP(w, r)
}
