// Package commands is the kong grammar and the commands of the iam plugin:
// Kestra Enterprise users, groups, roles, service accounts, bindings,
// invitations, tenants and server information. users, service-accounts and
// tenants are instance-level; the other groups are tenant-scoped and use the
// active tenant.
package commands

import "github.com/kestractl/kestractl/sdk/plugin"

// CLI is the plugin's grammar.
type CLI struct {
	Users           Users           `cmd:"" help:"Manage users (instance-level)."`
	Groups          Groups          `cmd:"" help:"Manage groups and their members (tenant-scoped)."`
	Roles           Roles           `cmd:"" help:"Manage roles and their permissions (tenant-scoped)."`
	ServiceAccounts ServiceAccounts `cmd:"" name:"service-accounts" aliases:"service-account,sa" help:"Manage service accounts and their API tokens (instance-level)."`
	Bindings        Bindings        `cmd:"" help:"Manage role bindings: a role assigned to a user or group (tenant-scoped)."`
	Invitations     Invitations     `cmd:"" help:"Manage invitations to the tenant (tenant-scoped)."`
	Tenants         Tenants         `cmd:"" help:"Manage tenants, their limits, quotas and backends (instance-level)."`
	Server          Server          `cmd:"" help:"The server's license, permission actions and usage reports."`
}

// Plugin is the iam plugin (Kestra Enterprise).
func Plugin(version string) plugin.Plugin {
	return plugin.Plugin{
		Name:     "iam",
		Version:  version,
		Edition:  "ee",
		New:      func() any { return &CLI{} },
		Complete: Complete,
	}
}
