// Command plugin is the plugin half of the go-plugin floor (see host).
package main

import (
	"github.com/hashicorp/go-plugin"

	"github.com/kestractl/kestractl/bench/baseline/goplugin/shared"
)

func main() {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: shared.Handshake,
		Plugins:         map[string]plugin.Plugin{"floor": shared.Plugin{}},
		GRPCServer:      plugin.DefaultGRPCServer,
	})
}
