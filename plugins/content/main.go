// Command kestractl-content is the kestractl plugin serving Kestra's
// content kept as code: test suites, apps, dashboards, blueprints, assets
// and reusable inputs.
package main

import (
	"github.com/kestractl/kestractl/plugins/content/commands"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	plugin.Serve(commands.Plugin(version))
}
