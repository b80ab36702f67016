// Package permissions parses and validates role permissions: the
// --permission TYPE:ACTION[,ACTION] flag and the --permissions-file map of
// RESOURCE: [ACTION...], against the resource and action enums of the Kestra
// 2.0 OpenAPI document (schemas Resource and Action).
package permissions

import "slices"

// resources is the Resource enum (the permission types) of the Kestra 2.0
// OpenAPI document, without its UNKNOWN placeholder. enums_test.go checks
// it against api/kestra-openapi.yaml.
var resources = [...]string{
	"FLOW", "EXECUTION", "TRIGGER", "NAMESPACE", "KVSTORE", "REUSABLE_INPUTS", "DASHBOARD", "SECRET",
	"CREDENTIAL", "BLUEPRINT", "APP", "AUDITLOG", "SYSTEM_SETTINGS", "TENANT_SETTINGS", "TESTSUITE",
	"ASSET", "USER", "GROUP", "ROLE", "BINDING", "SERVICE_ACCOUNT", "INVITATION", "COPILOT",
	"MCP_SERVER", "SUPPORT", "POLICY", "APP_EXECUTION", "NAMESPACE_FILE", "TESTSUITE_RUN",
	"TENANT_ACCESS", "SECURITY_INTEGRATION", "KILL_SWITCH", "TENANT", "VERSIONED_PLUGIN",
	"WORKER_GROUP", "WORKER_QUEUE", "INSTANCE",
}

// actions is the Action enum of the Kestra 2.0 OpenAPI document, without
// its UNKNOWN placeholder.
var actions = [...]string{
	"VIEW", "LIST", "CREATE", "UPDATE", "DELETE", "EXECUTE", "RESTART", "KILL", "REPLAY", "PAUSE",
	"RESUME", "UNQUEUE", "FORCE_RUN", "FOLLOW", "CHANGE_LABELS", "ACCESS_LOGS", "ACCESS_OUTPUTS",
	"ACCESS_FILES", "EXPORT", "IMPORT", "DISABLE", "ENABLE", "VALIDATE", "UNLOCK", "LOCK", "BACKFILL",
	"MANAGE_FILES", "MANAGE_MEMBERS", "MANAGE_GROUP_MEMBERSHIP", "USE", "IMPERSONATE",
}

// Unknown is the enums' placeholder value, which names no real resource or
// action and is refused.
const Unknown = "UNKNOWN"

// Resources returns the valid permission types, in the document's order.
func Resources() []string { return slices.Clone(resources[:]) }

// Actions returns the valid actions, in the document's order.
func Actions() []string { return slices.Clone(actions[:]) }

// IsResource reports whether s (upper case) is a valid permission type.
func IsResource(s string) bool { return slices.Contains(resources[:], s) }

// IsAction reports whether s (upper case) is a valid action.
func IsAction(s string) bool { return slices.Contains(actions[:], s) }
