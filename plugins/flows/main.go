// Command kestractl-flows is the kestractl plugin serving flows,
// executions and namespaces.
package main

import (
	"github.com/kestractl/kestractl/plugins/flows/commands"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	plugin.Serve(commands.Plugin(version))
}
