// Package commands is the flows plugin's grammar: the groups it serves,
// each in its own package.
package commands

import (
	"github.com/kestractl/kestractl/plugins/flows/commands/executions"
	"github.com/kestractl/kestractl/plugins/flows/commands/flows"
	"github.com/kestractl/kestractl/plugins/flows/commands/logs"
	"github.com/kestractl/kestractl/plugins/flows/commands/namespaces"
	"github.com/kestractl/kestractl/plugins/flows/commands/triggers"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CLI is the plugin's grammar: the groups it serves.
type CLI struct {
	Flows      flows.Group      `cmd:"" help:"Deploy, validate, sync, export and inspect flows; enable, disable and delete them."`
	Executions executions.Group `cmd:"" help:"Run flows; look at, follow and act on their executions."`
	Namespaces namespaces.Group `cmd:"" help:"List and inspect namespaces."`
	Logs       logs.Group       `cmd:"" help:"Read, search, download and delete the logs of executions."`
	Triggers   triggers.Group   `cmd:"" help:"List, enable, disable, unlock and backfill triggers."`
}

// Plugin is the flows plugin.
func Plugin(version string) plugin.Plugin {
	return plugin.Plugin{
		Name:     "flows",
		Version:  version,
		New:      func() any { return &CLI{} },
		Complete: Complete,
	}
}
