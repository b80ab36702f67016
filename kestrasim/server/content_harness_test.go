package server

import (
	"strings"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// contentPaths are the path prefixes of the content areas, whose accepted
// requests the contract tests validate as well as their responses.
var contentPaths = []string{
	"/api/v1/{tenant}/tests", "/api/v1/{tenant}/apps", "/api/v1/{tenant}/dashboards",
	"/api/v1/{tenant}/blueprints", "/api/v1/{tenant}/assets", "/api/v1/{tenant}/reusable-inputs",
	"/api/v1/{tenant}/namespaces/{namespace}/reusable-inputs", "/api/v1/tenants/{id}/settings/default-dashboards",
}

// validatesRequests selects the routes whose requests are validated.
func validatesRequests(rt rest.Route) bool {
	for _, p := range contentPaths {
		if rt.Path == p || strings.HasPrefix(rt.Path, p+"/") {
			return true
		}
	}
	return false
}
