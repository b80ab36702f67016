package commands

import (
	"fmt"

	"github.com/kestractl/kestractl/sdk/cmderr"
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
	if s.SuperAdmin == nil {
		return cmderr.Usagef("say what to do: --super-admin=true grants super-admin rights, --super-admin=false revokes them")
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	ref, err := a.ResolveServiceAccount(c, s.ID)
	if err != nil {
		return err
	}
	on := *s.SuperAdmin
	if !on {
		if err := announce(c, func() (string, error) {
			return fmt.Sprintf("this revokes the super-admin rights of service account %s", ref.Label()), nil
		}); err != nil {
			return err
		}
	}
	if err := a.SetServiceAccountSuperAdmin(c, ref.ID, on); err != nil {
		return err
	}
	status, verb := "granted", "granted to"
	if !on {
		status, verb = "revoked", "revoked for"
	}
	return done(c, map[string]any{"id": ref.ID, "superAdmin": on, "status": status}, "Super-admin rights %s service account %s.", verb, ref.Label())
}
