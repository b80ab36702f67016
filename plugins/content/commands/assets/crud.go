package assets

import (
	"context"
	"fmt"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// AssetFilters are the filters of asset lists and by-query actions.
type AssetFilters struct {
	plugin.NamespaceFlag `embed:""`
	plugin.QueryFlag     `embed:""`
	Type                 string `placeholder:"TYPE" help:"Only assets of this type (e.g. TABLE)."`
	plugin.FilterFlag    `embed:""`
}

func (f AssetFilters) query() (map[string][]string, error) {
	q, err := plugin.Query(f.NamespaceFlag, f.QueryFlag, f.FilterFlag)
	if err != nil {
		return nil, err
	}
	if f.Type != "" {
		q.Set("filters[type][EQUALS]", f.Type)
	}
	return q, nil
}

func assetColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("TYPE", "type"),
		plugin.Col("DISPLAY NAME", "displayName"), plugin.Col("DESCRIPTION", "description")}
}

// List is "assets list".
type List struct {
	AssetFilters     `embed:""`
	Sort             string `placeholder:"FIELD:asc|desc" help:"Sort by id, namespace, type, created or updated."`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*List) Examples() []string {
	return []string{"kestractl assets list", "kestractl assets list -n shop.data --type TABLE -o json"}
}

// Run lists the assets.
func (l *List) Run(c *plugin.Context) error {
	q, err := l.query()
	if err != nil {
		return err
	}
	if l.Sort != "" {
		q["sort"] = []string{l.Sort}
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	err = c.List(l.ListFlags, plugin.Listing{Noun: "asset", Columns: assetColumns(), Path: cl.AssetsPath(), Query: q,
		Namespace: l.Namespace})
	return fail(c, err, "")
}

// Get is "assets get <id>".
type Get struct {
	ID string `arg:"" help:"The asset's id."`
}

// Examples implements manifest.Exampler.
func (*Get) Examples() []string {
	return []string{"kestractl assets get orders", "kestractl assets get orders -o json"}
}

// Run shows the asset.
func (g *Get) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, asset(g.ID).Check())
	if err != nil {
		return err
	}
	raw, _, err := cl.GetAsset(c, g.ID)
	if err != nil {
		return asset(g.ID).Fail(c, err)
	}
	return c.Object(raw)
}

// Create is "assets create --file FILE".
type Create struct {
	File string `short:"f" required:"" completer:"file" help:"The asset's YAML definition (id, namespace, type, displayName, description, metadata; - reads stdin)."`
}

// Examples implements manifest.Exampler.
func (*Create) Examples() []string {
	return []string{"kestractl assets create --file assets/raw_orders.yaml"}
}

// Run creates the asset.
func (cr *Create) Run(c *plugin.Context) error {
	cl, src, err := cmdutil.OpenSource(c, cr.File, "asset")
	if err != nil {
		return err
	}
	raw, a, err := cl.CreateAsset(c, src)
	if err != nil {
		return fail(c, err, "")
	}
	return cmdutil.Saved(c, raw, "Asset '%s' (%s) saved in namespace '%s'.", a.ID, a.Type, a.Namespace)
}

// Delete is "assets delete <id>".
type Delete struct {
	ID string `arg:"" help:"The asset's id."`
}

// Examples implements manifest.Exampler.
func (*Delete) Examples() []string {
	return []string{"kestractl assets delete raw_orders", "kestractl assets delete raw_orders --yes"}
}

// Run deletes the asset after confirmation.
func (d *Delete) Run(c *plugin.Context) error {
	return cmdutil.Delete(c, asset(d.ID), func(a *api.Asset) cmdutil.Deletion {
		return cmdutil.Deletion{Question: fmt.Sprintf("Delete asset '%s' in %s?", d.ID, a.Namespace),
			Fields: map[string]string{"id": d.ID}, Done: fmt.Sprintf("Asset '%s' deleted.", d.ID)}
	})
}

// Dependencies is "assets dependencies <id>".
type Dependencies struct {
	ID              string `arg:"" help:"The asset's id."`
	DestinationOnly bool   `name:"destination-only" help:"Only what depends on the asset (downstream)."`
	ExpandAll       bool   `name:"expand-all" help:"Follow the lineage transitively."`
}

// Examples implements manifest.Exampler.
func (*Dependencies) Examples() []string {
	return []string{"kestractl assets dependencies staging_orders", "kestractl assets dependencies staging_orders --expand-all -o json"}
}

// Run shows the graph: its nodes (table), or the server's graph (json).
func (d *Dependencies) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, asset(d.ID).Check())
	if err != nil {
		return err
	}
	raw, err := cl.AssetDependencies(c, d.ID, d.DestinationOnly, d.ExpandAll)
	if err != nil {
		return asset(d.ID).Fail(c, err)
	}
	if c.Structured() {
		return c.Object(raw)
	}
	return showGraph(c, raw)
}

// DeleteByIDs is "assets delete-by-ids <id>...".
type DeleteByIDs struct {
	IDs []string `arg:"" name:"id" help:"The assets' ids."`
}

// Examples implements manifest.Exampler.
func (*DeleteByIDs) Examples() []string {
	return []string{"kestractl assets delete-by-ids raw_orders staging_orders --yes"}
}

// Run deletes the assets after confirmation.
func (d *DeleteByIDs) Run(c *plugin.Context) error {
	for _, id := range d.IDs {
		if err := checkID(id); err != nil {
			return err
		}
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	return fail(c, c.BulkByIDs(d.IDs, byIDs(cl)), "")
}

// DeleteByQuery is "assets delete-by-query".
type DeleteByQuery struct {
	AssetFilters        `embed:""`
	Purge               bool `help:"Purge the matched assets for good (also those already deleted)."`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*DeleteByQuery) Examples() []string {
	return []string{"kestractl assets delete-by-query -n shop.data --dry-run", "kestractl assets delete-by-query -n shop.data --type TABLE --purge --yes"}
}

// Help implements kong.HelpProvider.
func (*DeleteByQuery) Help() string {
	return `The assets the filters match are counted and the question names that count; without --purge exactly
those are deleted by id. The report has one result per asset: id, status (deleted, purged or failed, with the
error). At least one filter is needed.`
}

// Run deletes the matching assets.
func (d *DeleteByQuery) Run(c *plugin.Context) error {
	q, err := d.query()
	if err != nil {
		return err
	}
	if len(q) == 0 {
		return cmderr.Usagef("give at least one filter (-n, -q, --type, --filter): which assets to delete")
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	if d.Purge {
		return fail(c, byQuery(c, d.DryRun, query{noun: "asset", verb: "Purge", done: "purged", path: cl.AssetsPath(), q: q,
			columns: assetColumns(), id: plugin.JSONField("id"),
			del: func(ctx context.Context) (int, error) { return cl.DeleteAssetsByQuery(ctx, q, true) }}), "")
	}
	b := byIDs(cl)
	b.Path, b.Query, b.Columns, b.ID = cl.AssetsPath(), q, assetColumns(), plugin.JSONField("id")
	return fail(c, c.BulkByQuery(d.ByQueryFlags, b), "")
}
