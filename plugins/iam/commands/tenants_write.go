package commands

import (
	"regexp"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// tenantID is Tenant.id's pattern.
var tenantID = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// TenantsCreate creates a tenant.
type TenantsCreate struct {
	ID string `arg:"" name:"tenant-id" help:"Tenant id: lowercase letters, digits, '_' and '-'."`
	tenantFlags
}

// Help is the detailed help of tenants create.
func (t *TenantsCreate) Help() string {
	return `Creates the tenant (Kestra Enterprise, super-admin; an open-source server
is said so, exit 4). Every flag is checked locally first. Quotas take effect
at once: an execution over a quota is still created, and ends FAILED or
CANCELLED without running. With -o json the output is the server's tenant.`
}

// Examples implements the SDK's Exampler.
func (t *TenantsCreate) Examples() []string {
	return []string{
		"kestractl tenants create staging --name 'Staging' --concurrency-limit 20 --quota duration=PT1H,limit=500,behavior=CANCEL",
		"# Its own storage and secret backends, the credentials in a file\nkestractl tenants create acme --storage-type s3 --storage-config bucket=acme-kestra --storage-config region=eu-west-1 --secret-type vault --secret-config-file vault.yaml",
	}
}

// Run creates the tenant.
func (t *TenantsCreate) Run(c *plugin.Context) error {
	if !tenantID.MatchString(t.ID) {
		return cmderr.Usagef("invalid tenant id %q: use lowercase letters, digits, '_' and '-', starting with a letter or a digit", t.ID)
	}
	doc := map[string]any{"id": t.ID, "name": t.ID, "deleted": false}
	if err := t.apply(c, doc, tenantUpdateFlags{}); err != nil {
		return err
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.CreateTenant(c, t.ID, doc)
	if err != nil {
		return err
	}
	if err := show(c, raw, tenantDetail); err != nil {
		return err
	}
	msg := "Tenant '" + t.ID + "' created"
	if ch := tenantChanges(map[string]any{"id": t.ID, "name": t.ID, "deleted": false}, doc); len(ch) > 0 {
		msg += ": " + strings.Join(ch, "; ")
	}
	return c.Success("%s.", msg)
}

// TenantsUpdate changes a tenant.
type TenantsUpdate struct {
	ID string `arg:"" name:"tenant-id" completer:"tenant" help:"Tenant id."`
	tenantFlags
	tenantUpdateFlags
}

// Help is the detailed help of tenants update.
func (t *TenantsUpdate) Help() string {
	return `Reads the tenant, changes only what the flags say and writes it back
(Kestra's update replaces the whole tenant, so every setting not named keeps
its value). --quota replaces the quota of the same duration or adds one;
--remove-quota removes one; --storage-config and --secret-config set keys
(KEY= removes one), their -file forms replace the whole setting. What
changed is said on stderr (backend settings by key only); nothing is written
when nothing would change.`
}

// Examples implements the SDK's Exampler.
func (t *TenantsUpdate) Examples() []string {
	return []string{
		"kestractl tenants update staging --quota duration=P1D,limit=5000",
		"kestractl tenants update staging --no-concurrency-limit --remove-quota PT1H --secret-read-only=true",
	}
}

// Run fetches, merges and writes the tenant.
func (t *TenantsUpdate) Run(c *plugin.Context) error {
	if t.empty(t.tenantUpdateFlags) {
		return cmderr.Usagef("nothing to update: pass --name, --concurrency-limit, --concurrency-behavior, --no-concurrency-limit, --quota, " +
			"--remove-quota, a storage or secret backend flag, --require-existing-namespace or --outputs-in-internal-storage")
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.GetTenant(c, t.ID)
	if err != nil {
		return err
	}
	before, err := plugin.DecodeDocument(raw, "tenant")
	if err != nil {
		return err
	}
	after, err := plugin.DecodeDocument(raw, "tenant")
	if err != nil {
		return err
	}
	if err := t.apply(c, after, t.tenantUpdateFlags); err != nil {
		return err
	}
	ch := tenantChanges(before, after)
	if len(ch) == 0 {
		if err := show(c, raw, tenantDetail); err != nil {
			return err
		}
		return c.Info("Tenant '%s' unchanged: it already has these settings.", t.ID)
	}
	out, err := a.UpdateTenant(c, t.ID, after)
	if err != nil {
		return err
	}
	if err := show(c, out, tenantDetail); err != nil {
		return err
	}
	return c.Success("Tenant '%s' updated: %s.", t.ID, strings.Join(ch, "; "))
}
