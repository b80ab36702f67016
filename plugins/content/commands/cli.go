// Package commands is the content plugin's grammar: the groups it serves,
// each in its own package.
package commands

import (
	"github.com/kestractl/kestractl/plugins/content/commands/apps"
	"github.com/kestractl/kestractl/plugins/content/commands/assets"
	"github.com/kestractl/kestractl/plugins/content/commands/blueprints"
	"github.com/kestractl/kestractl/plugins/content/commands/dashboards"
	"github.com/kestractl/kestractl/plugins/content/commands/reusableinputs"
	"github.com/kestractl/kestractl/plugins/content/commands/testsuites"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CLI is the plugin's grammar. Test suites, apps, assets, reusable inputs
// and tenant blueprints are Kestra Enterprise features; dashboards and the
// community blueprints exist in both editions, so the plugin is not marked
// Enterprise as a whole: each Enterprise group says so in its help.
type CLI struct {
	TestSuites     testsuites.Group     `cmd:"" name:"test-suites" help:"Test suites as code, and the CI gate that runs them (Enterprise)."`
	Apps           apps.Group           `cmd:"" help:"Apps as code: list, deploy, export, import, enable, disable (Enterprise)."`
	Dashboards     dashboards.Group     `cmd:"" help:"Dashboards as code and the data of their charts (tables, CSV)."`
	Blueprints     blueprints.Group     `cmd:"" help:"Community blueprints, and the tenant's own flow blueprints and templates (tenant blueprints: Enterprise)."`
	Assets         assets.Group         `cmd:"" help:"Data assets, their lineage and usages (Enterprise)."`
	ReusableInputs reusableinputs.Group `cmd:"" name:"reusable-inputs" aliases:"ri" help:"Reusable sets of flow inputs, per namespace, with revisions (Enterprise)."`
}

// Plugin is the content plugin.
func Plugin(version string) plugin.Plugin {
	return plugin.Plugin{
		Name:     "content",
		Version:  version,
		New:      func() any { return &CLI{} },
		Complete: Complete,
	}
}
