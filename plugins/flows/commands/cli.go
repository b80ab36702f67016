// Package commands is the flows plugin's grammar and commands: flows,
// executions and namespaces.
package commands

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CLI is the plugin's grammar: the groups it serves.
type CLI struct {
	Flows      Flows      `cmd:"" help:"List, get, deploy, validate and delete flows."`
	Executions Executions `cmd:"" help:"Run flows and inspect executions and their logs."`
	Namespaces Namespaces `cmd:"" help:"List and inspect namespaces."`
}

// Flows is the flows group.
type Flows struct {
	List     FlowsList     `cmd:"" aliases:"ls" help:"List flows (every page), optionally of one namespace."`
	Get      FlowsGet      `cmd:"" aliases:"show,describe" help:"Print a flow: its YAML source as stored (table), or the flow object (json, yaml)."`
	Deploy   FlowsDeploy   `cmd:"" aliases:"create,apply" help:"Create or update flows from YAML files or directories. Never deletes a flow."`
	Validate FlowsValidate `cmd:"" aliases:"check" help:"Validate flow files on the server; exits non-zero if any is invalid."`
	Delete   FlowsDelete   `cmd:"" aliases:"rm,del" help:"Delete a flow (asks for confirmation unless --yes)."`
}

// Executions is the executions group.
type Executions struct {
	Run  ExecutionsRun  `cmd:"" aliases:"trigger,execute" help:"Start an execution of a flow, optionally waiting for its end."`
	Get  ExecutionsGet  `cmd:"" aliases:"show,describe" help:"Show an execution."`
	List ExecutionsList `cmd:"" aliases:"ls" help:"List executions (every page unless --page or --size is given)."`
	Logs ExecutionsLogs `cmd:"" help:"Print an execution's logs, optionally following them until it ends."`
	Kill ExecutionsKill `cmd:"" aliases:"cancel" help:"Kill a running execution (asks for confirmation unless --yes)."`
}

// Namespaces is the namespaces group.
type Namespaces struct {
	List NamespacesList `cmd:"" aliases:"ls" help:"List namespaces (every page)."`
	Get  NamespacesGet  `cmd:"" aliases:"show,describe" help:"Show a namespace."`
}

// client returns the API client of the command.
func client(c *plugin.Context) (*api.Client, error) {
	k, err := c.Kestra()
	if err != nil {
		return nil, err
	}
	return api.New(k), nil
}
