package server

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/kestractl/kestractl/kestrasim/contracttest"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// contentPaths are the path prefixes of the content areas, whose accepted
// requests the contract tests validate as well as their responses.
var contentPaths = []string{
	"/api/v1/{tenant}/tests", "/api/v1/{tenant}/apps", "/api/v1/{tenant}/dashboards",
	"/api/v1/{tenant}/blueprints", "/api/v1/{tenant}/assets", "/api/v1/{tenant}/reusable-inputs",
	"/api/v1/{tenant}/namespaces/{namespace}/reusable-inputs", "/api/v1/tenants/{id}/settings/default-dashboards",
}

// contentRoute reports whether rt is a route of a content area.
func contentRoute(rt rest.Route) bool {
	for _, p := range contentPaths {
		if rt.Path == p || strings.HasPrefix(rt.Path, p+"/") {
			return true
		}
	}
	return false
}

// routeCoverage counts, over the whole test binary, the responses and the
// accepted requests the contract validators checked per route.
type routeCoverage struct {
	mu        sync.Mutex
	responses map[string]int
	requests  map[string]int
}

func (c *routeCoverage) add(responses, requests map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, n := range responses {
		c.responses[k] += n
	}
	for k, n := range requests {
		c.requests[k] += n
	}
}

// coverage is the test binary's route coverage (filled by newSim).
var coverage = &routeCoverage{responses: map[string]int{}, requests: map[string]int{}}

// TestMain runs the tests, then, when they all ran against the document,
// fails if a content route was never exercised: every such route needs a
// test whose responses and accepted requests the contract checked.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && contracttest.Locate() != "" {
		if missing := uncoveredContentRoutes(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "content routes no test exercised against the contract:\n  %s\n", strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}

func uncoveredContentRoutes() []string {
	srv, err := New(Options{})
	if err != nil {
		return []string{"cannot build a simulator: " + err.Error()}
	}
	defer srv.Close()
	coverage.mu.Lock()
	defer coverage.mu.Unlock()
	var missing []string
	for _, rt := range srv.Routes() {
		if !contentRoute(rt) {
			continue
		}
		if coverage.responses[rt.Pattern()] == 0 {
			missing = append(missing, rt.Pattern()+" (response)")
		}
		if coverage.requests[rt.Pattern()] == 0 {
			missing = append(missing, rt.Pattern()+" (request)")
		}
	}
	slices.Sort(missing)
	return missing
}
