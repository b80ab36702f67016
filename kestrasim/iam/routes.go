package iam

import "github.com/kestractl/kestractl/kestrasim/rest"

// Handlers serves the IAM API.
type Handlers struct {
	Store *Store
}

// Routes lists every IAM route: instance-level ones are super-admin only
// (but /me, which is the caller's own); all are Enterprise-only (an OSS
// server answers 404).
func (h *Handlers) Routes() []rest.Route {
	var out []rest.Route
	for _, rt := range append(h.userRoutes(), h.serviceAccountRoutes()...) {
		rt.SuperAdmin = true
		out = append(out, rt)
	}
	out = append(out, h.meRoutes()...)
	out = append(out, h.tenantAccessRoutes()...)
	out = append(out, h.permissionRoutes()...)
	out = append(out, h.groupRoutes()...)
	out = append(out, h.roleRoutes()...)
	out = append(out, h.bindingRoutes()...)
	out = append(out, h.invitationRoutes()...)
	return rest.EEOnly(out)
}
