package dashboards

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List is "dashboards list".
type List struct {
	Query            string `short:"q" help:"Free-text search (id, title, description)."`
	Sort             string `placeholder:"FIELD:asc|desc" help:"Sort by id, title, created or updated."`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*List) Examples() []string {
	return []string{"kestractl dashboards list", "kestractl dashboards list -q ops -o json"}
}

// Run lists the dashboards.
func (l *List) Run(c *plugin.Context) error {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	q := map[string][]string{}
	if l.Query != "" {
		q["q"] = []string{l.Query}
	}
	if l.Sort != "" {
		q["sort"] = []string{l.Sort}
	}
	err = c.List(l.ListFlags, plugin.Listing{
		Noun:    "dashboard",
		Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("TITLE", "title"), plugin.Col("UPDATED", "age"), plugin.Col("DESCRIPTION", "description")},
		Path:    cl.DashboardsPath(), Query: q,
		Row: func(item json.RawMessage) (json.RawMessage, error) {
			var m map[string]any
			if err := json.Unmarshal(item, &m); err != nil {
				return nil, err
			}
			if u, ok := m["updated"].(string); ok {
				m["age"] = plugin.Age(u, time.Now())
			}
			return json.Marshal(m)
		},
	})
	return fail(c, err, "")
}

// Get is "dashboards get <id>".
type Get struct {
	ID string `arg:"" completer:"dashboard" help:"The dashboard's id."`
}

// Examples implements manifest.Exampler.
func (*Get) Examples() []string {
	return []string{"kestractl dashboards get ops > dashboards/ops.yaml", "kestractl dashboards get ops -o json"}
}

// Run prints the dashboard.
func (g *Get) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, dashboard(g.ID).Check())
	if err != nil {
		return err
	}
	raw, d, err := cl.GetDashboard(c, g.ID)
	if err != nil {
		return dashboard(g.ID).Fail(c, err)
	}
	return cmdutil.SourceOf(c, raw, d.SourceCode, "dashboard")
}

// Create is "dashboards create --file FILE".
type Create struct {
	File string `short:"f" required:"" completer:"file" help:"The dashboard's YAML file (- reads stdin)."`
}

// Examples implements manifest.Exampler.
func (*Create) Examples() []string {
	return []string{"kestractl dashboards create --file dashboards/ops.yaml"}
}

// Run creates the dashboard.
func (cr *Create) Run(c *plugin.Context) error {
	cl, src, err := cmdutil.OpenSource(c, cr.File, "dashboard")
	if err != nil {
		return err
	}
	raw, d, err := cl.CreateDashboard(c, src)
	if err != nil {
		return fail(c, err, "")
	}
	return cmdutil.Saved(c, raw, "Dashboard '%s' (%s) created.", d.ID, d.Title)
}

// Update is "dashboards update <id> --file FILE".
type Update struct {
	ID   string `arg:"" completer:"dashboard" help:"The dashboard's id."`
	File string `short:"f" required:"" completer:"file" help:"The dashboard's new YAML source (- reads stdin)."`
}

// Examples implements manifest.Exampler.
func (*Update) Examples() []string {
	return []string{"kestractl dashboards update ops --file dashboards/ops.yaml"}
}

// Run replaces the dashboard's source.
func (u *Update) Run(c *plugin.Context) error {
	cl, src, err := cmdutil.OpenSource(c, u.File, "dashboard", dashboard(u.ID).Check())
	if err != nil {
		return err
	}
	raw, d, err := cl.UpdateDashboard(c, u.ID, src)
	if err != nil {
		return dashboard(u.ID).Fail(c, err)
	}
	return cmdutil.Saved(c, raw, "Dashboard '%s' updated.", d.ID)
}

// Delete is "dashboards delete <id>".
type Delete struct {
	ID string `arg:"" completer:"dashboard" help:"The dashboard's id."`
}

// Examples implements manifest.Exampler.
func (*Delete) Examples() []string {
	return []string{"kestractl dashboards delete ops", "kestractl dashboards delete ops --yes"}
}

// Run deletes the dashboard after confirmation.
func (d *Delete) Run(c *plugin.Context) error {
	return cmdutil.Delete(c, dashboard(d.ID), func(cur *api.Dashboard) cmdutil.Deletion {
		return cmdutil.Deletion{Question: fmt.Sprintf("Delete dashboard '%s' (%s)?", d.ID, cur.Title),
			Fields: map[string]string{"id": d.ID}, Done: fmt.Sprintf("Dashboard '%s' deleted.", d.ID)}
	})
}

// Defaults is "dashboards defaults".
type Defaults struct{}

// Examples implements manifest.Exampler.
func (*Defaults) Examples() []string {
	return []string{"kestractl dashboards defaults", "kestractl dashboards defaults -o json"}
}

// Run shows the default dashboards.
func (*Defaults) Run(c *plugin.Context) error {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.DefaultDashboards(c)
	if err != nil {
		return fail(c, err, "")
	}
	return c.Object(raw)
}

// Validate is "dashboards validate --file FILE".
type Validate struct {
	File string `short:"f" required:"" completer:"file" help:"The dashboard's YAML file (- reads stdin)."`
}

// Examples implements manifest.Exampler.
func (*Validate) Examples() []string {
	return []string{"kestractl dashboards validate --file dashboards/ops.yaml"}
}

// Run validates the dashboard.
func (v *Validate) Run(c *plugin.Context) error {
	cl, src, err := cmdutil.OpenSource(c, v.File, "dashboard")
	if err != nil {
		return err
	}
	res, err := cl.ValidateDashboard(c, src)
	if err != nil {
		return fail(c, err, "")
	}
	return cmdutil.ValidationReport(c, "dashboards", cmdutil.FileLabel(v.File), res, cmdutil.IDOf(src))
}

// ValidateChart is "dashboards validate-chart --file FILE".
type ValidateChart struct {
	File string `short:"f" required:"" completer:"file" help:"The chart's YAML file (one chart, as under a dashboard's charts; - reads stdin)."`
}

// Examples implements manifest.Exampler.
func (*ValidateChart) Examples() []string {
	return []string{"kestractl dashboards validate-chart --file charts/by_state.yaml"}
}

// Run validates the chart.
func (v *ValidateChart) Run(c *plugin.Context) error {
	cl, src, err := cmdutil.OpenSource(c, v.File, "chart")
	if err != nil {
		return err
	}
	res, err := cl.ValidateChart(c, src)
	if err != nil {
		return fail(c, err, "")
	}
	return cmdutil.ValidationReport(c, "charts", cmdutil.FileLabel(v.File), res, cmdutil.IDOf(src))
}
