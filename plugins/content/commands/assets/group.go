// Package assets is the "assets" command group (Kestra Enterprise): the
// data assets flows read and write, their lineage and their usages.
package assets

import (
	"context"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Group is "kestractl assets".
type Group struct {
	List          List          `cmd:"" aliases:"ls" help:"List assets."`
	Get           Get           `cmd:"" aliases:"show" help:"Show an asset."`
	Create        Create        `cmd:"" help:"Create (or update) an asset from a YAML file."`
	Delete        Delete        `cmd:"" aliases:"rm" help:"Delete an asset (asks first; --yes to skip)."`
	Dependencies  Dependencies  `cmd:"" aliases:"deps" help:"Show the lineage graph around an asset."`
	DeleteByIDs   DeleteByIDs   `cmd:"" name:"delete-by-ids" help:"Delete assets by id (asks first; --yes to skip)."`
	DeleteByQuery DeleteByQuery `cmd:"" name:"delete-by-query" help:"Delete the assets the filters match (asks first; --dry-run lists them)."`
	LineageEvents LineageEvents `cmd:"" name:"lineage-events" aliases:"lineage" help:"The lineage events task runs recorded."`
	Usages        Usages        `cmd:"" aliases:"usage" help:"Where assets were used."`
}

// LineageEvents is "kestractl assets lineage-events".
type LineageEvents struct {
	List          EventList          `cmd:"" aliases:"ls" help:"List lineage events."`
	DeleteByQuery EventDeleteByQuery `cmd:"" name:"delete-by-query" help:"Delete the lineage events the filters match (asks first; --dry-run lists them)."`
}

// Usages is "kestractl assets usages".
type Usages struct {
	List          UsageList          `cmd:"" aliases:"ls" help:"List asset usages."`
	DeleteByQuery UsageDeleteByQuery `cmd:"" name:"delete-by-query" help:"Delete the asset usages the filters match (asks first; --dry-run lists them)."`
}

const what = "assets"

func fail(c *plugin.Context, err error, notFound string, args ...any) error {
	return cmdutil.Fail(c, err, what, notFound, args...)
}

func checkID(id string) error { return cmdutil.CheckID("asset id", id) }

// asset is the asset a command names by id.
type asset string

// Check refuses an id that cannot name an asset.
func (id asset) Check() error { return checkID(string(id)) }

// Fail explains an error of a call about the asset.
func (id asset) Fail(c *plugin.Context, err error) error {
	return fail(c, err, "asset %q not found", string(id))
}

// Find reads the asset.
func (id asset) Find(ctx context.Context, cl *api.Client) (*api.Asset, error) {
	_, a, err := cl.GetAsset(ctx, string(id))
	return a, err
}

// Delete deletes the asset.
func (id asset) Delete(ctx context.Context, cl *api.Client) error {
	return cl.DeleteAsset(ctx, string(id))
}
