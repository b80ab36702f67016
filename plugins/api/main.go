// Command kestractl-api is the kestractl plugin serving `api`: any endpoint
// of the Kestra API from one command.
package main

import (
	"github.com/kestractl/kestractl/plugins/api/commands"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	plugin.Serve(commands.Plugin(version, commands.ContextProtected))
}
