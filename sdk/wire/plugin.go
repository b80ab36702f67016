package wire

import (
	"context"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// ServerFactory builds the Plugin service of one plugin process; the broker
// lets it dial the Host service the core serves.
type ServerFactory func(broker *plugin.GRPCBroker) pb.PluginServer

// GRPCPlugin adapts the kestractl.v1 Plugin service to go-plugin. The plugin
// side sets Factory; the core side leaves it nil and gets a *Client.
type GRPCPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	Factory ServerFactory
}

var _ plugin.GRPCPlugin = (*GRPCPlugin)(nil)

// GRPCServer registers the Plugin service (plugin side).
func (p *GRPCPlugin) GRPCServer(broker *plugin.GRPCBroker, s *grpc.Server) error {
	pb.RegisterPluginServer(s, p.Factory(broker))
	return nil
}

// GRPCClient returns a *Client (core side).
func (p *GRPCPlugin) GRPCClient(_ context.Context, broker *plugin.GRPCBroker, conn *grpc.ClientConn) (any, error) {
	return &Client{Plugin: pb.NewPluginClient(conn), Broker: broker}, nil
}

// Client is what the core gets when it dispenses a plugin.
type Client struct {
	Plugin pb.PluginClient
	Broker *plugin.GRPCBroker
}

// PluginSets returns the protocol versions this build speaks.
func PluginSets(server ServerFactory) map[int]plugin.PluginSet {
	return map[int]plugin.PluginSet{
		ProtocolVersion: {PluginName: &GRPCPlugin{Factory: server}},
	}
}

// ServerOptions are the gRPC server options every protocol server uses.
func ServerOptions() []grpc.ServerOption {
	return []grpc.ServerOption{
		grpc.MaxRecvMsgSize(MaxMessageSize),
		grpc.MaxSendMsgSize(MaxMessageSize),
	}
}

// NewServer is a go-plugin GRPCServer factory applying ServerOptions.
func NewServer(opts []grpc.ServerOption) *grpc.Server {
	return grpc.NewServer(append(opts, ServerOptions()...)...)
}
