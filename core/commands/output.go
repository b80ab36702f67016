package commands

import (
	"encoding/json"
	"strings"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/render"
	"github.com/kestractl/kestractl/core/settings"
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// output prints core commands' data through the same renderer plugins
// use, so tables, JSON and YAML look the same everywhere.
type output struct {
	format string
	r      *render.Renderer
}

type column struct{ header, path string }

// newOutput resolves the output format for a core command: --output, then
// KESTRACTL_OUTPUT, then table (a core command uses no context).
func newOutput(rt *Runtime, g *cli.Globals) (*output, error) {
	format := g.Output
	if format == "" {
		format = rt.Env(settings.EnvOutput)
	}
	format = strings.ToLower(strings.TrimSpace(format))
	if format == "" {
		format = "table"
	}
	switch format {
	case "table", "json", "yaml":
	default:
		return nil, cmderr.Usagef("unsupported output format %q: use table, json or yaml", format)
	}
	o, err := g.RenderOptions(format)
	if err != nil {
		return nil, err
	}
	return &output{format: o.Format, r: render.New(rt.IO.Stdout, rt.IO.Stderr, o)}, nil
}

func (o *output) object(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return o.r.Render(&pb.RenderRequest{Kind: &pb.RenderRequest_Object{Object: &pb.Object{Json: b}}})
}

func (o *output) list(cols []column, rows []any) error {
	page := &pb.TablePage{View: &pb.View{}, Final: true}
	for _, c := range cols {
		page.View.Columns = append(page.View.Columns, &pb.Column{Header: c.header, Path: c.path})
	}
	for _, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		page.Records = append(page.Records, b)
	}
	return o.r.Render(&pb.RenderRequest{Kind: &pb.RenderRequest_Table{Table: page}})
}
