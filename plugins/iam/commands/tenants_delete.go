package commands

import (
	"fmt"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// TenantsDelete deletes a tenant.
type TenantsDelete struct {
	ID string `arg:"" name:"tenant-id" completer:"tenant" help:"Tenant id."`
}

// Help is the detailed help of tenants delete.
func (d *TenantsDelete) Help() string {
	return `Deletes the tenant and everything in it: namespaces, flows, executions,
key-value pairs, secrets, groups, roles, bindings. On a terminal it asks you
to type the tenant id back (a yes is not enough); without one, --yes is
needed. With -o json the result is {"id", "status": "deleted"}.`
}

// Examples implements the SDK's Exampler.
func (d *TenantsDelete) Examples() []string {
	return []string{"kestractl tenants delete staging", "# In a script\nkestractl tenants rm staging --yes"}
}

// Run checks the tenant exists, has its id typed back, and deletes it.
func (d *TenantsDelete) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	if _, err := a.GetTenant(c, d.ID); err != nil {
		return err
	}
	if !c.AssumeYes() {
		if !c.Interactive() {
			return cmderr.Usagef("deleting tenant '%s' needs a confirmation: run it on a terminal to type the tenant id back, or pass --yes", d.ID)
		}
		where := c.Server().URL
		if name := c.ContextName(); name != "" {
			where = fmt.Sprintf("%s (%s)", name, where)
		}
		got, err := c.Prompt(fmt.Sprintf("Deleting tenant '%s' on %s removes everything in it. Type the tenant id to confirm", d.ID, where), false, "")
		if err != nil {
			return err
		}
		if got != d.ID {
			return cmderr.New(cmderr.Cancelled, "cancelled: %q is not the tenant id; nothing was changed", got)
		}
	}
	if err := a.DeleteTenant(c, d.ID); err != nil {
		return err
	}
	return done(c, map[string]string{"id": d.ID, "status": "deleted"}, "Tenant '%s' deleted.", d.ID)
}
