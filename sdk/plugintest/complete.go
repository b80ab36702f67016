package plugintest

import (
	"context"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	"github.com/kestractl/kestractl/sdk/plugin"
	pb "github.com/kestractl/kestractl/sdk/proto/kestractl/v1"
	"github.com/kestractl/kestractl/sdk/wire"
)

// Complete asks p for the dynamic completion values of completer (argv
// are the words before the one being completed, partial its beginning),
// against the same fake Host as Run.
func Complete(t testing.TB, p plugin.Plugin, opts Options, completer, partial string, argv ...string) ([]string, error) {
	t.Helper()
	h := &fakeHost{opts: opts, res: &Result{}}
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer(wire.ServerOptions()...)
	pb.RegisterHostServer(srv, h)
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()
	conn, err := grpc.NewClient("passthrough:///bufconn",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("plugintest: dial fake host: %v", err)
	}
	defer conn.Close()
	tenant := opts.Tenant
	if tenant == "" {
		tenant = "main"
	}
	inv := &pb.Invocation{
		HostVersion: "test",
		Server:      &pb.Server{Url: opts.Server, Tenant: tenant},
		Terminal:    &pb.Terminal{},
		Output:      &pb.Output{Format: plugin.FormatTable},
	}
	parent := opts.Context
	if parent == nil {
		parent = context.Background()
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	return plugin.RunComplete(ctx, p, inv, pb.NewHostClient(conn), nil, completer, argv, partial)
}
