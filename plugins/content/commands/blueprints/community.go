package blueprints

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CommunitySearch is "blueprints community search".
type CommunitySearch struct {
	KindFlag         `embed:""`
	plugin.QueryFlag `embed:""`
	Tag              []string `placeholder:"TAG" help:"Only blueprints with one of these tags (repeatable)."`
	Sort             string   `placeholder:"FIELD:asc|desc" help:"Sort by id, title or publishedAt."`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*CommunitySearch) Examples() []string {
	return []string{"kestractl blueprints community search -q hello", "kestractl blueprints community search --kind DASHBOARD -o json"}
}

// Run searches the catalog.
func (s *CommunitySearch) Run(c *plugin.Context) error {
	kind, err := s.kind()
	if err != nil {
		return err
	}
	q, err := plugin.Query(s.QueryFlag)
	if err != nil {
		return err
	}
	if len(s.Tag) > 0 {
		q.Set("filters[tags][IN]", strings.Join(s.Tag, ","))
	}
	if s.Sort != "" {
		q.Set("sort", s.Sort)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	return c.List(s.ListFlags, plugin.Listing{
		Noun:    "blueprint",
		Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("TITLE", "title"), plugin.Col("TAGS", "tags")},
		Path:    cl.CommunityPath(kind), Query: q,
	})
}

// communityRef is the blueprint of a community command.
type communityRef struct {
	ID       string `arg:"" help:"The blueprint's id (from search)."`
	KindFlag `embed:""`
}

// CommunityGet is "blueprints community get <id>".
type CommunityGet struct{ communityRef }

// Examples implements manifest.Exampler.
func (*CommunityGet) Examples() []string {
	return []string{"kestractl blueprints community get hello-world", "kestractl blueprints community get executions-overview --kind DASHBOARD -o json"}
}

// Run shows the blueprint.
func (g *CommunityGet) Run(c *plugin.Context) error {
	cl, kind, err := g.open(c)
	if err != nil {
		return err
	}
	raw, err := cl.CommunityBlueprint(c, kind, g.ID)
	if err != nil {
		return kestra.NotFoundAs(err, "%s blueprint %q not found", strings.ToLower(kind), g.ID)
	}
	return c.Object(raw, plugin.Col("ID", "id"), plugin.Col("TITLE", "title"), plugin.Col("TAGS", "tags"), plugin.Col("TASKS", "includedTasks"))
}

// open checks the kind and the id given and returns the API client and
// the kind.
func (r communityRef) open(c *plugin.Context) (*api.Client, string, error) {
	kind, err := r.kind()
	if err != nil {
		return nil, "", err
	}
	cl, err := cmdutil.Open(c, cmdutil.CheckID("blueprint id", r.ID))
	return cl, kind, err
}

// CommunitySource is "blueprints community source <id>".
type CommunitySource struct{ communityRef }

// Examples implements manifest.Exampler.
func (*CommunitySource) Examples() []string {
	return []string{"kestractl blueprints community source hello-world > flows/hello.yaml"}
}

// Help implements kong.HelpProvider.
func (*CommunitySource) Help() string {
	return "The YAML is printed as the server stores it, whatever -o says."
}

// Run prints the source.
func (s *CommunitySource) Run(c *plugin.Context) error {
	cl, kind, err := s.open(c)
	if err != nil {
		return err
	}
	src, err := cl.CommunitySource(c, kind, s.ID)
	if err != nil {
		return kestra.NotFoundAs(err, "%s blueprint %q not found", strings.ToLower(kind), s.ID)
	}
	return printSource(c, string(src))
}

// CommunityGraph is "blueprints community graph <id>".
type CommunityGraph struct{ communityRef }

// Examples implements manifest.Exampler.
func (*CommunityGraph) Examples() []string {
	return []string{"kestractl blueprints community graph hello-world", "kestractl blueprints community graph hello-world -o json"}
}

// Run shows the graph: its nodes (table) or the server's graph (json).
func (g *CommunityGraph) Run(c *plugin.Context) error {
	cl, kind, err := g.open(c)
	if err != nil {
		return err
	}
	raw, err := cl.CommunityGraph(c, kind, g.ID)
	if err != nil {
		return kestra.NotFoundAs(err, "%s blueprint %q has no graph (only flow blueprints have one)", strings.ToLower(kind), g.ID)
	}
	if c.Structured() {
		return c.Object(raw)
	}
	var gr struct {
		Nodes []map[string]any  `json:"nodes"`
		Edges []json.RawMessage `json:"edges"`
	}
	if err := json.Unmarshal(raw, &gr); err != nil {
		return err
	}
	t := c.Table(plugin.Col("UID", "uid"), plugin.Col("TYPE", "type"), plugin.Col("TASK", "task.id"), plugin.Col("TASK TYPE", "task.type"))
	for _, n := range gr.Nodes {
		if err := t.Add(n); err != nil {
			return err
		}
	}
	return t.Close(fmt.Sprintf("%d nodes, %d edges (-o json for the whole graph)", len(gr.Nodes), len(gr.Edges)))
}

// printSource prints a YAML source on stdout, ending with a newline.
func printSource(c *plugin.Context, src string) error {
	if !strings.HasSuffix(src, "\n") {
		src += "\n"
	}
	_, err := c.Stdout().Write([]byte(src))
	return err
}
