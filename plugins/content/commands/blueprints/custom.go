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
	b := blueprint{id: g.ID, custom: true}
	cl, err := cmdutil.Open(c, b.Check())
	if err != nil {
		return err
	}
	raw, _, err := cl.CustomBlueprint(c, g.ID)
	if err != nil {
		return b.Fail(c, err)
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
	b := blueprint{id: s.ID, custom: true}
	cl, err := cmdutil.Open(c, b.Check())
	if err != nil {
		return err
	}
	src, err := cl.CustomSource(c, s.ID)
	if err != nil {
		return b.Fail(c, err)
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
	return blueprint{custom: true}.save(c, cr.BodyFlags, kind)
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
	return blueprint{id: u.ID, custom: true}.save(c, u.BodyFlags, "")
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
func (d *CustomDelete) Run(c *plugin.Context) error {
	return deleteBlueprint(c, blueprint{id: d.ID, custom: true})
}
