// Command kestractl-artifacts is the kestractl plugin serving `plugins`:
// list the Kestra plugins compatible with a Kestra version and download
// their JARs, verified, for standalone workers.
package main

import (
	"github.com/kestractl/kestractl/plugins/artifacts/commands"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	plugin.Serve(commands.Plugin(version))
}
