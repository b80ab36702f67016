package iam

import (
	"slices"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
)

// Resources is the 2.0 Permission (Resource) enum of the document.
var Resources = []string{
	"FLOW", "EXECUTION", "TRIGGER", "NAMESPACE", "KVSTORE", "REUSABLE_INPUTS", "DASHBOARD", "SECRET",
	"CREDENTIAL", "BLUEPRINT", "APP", "AUDITLOG", "SYSTEM_SETTINGS", "TENANT_SETTINGS", "TESTSUITE",
	"ASSET", "USER", "GROUP", "ROLE", "BINDING", "SERVICE_ACCOUNT", "INVITATION", "COPILOT",
	"MCP_SERVER", "SUPPORT", "POLICY", "APP_EXECUTION", "NAMESPACE_FILE", "TESTSUITE_RUN",
	"TENANT_ACCESS", "SECURITY_INTEGRATION", "KILL_SWITCH", "TENANT", "VERSIONED_PLUGIN",
	"WORKER_GROUP", "WORKER_QUEUE", "INSTANCE", "UNKNOWN",
}

// Actions is the 2.0 Action enum of the document.
var Actions = []string{
	"VIEW", "LIST", "CREATE", "UPDATE", "DELETE", "EXECUTE", "RESTART", "KILL", "REPLAY", "PAUSE",
	"RESUME", "UNQUEUE", "FORCE_RUN", "FOLLOW", "CHANGE_LABELS", "ACCESS_LOGS", "ACCESS_OUTPUTS",
	"ACCESS_FILES", "EXPORT", "IMPORT", "DISABLE", "ENABLE", "VALIDATE", "UNLOCK", "LOCK", "BACKFILL",
	"MANAGE_FILES", "MANAGE_MEMBERS", "MANAGE_GROUP_MEMBERSHIP", "USE", "IMPERSONATE", "UNKNOWN",
}

// namespaced resources can be granted on one namespace; the others need a
// tenant-wide binding.
var namespaced = []string{
	"FLOW", "EXECUTION", "TRIGGER", "NAMESPACE", "KVSTORE", "REUSABLE_INPUTS", "SECRET", "CREDENTIAL",
	"APP", "APP_EXECUTION", "NAMESPACE_FILE", "TESTSUITE", "TESTSUITE_RUN", "ASSET", "POLICY", "DASHBOARD",
}

// grants reports whether a role grants resource:action. VIEW implies LIST:
// whoever may see a resource may list it.
func grants(r *Role, resource, action string) bool {
	actions := r.Permissions[resource]
	return slices.Contains(actions, action) || (action == "LIST" && slices.Contains(actions, "VIEW"))
}

// subjectBindings returns the bindings of tenant that apply to p (directly
// or through a group); the caller holds the read lock.
func (s *Store) subjectBindings(p auth.Principal, tenant string) []*Binding {
	var out []*Binding
	for _, b := range s.bindings[tenant] {
		switch b.Type {
		case "USER":
			if b.ExternalID == p.ID {
				out = append(out, b)
			}
		case "GROUP":
			if g := s.groups[tenant][b.ExternalID]; g != nil && g.has(p.ID) {
				out = append(out, b)
			}
		}
	}
	return out
}

// TenantAccess implements auth.Authorizer: explicit grants, group
// memberships and bindings in the tenant all give access.
func (s *Store) TenantAccess(p auth.Principal, tenant string) bool {
	if p.SuperAdmin || p.Kind == auth.Static {
		return true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var grants []string
	if u := s.users.Get(instance, p.ID); u != nil {
		grants = u.Tenants
	} else if sa := s.serviceAccounts.Get(instance, p.ID); sa != nil {
		grants = sa.Tenants
	}
	return s.tenantAccess(p, grants, tenant)
}

// tenantAccess is TenantAccess for a principal with the given grants; the
// caller holds the lock.
func (s *Store) tenantAccess(p auth.Principal, grants []string, tenant string) bool {
	if slices.Contains(grants, tenant) {
		return true
	}
	for _, g := range s.groups[tenant] {
		if g.has(p.ID) {
			return true
		}
	}
	return len(s.subjectBindings(p, tenant)) > 0
}

// Allowed implements auth.Authorizer.
func (s *Store) Allowed(p auth.Principal, tenant, resource, action, namespace string) bool {
	if p.SuperAdmin {
		return true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, b := range s.subjectBindings(p, tenant) {
		role := s.roles[tenant][b.RoleID]
		if role == nil || !grants(role, resource, action) {
			continue
		}
		if b.Namespace == "" || (namespace != "" && namespaces.IsWithin(namespace, b.Namespace)) {
			return true
		}
	}
	return false
}

// AllowedSomewhere implements auth.Authorizer: for namespaced resources a
// namespace-scoped binding is enough (the route then filters its results).
func (s *Store) AllowedSomewhere(p auth.Principal, tenant, resource, action string) bool {
	if p.SuperAdmin {
		return true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	scoped := slices.Contains(namespaced, resource)
	for _, b := range s.subjectBindings(p, tenant) {
		role := s.roles[tenant][b.RoleID]
		if role != nil && grants(role, resource, action) && (b.Namespace == "" || scoped) {
			return true
		}
	}
	return false
}
