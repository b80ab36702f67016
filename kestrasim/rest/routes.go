package rest

import (
	"net/http"
	"strings"
)

// HandlerFunc is an HTTP handler that reports failures as errors; the
// registry turns them into Kestra-shaped JSON errors.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Permission is an RBAC (resource, action) pair, e.g. FLOW:CREATE.
type Permission struct {
	Resource string
	Action   string
}

// PermissionOn returns the permissions of one resource by action, as the
// routes of an area require them.
func PermissionOn(resource string) func(action string) Permission {
	return func(action string) Permission { return Permission{Resource: resource, Action: action} }
}

// Route is one method + path the simulator serves, with the access rules
// applied before its handler runs.
type Route struct {
	Method string
	// Path is a net/http pattern path, written exactly as the OpenAPI
	// document writes it (e.g. /api/v1/{tenant}/flows/{namespace}/{id}).
	Path    string
	Handler HandlerFunc

	// Public routes need no credentials.
	Public bool
	// OptionalAuth routes serve anonymous callers but reject wrong
	// credentials (the Maven repository).
	OptionalAuth bool
	// SuperAdmin routes are instance-level, super-admin only.
	SuperAdmin bool
	// Perm, when set, is required before the handler runs.
	Perm Permission
	// NamespaceParam names the path value holding the namespace Perm applies
	// to; empty means the permission is checked tenant-wide ("somewhere").
	NamespaceParam string
	// EEOnly routes exist only in the Enterprise edition.
	EEOnly bool
	// Outside routes are not part of the Kestra API (plugin catalog, Maven
	// repository) and so not in the OpenAPI document.
	Outside bool
	// Overlaps marks a route whose path overlaps another's with neither
	// more specific (GET .../executions/flows/{namespace}/{flowId} and
	// .../executions/{executionId}/file/metas), which one ServeMux refuses:
	// it is served by a second mux, consulted when the first has no route.
	Overlaps bool
}

// EEOnly marks routes as existing only in the Enterprise edition and
// returns them.
func EEOnly(routes []Route) []Route {
	for i := range routes {
		routes[i].EEOnly = true
	}
	return routes
}

// Pattern is the net/http ServeMux pattern of the route.
func (r Route) Pattern() string { return r.Method + " " + r.Path }

// Tenant reports whether the route is tenant-scoped.
func (r Route) Tenant() bool { return strings.Contains(r.Path, "{tenant}") }

// Serve runs h and writes its error, if any, as a JSON error.
func Serve(h HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			WriteError(w, r, err)
		}
	}
}
