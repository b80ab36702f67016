// Command kestractl-workers is the kestractl plugin serving `workers`.
package main

import (
	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/plugins/workers/commands"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	plugin.Serve(Plugin())
}

// Plugin is the workers plugin definition.
func Plugin() plugin.Plugin {
	return plugin.Plugin{
		Name:    "workers",
		Version: version,
		New:     func() any { return &commands.CLI{} },
		Options: []kong.Option{kong.Vars(commands.Vars())},
	}
}
