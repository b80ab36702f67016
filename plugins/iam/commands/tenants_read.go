package commands

import (
	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// TenantsList lists tenants.
type TenantsList struct {
	plugin.QueryFlag `embed:""`
	listFlags
}

// Help is the detailed help of tenants list.
func (l *TenantsList) Help() string {
	return "Items are the server's tenants, unchanged with -o json or -o yaml. -q matches ids and names. " +
		"Tenants are instance-level: only a super-admin lists them."
}

// Examples implements the SDK's Exampler.
func (l *TenantsList) Examples() []string {
	return []string{"kestractl tenants list", "kestractl tenants list -q staging --sort id:desc -o json"}
}

// Run lists the tenants.
func (l *TenantsList) Run(c *plugin.Context) error {
	return l.search(c, (*iamapi.Client).Tenants, plugin.Listing{Noun: "tenant", Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAME", "name")}}, l.QueryFlag)
}

// TenantsGet shows a tenant.
type TenantsGet struct {
	ID string `arg:"" name:"tenant-id" completer:"tenant" help:"Tenant id."`
}

// Help is the detailed help of tenants get.
func (g *TenantsGet) Help() string {
	return "With -o json the output is the server's tenant; the table names the keys of backend settings, never their values."
}

// Examples implements the SDK's Exampler.
func (g *TenantsGet) Examples() []string {
	return []string{"kestractl tenants get staging", "kestractl tenants get staging -o json --jq .quotas"}
}

// Run shows the tenant.
func (g *TenantsGet) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.GetTenant(c, g.ID)
	if err != nil {
		return err
	}
	return show(c, raw, tenantDetail)
}
