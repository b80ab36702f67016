// Package blueprints is the "blueprints" command group: the community
// catalog (both editions) and the tenant's own flow blueprints (Kestra
// Enterprise), with templated blueprints turned into flows.
package blueprints

import (
	"fmt"
	"strings"

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

func notFound(id string) string { return fmt.Sprintf("blueprint %q not found", id) }

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
