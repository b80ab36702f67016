package commands

import (
	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ServiceAccountsSetSuperAdmin grants or revokes super-admin rights.
type ServiceAccountsSetSuperAdmin struct {
	ID         string `arg:"" name:"service-account" completer:"service-account" help:"Service account id or name."`
	SuperAdmin *bool  `name:"super-admin" help:"true grants super-admin rights, false revokes them (required)."`
}

// Help is the detailed help of service-accounts set-super-admin.
func (s *ServiceAccountsSetSuperAdmin) Help() string {
	return `A targeted change (PATCH /service-accounts/{id}/superadmin); nothing else of
the account is touched. With -o json the result is {"id", "superAdmin",
"status": "granted"|"revoked"}.`
}

// Examples implements the SDK's Exampler.
func (s *ServiceAccountsSetSuperAdmin) Examples() []string {
	return []string{"kestractl service-accounts set-super-admin ci-bot --super-admin=true", "kestractl sa set-super-admin ci-bot --super-admin=false"}
}

// Run sets the flag.
func (s *ServiceAccountsSetSuperAdmin) Run(c *plugin.Context) error {
	return serviceAccounts().setSuperAdmin(c, s.ID, s.SuperAdmin, (*iamapi.Client).SetServiceAccountSuperAdmin)
}
