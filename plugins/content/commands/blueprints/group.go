// Package blueprints is the "blueprints" command group: the community
// catalog (both editions) and the tenant's own flow blueprints (Kestra
// Enterprise), with templated blueprints turned into flows.
package blueprints

import (
	"context"
	"strings"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Group is "kestractl blueprints".
type Group struct {
	Community Community `cmd:"" help:"Browse the community blueprints."`
	Flow      Flow      `cmd:"" help:"The tenant's flow blueprints: list, get, create, update, delete, use-template (Enterprise)."`
	Custom    Custom    `cmd:"" help:"The tenant's blueprints through the custom routes (Enterprise)."`
}

// Community is "kestractl blueprints community".
type Community struct {
	Search CommunitySearch `cmd:"" aliases:"list,ls" help:"Search the community blueprints."`
	Get    CommunityGet    `cmd:"" aliases:"show" help:"Show a community blueprint."`
	Source CommunitySource `cmd:"" help:"Print the YAML source of a community blueprint."`
	Graph  CommunityGraph  `cmd:"" help:"Show the topology graph of a community flow blueprint."`
}

// Flow is "kestractl blueprints flow".
type Flow struct {
	List        FlowList        `cmd:"" aliases:"ls" help:"List the tenant's flow blueprints."`
	Get         FlowGet         `cmd:"" aliases:"show" help:"Print a flow blueprint: its source (table) or the blueprint object (json, yaml)."`
	Create      FlowCreate      `cmd:"" help:"Create a flow blueprint from a flow source file."`
	Update      FlowUpdate      `cmd:"" help:"Replace a flow blueprint's title, description, tags and source."`
	Delete      FlowDelete      `cmd:"" aliases:"rm" help:"Delete a flow blueprint (asks first; --yes to skip)."`
	UseTemplate FlowUseTemplate `cmd:"" name:"use-template" help:"Generate a flow from a templated blueprint; print it, write it to a file, or deploy it."`
}

// Custom is "kestractl blueprints custom".
type Custom struct {
	Get    CustomGet    `cmd:"" aliases:"show" help:"Show a tenant blueprint."`
	Source CustomSource `cmd:"" help:"Print the YAML source of a tenant blueprint."`
	Create CustomCreate `cmd:"" help:"Create a tenant blueprint from a source file."`
	Update CustomUpdate `cmd:"" help:"Replace a tenant blueprint's title, description, tags and source."`
	Delete CustomDelete `cmd:"" aliases:"rm" help:"Delete a tenant blueprint (asks first; --yes to skip)."`
}

// what names the Enterprise feature in errors.
const what = "tenant blueprints"

func fail(c *plugin.Context, err error, notFound string, args ...any) error {
	return cmdutil.Fail(c, err, what, notFound, args...)
}

// blueprint is the tenant blueprint a command names by id ("" for one
// being created); custom: through the custom routes.
type blueprint struct {
	id     string
	custom bool
}

// Check refuses an id that cannot name a blueprint.
func (b blueprint) Check() error { return cmdutil.CheckID("blueprint id", b.id) }

// Fail explains an error of a call about the blueprint.
func (b blueprint) Fail(c *plugin.Context, err error) error {
	return fail(c, err, "blueprint %q not found", b.id)
}

// Find reads the blueprint.
func (b blueprint) Find(ctx context.Context, cl *api.Client) (*api.Blueprint, error) {
	_, bp, err := cl.FlowBlueprint(ctx, b.id, false)
	return bp, err
}

// Delete deletes the blueprint.
func (b blueprint) Delete(ctx context.Context, cl *api.Client) error {
	return cl.DeleteFlowBlueprint(ctx, b.id, b.custom)
}

// save creates the blueprint (no id) or replaces it with the body of f
// (kind: the kind of a new custom blueprint) and reports it.
func (b blueprint) save(c *plugin.Context, f BodyFlags, kind string) error {
	if b.id != "" {
		if err := b.Check(); err != nil {
			return err
		}
	}
	body, err := f.body(c, kind)
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	save := cl.SaveFlowBlueprint
	if b.custom {
		save = cl.SaveCustomBlueprint
	}
	raw, saved, err := save(c, b.id, body)
	switch {
	case err != nil && b.id == "":
		return fail(c, err, "")
	case err != nil:
		return b.Fail(c, err)
	case b.id == "":
		return cmdutil.Saved(c, raw, "Blueprint '%s' created with id %s.", saved.Title, saved.ID)
	case b.custom:
		return cmdutil.Saved(c, raw, "Blueprint %s updated.", b.id)
	}
	return cmdutil.Saved(c, raw, "Blueprint '%s' (%s) updated.", saved.Title, b.id)
}

// kinds are Kestra's blueprint kinds.
var kinds = []string{"FLOW", "DASHBOARD", "APP"}

// KindFlag is --kind.
type KindFlag struct {
	Kind string `default:"FLOW" placeholder:"KIND" values:"FLOW,DASHBOARD,APP" help:"Blueprint kind: FLOW, DASHBOARD or APP."`
}

func (k KindFlag) kind() (string, error) {
	up := strings.ToUpper(k.Kind)
	for _, v := range kinds {
		if v == up {
			return up, nil
		}
	}
	return "", cmderr.Usagef("unknown --kind %q: use FLOW, DASHBOARD or APP", k.Kind)
}
