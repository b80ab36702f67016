package server

import (
	"testing"

	"github.com/kestractl/kestractl/kestrasim/contracttest"
)

// TestRoutesAreInTheDocument lists every route the simulator registers (ee,
// the superset) and checks each method + path exists in the OpenAPI
// document, and that the routes it hides in oss are exactly the ones the
// document marks Enterprise-only.
func TestRoutesAreInTheDocument(t *testing.T) {
	doc := contracttest.Load(t)
	s := newSim(t)
	routes := s.srv.Routes()
	if len(routes) < 10 {
		t.Fatalf("only %d routes registered", len(routes))
	}
	if missing := contracttest.Undocumented(doc, routes); len(missing) > 0 {
		t.Fatalf("routes not in the OpenAPI document:\n%v", missing)
	}
	for _, rt := range routes {
		if rt.Outside {
			continue
		}
		_, op := contracttest.Operation(doc, rt.Method, rt.Path)
		ee := false
		if x, ok := op.Extensions["x-kestra"].(map[string]any); ok && x["edition"] == "ee" {
			ee = true
		}
		if ee && !rt.EEOnly {
			t.Errorf("%s is Enterprise-only in the document but served in oss", rt.Pattern())
		}
	}
}
