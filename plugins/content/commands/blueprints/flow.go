package blueprints

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/yamldoc"
)

// FlowList is "blueprints flow list".
type FlowList struct {
	plugin.QueryFlag `embed:""`
	Tag              []string `placeholder:"TAG" help:"Only blueprints with one of these tags (repeatable)."`
	Sort             string   `placeholder:"FIELD:asc|desc" help:"Sort by id, title or publishedAt."`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*FlowList) Examples() []string {
	return []string{"kestractl blueprints flow list", "kestractl blueprints flow list --tag ETL -q steps -o json"}
}

// Run lists the tenant's blueprints.
func (l *FlowList) Run(c *plugin.Context) error {
	q, err := plugin.Query(l.QueryFlag)
	if err != nil {
		return err
	}
	if len(l.Tag) > 0 {
		q.Set("filters[tags][IN]", strings.Join(l.Tag, ","))
	}
	if l.Sort != "" {
		q.Set("sort", l.Sort)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	err = c.List(l.ListFlags, plugin.Listing{
		Noun:    "blueprint",
		Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("TITLE", "title"), plugin.Col("TAGS", "tags"), plugin.Col("DESCRIPTION", "description")},
		Path:    cl.CustomBlueprintsPath(), Query: q,
	})
	return fail(c, err, "")
}

// FlowGet is "blueprints flow get <id>".
type FlowGet struct {
	ID     string `arg:"" help:"The blueprint's id."`
	Legacy bool   `help:"Read it through the older /blueprints/flow/{id} route."`
}

// Examples implements manifest.Exampler.
func (*FlowGet) Examples() []string {
	return []string{"kestractl blueprints flow get 2bQf1yK7wV0mX3", "kestractl blueprints flow get 2bQf1yK7wV0mX3 -o json"}
}

// Run prints the blueprint.
func (g *FlowGet) Run(c *plugin.Context) error {
	b := blueprint{id: g.ID}
	cl, err := cmdutil.Open(c, b.Check())
	if err != nil {
		return err
	}
	raw, bp, err := cl.FlowBlueprint(c, g.ID, g.Legacy)
	if err != nil {
		return b.Fail(c, err)
	}
	return cmdutil.SourceOf(c, raw, bp.Source, "blueprint")
}

// BodyFlags are the fields of a blueprint written by create and update.
type BodyFlags struct {
	Title       string   `required:"" help:"The blueprint's title."`
	Description string   `help:"The blueprint's description (Markdown)."`
	SourceFile  string   `name:"source-file" required:"" placeholder:"FILE" completer:"file" help:"The flow source (YAML; a templated blueprint declares extend.templateArguments); - reads stdin."`
	Tag         []string `placeholder:"TAG" help:"A tag (repeatable)."`
}

func (f BodyFlags) body(c *plugin.Context, kind string) (api.BlueprintBody, error) {
	src, err := cmdutil.ReadSource(c, f.SourceFile, "blueprint source")
	if err != nil {
		return api.BlueprintBody{}, err
	}
	if strings.TrimSpace(f.Title) == "" {
		return api.BlueprintBody{}, cmderr.Usagef("--title must not be empty")
	}
	return api.BlueprintBody{Title: f.Title, Description: f.Description, Source: string(src), Tags: f.Tag, Kind: kind}, nil
}

// FlowCreate is "blueprints flow create".
type FlowCreate struct {
	BodyFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*FlowCreate) Examples() []string {
	return []string{`kestractl blueprints flow create --title "ETL steps" --source-file blueprints/etl.yaml --tag ETL`}
}

// Run creates the blueprint.
func (cr *FlowCreate) Run(c *plugin.Context) error { return blueprint{}.save(c, cr.BodyFlags, "") }

// FlowUpdate is "blueprints flow update <id>".
type FlowUpdate struct {
	ID        string `arg:"" help:"The blueprint's id."`
	BodyFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*FlowUpdate) Examples() []string {
	return []string{`kestractl blueprints flow update 2bQf1yK7wV0mX3 --title "ETL" --source-file blueprints/etl.yaml`}
}

// Run replaces the blueprint.
func (u *FlowUpdate) Run(c *plugin.Context) error {
	return blueprint{id: u.ID}.save(c, u.BodyFlags, "")
}

// FlowDelete is "blueprints flow delete <id>".
type FlowDelete struct {
	ID string `arg:"" help:"The blueprint's id."`
}

// Examples implements manifest.Exampler.
func (*FlowDelete) Examples() []string {
	return []string{"kestractl blueprints flow delete 2bQf1yK7wV0mX3 --yes"}
}

// Run deletes the blueprint after confirmation.
func (d *FlowDelete) Run(c *plugin.Context) error { return deleteBlueprint(c, blueprint{id: d.ID}) }

// deleteBlueprint deletes the blueprint after confirmation.
func deleteBlueprint(c *plugin.Context, b blueprint) error {
	return cmdutil.Delete(c, b, func(bp *api.Blueprint) cmdutil.Deletion {
		return cmdutil.Deletion{Question: fmt.Sprintf("Delete blueprint '%s' (%s)?", bp.Title, b.id),
			Fields: map[string]string{"id": b.id}, Done: fmt.Sprintf("Blueprint '%s' (%s) deleted.", bp.Title, b.id)}
	})
}

// FlowUseTemplate is "blueprints flow use-template <id> [--input k=v]...".
type FlowUseTemplate struct {
	ID         string   `arg:"" help:"The templated blueprint's id."`
	Input      []string `placeholder:"KEY=VALUE" sep:"none" help:"A template argument (repeatable); lists are comma-separated."`
	OutputFile string   `short:"O" name:"output-file" xor:"out" placeholder:"FILE" completer:"file" help:"Write the generated flow to FILE (atomically)."`
	Deploy     bool     `xor:"out" help:"Deploy the generated flow (create it; with --override, update it if it exists)."`
	Override   bool     `help:"With --deploy, update the flow when it already exists."`
}

// Examples implements manifest.Exampler.
func (*FlowUseTemplate) Examples() []string {
	return []string{
		"kestractl blueprints flow use-template 2bQf1yK7wV0mX3 --input flow_id=etl --input steps=extract,load",
		"kestractl blueprints flow use-template 2bQf1yK7wV0mX3 --input flow_id=etl -O flows/etl.yaml",
		"kestractl blueprints flow use-template 2bQf1yK7wV0mX3 --input flow_id=etl --deploy --override",
	}
}

// Help implements kong.HelpProvider.
func (*FlowUseTemplate) Help() string {
	return `The server checks each argument against its input type and renders the flow. By default the flow's YAML
is printed (-o json: the server's answer); --output-file writes it; --deploy creates the flow (exit 6 if it
exists, unless --override) and prints it as "flows deploy" reports one flow (status created or updated).`
}

// Run generates the flow.
func (u *FlowUseTemplate) Run(c *plugin.Context) error {
	b := blueprint{id: u.ID}
	if err := b.Check(); err != nil {
		return err
	}
	if u.Override && !u.Deploy {
		return cmderr.Usagef("--override goes with --deploy")
	}
	args := map[string]any{}
	for _, in := range u.Input {
		k, v, ok := strings.Cut(in, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return cmderr.Usagef("invalid --input %q: expected KEY=VALUE", in)
		}
		args[k] = v
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, src, err := cl.UseTemplate(c, u.ID, args)
	if err != nil {
		return b.Fail(c, err)
	}
	switch {
	case u.OutputFile != "":
		n, err := cmdutil.WriteFile(c.Path(u.OutputFile), strings.NewReader(src))
		if err != nil {
			return err
		}
		return cmdutil.Written(c, "flows", u.OutputFile, n)
	case u.Deploy:
		return u.deploy(c, cl, []byte(src))
	case c.Structured():
		return c.Object(raw)
	}
	return printSource(c, src)
}

// deploy creates (or, with --override, updates) the generated flow.
func (u *FlowUseTemplate) deploy(c *plugin.Context, cl *api.Client, src []byte) error {
	v, err := yamldoc.Parse("generated flow", src)[0].Require("flow", "namespace", "id")
	if err != nil {
		return cmderr.New(cmderr.Generic, "the generated flow cannot be deployed: %v", err)
	}
	ns, id := v[0], v[1]
	status := "created"
	_, err = cl.CreateFlow(c, src)
	if kestra.IsStatus(err, http.StatusConflict, http.StatusUnprocessableEntity) && u.Override {
		status = "updated"
		_, err = cl.UpdateFlow(c, ns, id, src)
	} else if kestra.IsStatus(err, http.StatusConflict) || (kestra.IsStatus(err, http.StatusUnprocessableEntity) && strings.Contains(err.Error(), "already exists")) {
		return cmderr.New(cmderr.Conflict, "flow '%s' already exists in namespace '%s'", id, ns).WithHint("add --override to update it")
	}
	if err != nil {
		return err
	}
	r := c.Report("flows", plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Column{Header: "STATUS", Path: "status", Format: "status"})
	if err := r.Add(status, map[string]string{"status": status, "namespace": ns, "id": id}); err != nil {
		return err
	}
	return r.Close()
}
