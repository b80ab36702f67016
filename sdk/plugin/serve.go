package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/wire"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// DescribeArg makes a plugin binary print its manifest as JSON and exit,
// without a handshake (for packaging and documentation tools).
const DescribeArg = "__describe"

// LogEnv is the environment variable holding the plugin's log level.
const LogEnv = "KESTRACTL_LOG"

// Serve runs the plugin. Call it from main; it does not return.
func Serve(p Plugin) {
	os.Exit(serve(p, os.Args[1:]))
}

func serve(p Plugin, args []string) int {
	if len(args) == 1 && args[0] == DescribeArg {
		if err := p.Validate(); err != nil {
			fmt.Fprintf(os.Stderr, "kestractl-%s: %v\n", p.Name, err)
			return 1
		}
		m, err := p.manifest()
		if err != nil {
			fmt.Fprintf(os.Stderr, "kestractl-%s: manifest: %v\n", p.Name, err)
			return 1
		}
		b, err := protojson.MarshalOptions{Multiline: true}.Marshal(m)
		if err != nil {
			fmt.Fprintf(os.Stderr, "kestractl-%s: manifest: %v\n", p.Name, err)
			return 1
		}
		fmt.Println(string(b))
		return 0
	}
	if os.Getenv(wire.MagicCookieKey) != wire.MagicCookieValue {
		group := p.Name
		if m, err := p.manifest(); err == nil {
			group = firstGroup(m)
		}
		fmt.Fprintf(os.Stderr, "kestractl-%s is a kestractl plugin: run it through kestractl, e.g. 'kestractl %s --help'.\n",
			p.Name, group)
		return 1
	}
	level := hclog.LevelFromString(os.Getenv(LogEnv))
	if level == hclog.NoLevel {
		level = hclog.Warn
	}
	logger := hclog.New(&hclog.LoggerOptions{
		Name:       p.Name,
		Level:      level,
		JSONFormat: true,
		Output:     os.Stderr,
	})
	go watchParent(os.Getppid())
	side := openSide()
	goplugin.Serve(&goplugin.ServeConfig{
		HandshakeConfig: wire.Handshake(),
		VersionedPlugins: wire.PluginSets(func(b *goplugin.GRPCBroker) pb.PluginServer {
			return &server{p: p, broker: b, logger: logger, side: side}
		}),
		GRPCServer: wire.NewServer,
		Logger:     logger,
	})
	return 0
}

func firstGroup(m *pb.Manifest) string {
	for _, c := range m.GetRoot().GetChildren() {
		if !c.GetHidden() {
			return c.GetName()
		}
	}
	return m.GetName()
}

// watchParent exits the plugin when the core that started it is gone (it
// was killed hard), so that no plugin is ever left behind as an orphan.
func watchParent(ppid int) {
	for {
		time.Sleep(250 * time.Millisecond)
		if os.Getppid() != ppid {
			os.Exit(3)
		}
	}
}

// server serves one plugin process. The manifest is built only when the
// core asks for it (a manifest-cache miss), not on every start.
type server struct {
	pb.UnimplementedPluginServer
	p      Plugin
	broker *goplugin.GRPCBroker
	logger hclog.Logger
	// side is the side channel to the core (nil: none).
	side io.Writer
}

func (s *server) Describe(context.Context, *pb.DescribeRequest) (*pb.Manifest, error) {
	if err := s.p.Validate(); err != nil {
		return nil, status.Errorf(codes.Internal, "%v", err)
	}
	m, err := s.p.manifest()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "manifest: %v", err)
	}
	return m, nil
}

// Execute runs one command line.
func (s *server) Execute(ctx context.Context, req *pb.ExecuteRequest) (*pb.ExecuteResponse, error) {
	conn, err := s.broker.Dial(req.GetHostBrokerId())
	if err != nil {
		return nil, status.Errorf(codes.Unavailable, "dial host: %v", err)
	}
	defer conn.Close()
	caps := req.GetInvocation().GetHostCapabilities()
	h := newExecuteGRPCHost(ctx, pb.NewHostClient(conn), caps)
	if hasCap(caps, wire.CapWriteSide) {
		h.side = s.side
	}
	return executeGRPC(ctx, s.p, req.GetInvocation(), h, s.logger, req.GetArgv()), nil
}

// executeGRPC runs one command line against the core's Host and returns
// the reply: the command's error and the raw output h hands back instead
// of sending it (see grpcHost.finish).
func executeGRPC(ctx context.Context, p Plugin, inv *pb.Invocation, h *grpcHost, logger hclog.Logger, argv []string) *pb.ExecuteResponse {
	err := execute(ctx, p, invocationFromPB(inv), h, logger, argv)
	out, ferr := h.finish()
	if err == nil && ferr != nil {
		err = cmderr.From(ferr)
	}
	resp := &pb.ExecuteResponse{Output: out}
	if err != nil {
		resp.Error = wire.ToProto(cmderr.From(err))
	}
	return resp
}

func (s *server) Complete(ctx context.Context, req *pb.CompleteRequest) (*pb.CompleteResponse, error) {
	if s.p.Complete == nil {
		return nil, status.Error(codes.Unimplemented, "no dynamic completion")
	}
	conn, err := s.broker.Dial(req.GetHostBrokerId())
	if err != nil {
		return nil, status.Errorf(codes.Unavailable, "dial host: %v", err)
	}
	defer conn.Close()
	h := newGRPCHost(ctx, pb.NewHostClient(conn), req.GetInvocation().GetHostCapabilities())
	values, err := Complete(ctx, s.p, invocationFromPB(req.GetInvocation()), h, req.GetCompleter(), req.GetArgv(), req.GetPartial())
	if err != nil {
		return nil, status.Errorf(codes.Unknown, "%v", err)
	}
	return &pb.CompleteResponse{Values: values}, nil
}

// ManifestJSON is the manifest of p as indented JSON (for tests and tools).
func ManifestJSON(p Plugin) ([]byte, error) {
	m, err := p.manifest()
	if err != nil {
		return nil, err
	}
	b, err := protojson.Marshal(m)
	if err != nil {
		return nil, err
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	return json.MarshalIndent(v, "", "  ")
}
