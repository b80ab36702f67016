// Command kestractl-iam is the kestractl plugin serving Kestra Enterprise
// IAM: users, groups, roles, service-accounts, bindings and invitations.
package main

import (
	"github.com/kestractl/kestractl/plugins/iam/commands"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	plugin.Serve(commands.Plugin(version))
}
