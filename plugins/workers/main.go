// Command kestractl-workers is the kestractl plugin serving `workers`.
package main

import (
	"github.com/kestractl/kestractl/plugins/workers/commands"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	plugin.Serve(commands.Plugin(version))
}
