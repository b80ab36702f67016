// Package shared is what the go-plugin floor's two programs share: the
// handshake and a plugin with no service of its own (the health service
// go-plugin serves answers the one call).
package shared

import (
	"context"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
)

// Handshake is the floor's go-plugin handshake.
var Handshake = plugin.HandshakeConfig{ProtocolVersion: 1, MagicCookieKey: "KESTRACTL_BENCH_FLOOR", MagicCookieValue: "floor"}

// Plugin serves nothing but what go-plugin serves itself.
type Plugin struct{ plugin.NetRPCUnsupportedPlugin }

// GRPCServer registers no service.
func (Plugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error { return nil }

// GRPCClient hands back the connection.
func (Plugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (any, error) {
	return c, nil
}
