// Command kestractl-nsfiles is the kestractl plugin serving `nsfiles`: the
// files of Kestra namespaces.
package main

import (
	"github.com/kestractl/kestractl/plugins/nsfiles/commands"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	plugin.Serve(commands.Plugin(version))
}
