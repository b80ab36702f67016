// Package apps is the "apps" command group (Kestra Enterprise): apps as
// code, their export and import, and the files and logs of their
// executions.
package apps

import (
	"context"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Group is "kestractl apps".
type Group struct {
	List        List        `cmd:"" aliases:"ls" help:"List apps."`
	Get         Get         `cmd:"" aliases:"show" help:"Print an app: its YAML source (table) or the app object (json, yaml)."`
	Deploy      Deploy      `cmd:"" aliases:"apply" help:"Create or update apps from YAML files or directories. Never deletes an app."`
	Update      Update      `cmd:"" help:"Replace an app's source with a YAML file."`
	Delete      Delete      `cmd:"" aliases:"rm" help:"Delete an app (asks first; --yes to skip)."`
	Enable      Enable      `cmd:"" help:"Enable an app."`
	Disable     Disable     `cmd:"" help:"Disable an app."`
	Export      Export      `cmd:"" help:"Export apps (all, or those given) as a ZIP of their sources."`
	Import      Import      `cmd:"" help:"Import apps from a ZIP or a multi-document YAML file (creates or updates)."`
	BulkDelete  BulkDelete  `cmd:"" name:"bulk-delete" help:"Delete apps by uid (asks first; --yes to skip)."`
	BulkEnable  BulkEnable  `cmd:"" name:"bulk-enable" help:"Enable apps by uid."`
	BulkDisable BulkDisable `cmd:"" name:"bulk-disable" help:"Disable apps by uid."`
	Tags        Tags        `cmd:"" help:"List the tags apps use."`
	Catalog     Catalog     `cmd:"" help:"List the apps of the catalog (the enabled ones)."`
	FileMeta    FileMeta    `cmd:"" name:"file-meta" help:"Show the size of a file an execution of the app stored."`
	FilePreview FilePreview `cmd:"" name:"file-preview" help:"Preview a file an execution of the app stored."`
	Logs        Logs        `cmd:"" help:"Download the logs of an execution of an app."`
}

// what names the feature in Enterprise-only errors.
const what = "apps"

// fail explains an error of the apps API.
func fail(c *plugin.Context, err error, notFound string, args ...any) error {
	return cmdutil.Fail(c, err, what, notFound, args...)
}

// checkUID rejects words that cannot be app uids.
func checkUID(uid string) error { return cmdutil.CheckID("app uid", uid) }

// app is the app a command names by uid.
type app string

// Check refuses a word that cannot be an app uid.
func (uid app) Check() error { return checkUID(string(uid)) }

// Fail explains an error of a call about the app.
func (uid app) Fail(c *plugin.Context, err error) error {
	return fail(c, err, "app %q not found ('kestractl apps list' shows the uids)", string(uid))
}

// Find reads the app.
func (uid app) Find(ctx context.Context, cl *api.Client) (*api.App, error) {
	_, a, err := cl.GetApp(ctx, string(uid))
	return a, err
}

// Delete deletes the app.
func (uid app) Delete(ctx context.Context, cl *api.Client) error {
	return cl.DeleteApp(ctx, string(uid))
}
