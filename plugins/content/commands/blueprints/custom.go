package blueprints

import (
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CustomGet is "blueprints custom get <id>".
type CustomGet struct {
	ID string `arg:"" help:"The blueprint's id."`
}

// Examples implements manifest.Exampler.
func (*CustomGet) Examples() []string {
	return []string{"kestractl blueprints custom get 2bQf1yK7wV0mX3", "kestractl blueprints custom get 2bQf1yK7wV0mX3 -o json"}
}

// Run shows the blueprint (without its source: see custom source).
func (g *CustomGet) Run(c *plugin.Context) error {
	if err := cmdutil.CheckID("blueprint id", g.ID); err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, _, err := cl.CustomBlueprint(c, g.ID)
	if err != nil {
		return fail(c, err, "%s", notFound(g.ID))
	}
	return c.Object(raw, plugin.Col("ID", "id"), plugin.Col("TITLE", "title"), plugin.Col("TAGS", "tags"), plugin.Col("DESCRIPTION", "description"))
}

// CustomSource is "blueprints custom source <id>".
type CustomSource struct {
	ID string `arg:"" help:"The blueprint's id."`
}

// Examples implements manifest.Exampler.
func (*CustomSource) Examples() []string {
	return []string{"kestractl blueprints custom source 2bQf1yK7wV0mX3 > blueprints/etl.yaml"}
}

// Run prints the source.
func (s *CustomSource) Run(c *plugin.Context) error {
	if err := cmdutil.CheckID("blueprint id", s.ID); err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	src, err := cl.CustomSource(c, s.ID)
	if err != nil {
		return fail(c, err, "%s", notFound(s.ID))
	}
	return printSource(c, string(src))
}

// CustomCreate is "blueprints custom create".
type CustomCreate struct {
	BodyFlags `embed:""`
	KindFlag  `embed:""`
}

// Examples implements manifest.Exampler.
func (*CustomCreate) Examples() []string {
	return []string{`kestractl blueprints custom create --title "Hello" --source-file blueprints/hello.yaml --tag Core`}
}

// Run creates the blueprint.
func (cr *CustomCreate) Run(c *plugin.Context) error {
	kind, err := cr.kind()
	if err != nil {
		return err
	}
	body, err := cr.body(c, kind)
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, b, err := cl.SaveCustomBlueprint(c, "", body)
	if err != nil {
		return fail(c, err, "")
	}
	return cmdutil.Saved(c, raw, "Blueprint '%s' created with id %s.", b.Title, b.ID)
}

// CustomUpdate is "blueprints custom update <id>".
type CustomUpdate struct {
	ID        string `arg:"" help:"The blueprint's id."`
	BodyFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*CustomUpdate) Examples() []string {
	return []string{`kestractl blueprints custom update 2bQf1yK7wV0mX3 --title "Hello again" --source-file blueprints/hello.yaml`}
}

// Run replaces the blueprint.
func (u *CustomUpdate) Run(c *plugin.Context) error {
	if err := cmdutil.CheckID("blueprint id", u.ID); err != nil {
		return err
	}
	body, err := u.body(c, "")
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, _, err := cl.SaveCustomBlueprint(c, u.ID, body)
	if err != nil {
		return fail(c, err, "%s", notFound(u.ID))
	}
	return cmdutil.Saved(c, raw, "Blueprint %s updated.", u.ID)
}

// CustomDelete is "blueprints custom delete <id>".
type CustomDelete struct {
	ID string `arg:"" help:"The blueprint's id."`
}

// Examples implements manifest.Exampler.
func (*CustomDelete) Examples() []string {
	return []string{"kestractl blueprints custom delete 2bQf1yK7wV0mX3 --yes"}
}

// Run deletes the blueprint after confirmation.
func (d *CustomDelete) Run(c *plugin.Context) error { return deleteBlueprint(c, d.ID, true) }
