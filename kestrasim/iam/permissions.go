package iam

import (
	"net/http"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// crud are the actions of a resource that has no actions of its own.
var crud = []string{"VIEW", "LIST", "CREATE", "UPDATE", "DELETE"}

// ActionsByResource is the actions each Permission (resource) of 2.0 has,
// from the 1.x-to-2.0 expansion tables of the Kestra Terraform provider's
// RBAC migration guide (kestra-io/terraform-provider-kestra); actions that
// the document's Action enum lacks are left out, and resources the guide
// does not cover have the plain CRUD actions.
var ActionsByResource = func() map[string][]string {
	out := map[string][]string{
		"FLOW":            {"VIEW", "LIST", "EXPORT", "CREATE", "IMPORT", "UPDATE", "EXECUTE", "DISABLE", "ENABLE", "VALIDATE", "DELETE"},
		"EXECUTION":       {"VIEW", "LIST", "ACCESS_LOGS", "ACCESS_OUTPUTS", "ACCESS_FILES", "EXPORT", "FOLLOW", "UPDATE", "RESTART", "KILL", "REPLAY", "PAUSE", "RESUME", "CHANGE_LABELS", "UNQUEUE", "FORCE_RUN", "DELETE"},
		"TRIGGER":         {"VIEW", "LIST", "EXPORT", "CREATE", "UNLOCK", "RESTART", "DISABLE", "ENABLE", "BACKFILL", "DELETE"},
		"NAMESPACE":       {"VIEW", "LIST", "CREATE", "UPDATE", "MANAGE_FILES", "DELETE"},
		"APP":             {"VIEW", "LIST", "CREATE", "UPDATE", "EXECUTE", "ACCESS_FILES", "ACCESS_LOGS", "DELETE"},
		"AUDITLOG":        {"VIEW", "LIST", "EXPORT"},
		"SYSTEM_SETTINGS": {"VIEW", "UPDATE"},
		"TENANT_SETTINGS": {"VIEW", "UPDATE"},
		"COPILOT":         {"USE"},
		"USER":            {"VIEW", "LIST", "CREATE", "UPDATE", "MANAGE_GROUP_MEMBERSHIP", "IMPERSONATE", "DELETE"},
		"GROUP":           {"VIEW", "LIST", "CREATE", "UPDATE", "MANAGE_MEMBERS", "DELETE"},
		"UNKNOWN":         {},
	}
	for _, r := range Resources {
		if _, ok := out[r]; !ok {
			out[r] = crud
		}
	}
	return out
}()

// permissionRoutes serve GET {tenant}/acls/permissions: the
// resource-to-actions mapping, to check role files against.
func (h *Handlers) permissionRoutes() []rest.Route {
	return []rest.Route{{Method: "GET", Path: "/api/v1/{tenant}/acls/permissions", Handler: func(w http.ResponseWriter, r *http.Request) error {
		rest.WriteJSON(w, http.StatusOK, ActionsByResource)
		return nil
	}}}
}
