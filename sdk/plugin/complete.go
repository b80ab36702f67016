package plugin

import (
	"context"
	"fmt"

	"github.com/hashicorp/go-hclog"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// RunComplete serves one dynamic-completion request of p with the given
// Host client, as the plugin's Complete RPC does; sdk/plugintest calls it
// in-process.
func RunComplete(ctx context.Context, p Plugin, inv *pb.Invocation, hc pb.HostClient, logger hclog.Logger,
	completer string, argv []string, partial string) ([]string, error) {
	if p.Complete == nil {
		return nil, fmt.Errorf("plugin %s serves no dynamic completion", p.Name)
	}
	if inv == nil {
		inv = &pb.Invocation{}
	}
	if logger == nil {
		logger = hclog.NewNullLogger()
	}
	c := &Context{Context: ctx, inv: inv, host: newHost(ctx, hc, inv.GetHostCapabilities()), logger: logger, name: p.Name, ver: p.Version}
	return p.Complete(c, completer, argv, partial)
}
