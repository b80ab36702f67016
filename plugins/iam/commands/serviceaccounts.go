package commands

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/plugins/iam/validate"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ServiceAccounts is the service-accounts group (instance-level).
type ServiceAccounts struct {
	List   ServiceAccountsList   `cmd:"" aliases:"ls" help:"List service accounts."`
	Get    ServiceAccountsGet    `cmd:"" aliases:"show,describe" help:"Show a service account."`
	Create ServiceAccountsCreate `cmd:"" help:"Create a service account."`
	Update ServiceAccountsUpdate `cmd:"" help:"Change a service account's name or description (nothing else)."`
	Delete ServiceAccountsDelete `cmd:"" aliases:"rm" help:"Delete a service account (asks first; --yes to skip)."`
	Tokens ServiceAccountTokens  `cmd:"" aliases:"token" help:"Manage a service account's API tokens."`

	SetSuperAdmin ServiceAccountsSetSuperAdmin `cmd:"" name:"set-super-admin" help:"Grant or revoke a service account's super-admin rights, touching nothing else."`
}

func serviceAccountsColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAME", "name"), plugin.Col("DESCRIPTION", "description"),
		plugin.Col("SUPERADMIN", "superAdmin")}
}

func serviceAccountDetail(raw json.RawMessage) (fields, error) {
	s, err := iamapi.Decode[iamapi.ServiceAccount](raw)
	if err != nil {
		return nil, err
	}
	return fields{{"id", s.ID}, {"name", s.Name}, {"description", orNone(s.Description)},
		{"super-admin", yesNo(s.IsSuperAdmin())}, {"tenants", joinIDs(s.Tenants)}}, nil
}

// ServiceAccountsList lists service accounts.
type ServiceAccountsList struct {
	listFlags
}

// Examples implements the SDK's Exampler.
func (l *ServiceAccountsList) Examples() []string {
	return []string{
		"kestractl service-accounts list",
		"kestractl sa ls --all -o json --jq '.[].name'",
	}
}

// Run lists the accounts.
func (l *ServiceAccountsList) Run(c *plugin.Context) error {
	return l.search(c, (*iamapi.Client).ServiceAccounts, plugin.Listing{Noun: "service account", Columns: serviceAccountsColumns()})
}

// ServiceAccountsGet shows a service account.
type ServiceAccountsGet struct {
	ID string `arg:"" name:"service-account" completer:"service-account" help:"Service account id or name."`
}

// Examples implements the SDK's Exampler.
func (g *ServiceAccountsGet) Examples() []string {
	return []string{
		"kestractl service-accounts get 2TfKq9mXc1vB7nZp0aLr4s",
	}
}

// Run shows the account.
func (g *ServiceAccountsGet) Run(c *plugin.Context) error { return serviceAccounts().show(c, g.ID) }

// ServiceAccountsCreate creates a service account.
type ServiceAccountsCreate struct {
	Name        string   `required:"" help:"Name: lowercase letters, digits and dashes (e.g. ci-bot)." placeholder:"NAME"`
	Description string   `help:"Description." placeholder:"TEXT"`
	Superadmin  bool     `help:"Make the service account a super-admin."`
	TenantGrant []string `name:"tenant-grant" sep:"none" help:"Tenant the account may access, repeatable." placeholder:"TENANT"`
}

// Examples implements the SDK's Exampler.
func (s *ServiceAccountsCreate) Examples() []string {
	return []string{
		"kestractl service-accounts create --name ci-bot --description 'CI deployments' --tenant-grant main",
	}
}

// Run creates the account.
func (s *ServiceAccountsCreate) Run(c *plugin.Context) error {
	if err := validate.Name("service account name", s.Name); err != nil {
		return cmderr.Usagef("--name: %v", err)
	}
	for _, t := range s.TenantGrant {
		if strings.TrimSpace(t) == "" {
			return cmderr.Usagef("--tenant-grant must not be empty")
		}
	}
	req := iamapi.ServiceAccountCreate{Name: s.Name, Description: s.Description, Tenants: dedupe(s.TenantGrant)}
	if len(req.Tenants) == 0 {
		req.Tenants = nil
	}
	if s.Superadmin {
		req.SuperAdmin = &s.Superadmin
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.CreateServiceAccount(c, req)
	if err != nil {
		return err
	}
	if err := show(c, raw, serviceAccountDetail); err != nil {
		return err
	}
	created, _ := iamapi.Decode[iamapi.ServiceAccount](raw)
	return c.Success("Service account %s created.", created.Label())
}

// ServiceAccountsUpdate changes a name or description.
type ServiceAccountsUpdate struct {
	ID          string  `arg:"" name:"service-account" completer:"service-account" help:"Service account id or name."`
	Name        *string `help:"New name: lowercase letters, digits and dashes." placeholder:"NAME"`
	Description *string `help:"New description." placeholder:"TEXT"`
}

// Examples implements the SDK's Exampler.
func (s *ServiceAccountsUpdate) Examples() []string {
	return []string{
		"kestractl service-accounts update 2TfKq9mXc1vB7nZp0aLr4s --description 'CI deployments (prod)'",
	}
}

// Run reads the account and patches it; super-admin status, tenants and
// groups are untouched.
func (s *ServiceAccountsUpdate) Run(c *plugin.Context) error {
	if s.Name == nil && s.Description == nil {
		return cmderr.Usagef("nothing to update: pass --name and/or --description (super-admin status and tenant access cannot be changed with update)")
	}
	if s.Name != nil {
		if err := validate.Name("service account name", *s.Name); err != nil {
			return cmderr.Usagef("--name: %v", err)
		}
	}
	a, ref, raw, err := serviceAccounts().read(c, s.ID)
	if err != nil {
		return err
	}
	cur, err := iamapi.Decode[iamapi.ServiceAccount](raw)
	if err != nil {
		return err
	}
	req := iamapi.ServiceAccountPatch{Name: overlay(s.Name, cur.Name), Description: cur.Description}
	if s.Description != nil {
		req.Description = s.Description
	}
	out, err := a.PatchServiceAccount(c, ref.ID, req)
	if err != nil {
		return err
	}
	if err := show(c, out, serviceAccountDetail); err != nil {
		return err
	}
	return c.Success("Service account %s updated.", iamapi.ServiceAccount{ID: ref.ID, Name: req.Name}.Label())
}

// ServiceAccountsDelete deletes a service account.
type ServiceAccountsDelete struct {
	ID string `arg:"" name:"service-account" completer:"service-account" help:"Service account id or name."`
}

// Examples implements the SDK's Exampler.
func (d *ServiceAccountsDelete) Examples() []string {
	return []string{
		"kestractl service-accounts delete 2TfKq9mXc1vB7nZp0aLr4s",
		"kestractl sa rm 2TfKq9mXc1vB7nZp0aLr4s --yes",
	}
}

// Run asks, then deletes the account.
func (d *ServiceAccountsDelete) Run(c *plugin.Context) error {
	return serviceAccounts().remove(c, d.ID, func(_ *iamapi.Client, ref iamapi.Ref) string {
		return fmt.Sprintf("Delete service account %s and revoke its API tokens?", ref.Label())
	})
}

// ServiceAccountTokens holds a service account's API token commands.
type ServiceAccountTokens struct {
	List   ServiceAccountTokensList   `cmd:"" aliases:"ls" help:"List a service account's API tokens (prefixes only)."`
	Create ServiceAccountTokensCreate `cmd:"" help:"Create an API token for a service account; the full token is shown once."`
	Delete ServiceAccountTokensDelete `cmd:"" aliases:"rm" help:"Delete (revoke) a service account's API token (asks first; --yes to skip)."`
}

// ServiceAccountTokensList lists tokens.
type ServiceAccountTokensList struct {
	ID               string `arg:"" name:"service-account" completer:"service-account" help:"Service account id or name."`
	plugin.ListFlags `embed:""`
}

// Examples implements the SDK's Exampler.
func (t *ServiceAccountTokensList) Examples() []string {
	return []string{
		"kestractl service-accounts tokens list 2TfKq9mXc1vB7nZp0aLr4s",
	}
}

// Run lists the tokens.
func (t *ServiceAccountTokensList) Run(c *plugin.Context) error {
	return listTokens(c, t.ListFlags, iamapi.ServiceAccountOwner, t.ID)
}

// ServiceAccountTokensCreate creates a token.
type ServiceAccountTokensCreate struct {
	ID string `arg:"" name:"service-account" completer:"service-account" help:"Service account id or name."`
	tokenFlags
}

// Examples implements the SDK's Exampler.
func (t *ServiceAccountTokensCreate) Examples() []string {
	return []string{
		"# The full token is printed once, on stdout: keep it in a secret store\nkestractl service-accounts tokens create 2TfKq9mXc1vB7nZp0aLr4s --name ci-token --max-age P90D --jq .fullToken",
	}
}

// Run creates the token.
func (t *ServiceAccountTokensCreate) Run(c *plugin.Context) error {
	return createToken(c, iamapi.ServiceAccountOwner, t.ID, t.tokenFlags)
}

// ServiceAccountTokensDelete deletes a token.
type ServiceAccountTokensDelete struct {
	ID      string `arg:"" name:"service-account" completer:"service-account" help:"Service account id or name."`
	TokenID string `arg:"" name:"token-id" completer:"token" help:"Token id (see tokens list)."`
}

// Examples implements the SDK's Exampler.
func (t *ServiceAccountTokensDelete) Examples() []string {
	return []string{
		"kestractl service-accounts tokens delete 2TfKq9mXc1vB7nZp0aLr4s 4mWnB8xQ2cV0zL6pK1rT9y --yes",
	}
}

// Run deletes the token.
func (t *ServiceAccountTokensDelete) Run(c *plugin.Context) error {
	return deleteToken(c, iamapi.ServiceAccountOwner, t.ID, t.TokenID)
}
