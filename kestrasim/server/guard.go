package server

import (
	"net/http"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// guard wraps a route handler with authentication, the tenant check and the
// route's RBAC requirement.
func (s *Server) guard(rt rest.Route) http.Handler {
	return rest.Serve(func(w http.ResponseWriter, r *http.Request) error {
		var p auth.Principal
		if !rt.Public {
			var ok bool
			p, ok = s.authn.authenticate(r)
			if !ok && !(rt.OptionalAuth && r.Header.Get("Authorization") == "") {
				return rest.Unauthorized("Unauthorized")
			}
		}
		req := &auth.Request{Principal: p, Authz: s.authz}
		if rt.Tenant() {
			t := r.PathValue("tenant")
			if !s.tenants.Exists(t) {
				return rest.NotFound("Tenant '%s' not found", t)
			}
			req.Tenant = t
			if !rt.Public && !p.SuperAdmin && !s.authz.TenantAccess(p, t) {
				return rest.Forbidden("Forbidden: %s has no access to tenant '%s'", p.Name, t)
			}
		}
		if rt.SuperAdmin && !p.SuperAdmin {
			return rest.Forbidden("Forbidden: this operation is reserved to super-admins")
		}
		if rt.Perm.Resource != "" && !p.SuperAdmin {
			if rt.NamespaceParam != "" {
				if err := req.Require(rt.Perm.Resource, rt.Perm.Action, r.PathValue(rt.NamespaceParam)); err != nil {
					return err
				}
			} else if !s.authz.AllowedSomewhere(p, req.Tenant, rt.Perm.Resource, rt.Perm.Action) {
				return req.Require(rt.Perm.Resource, rt.Perm.Action, "")
			}
		}
		return rt.Handler(w, r.WithContext(auth.With(r.Context(), req)))
	})
}
