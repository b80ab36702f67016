// Command kestractl-kv is the kestractl plugin serving `kv`: key-value pairs
// of Kestra namespaces.
package main

import (
	"github.com/kestractl/kestractl/plugins/kv/commands"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	plugin.Serve(commands.Plugin(version))
}
