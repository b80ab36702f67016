package plugin

import (
	"context"
	"io"
	"net"
	"sync"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/wire"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

type execCLI struct {
	Echo  echoCmd  `cmd:"" help:"Write raw text."`
	Fail  failCmd  `cmd:"" help:"Write raw text, then fail."`
	Hello helloCmd `cmd:"" help:"Send a message."`
}

type echoCmd struct {
	Text string `arg:""`
}

func (e *echoCmd) Run(c *Context) error {
	_, err := c.Stdout().Write([]byte(e.Text))
	return err
}

type failCmd struct{}

func (failCmd) Run(c *Context) error {
	if _, err := c.Stderr().Write([]byte("partial")); err != nil {
		return err
	}
	return cmderr.New(cmderr.NotFound, "gone")
}

type helloCmd struct{}

func (helloCmd) Run(c *Context) error { return c.Info("hello") }

// recordingHost is a Host service that records what it was sent.
type recordingHost struct {
	pb.UnimplementedHostServer
	mu       sync.Mutex
	raw      []string
	messages []string
}

func (h *recordingHost) Render(_ context.Context, req *pb.RenderRequest) (*pb.RenderResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if raw := req.GetRaw(); raw != nil {
		h.raw = append(h.raw, string(raw.GetData()))
	}
	if m := req.GetMessage(); m != nil {
		h.messages = append(h.messages, m.GetText())
	}
	return &pb.RenderResponse{}, nil
}

func (h *recordingHost) Write(stream pb.Host_WriteServer) error {
	var data []byte
	for {
		chunk, err := stream.Recv()
		if err == io.EOF {
			h.mu.Lock()
			h.raw = append(h.raw, string(data))
			h.mu.Unlock()
			return stream.SendAndClose(&pb.WriteResponse{})
		}
		if err != nil {
			return err
		}
		data = append(data, chunk.GetData()...)
	}
}

// hostConnector serves a recordingHost in memory.
func hostConnector(t *testing.T) (*recordingHost, func() (*grpc.ClientConn, error)) {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer()
	h := &recordingHost{}
	pb.RegisterHostServer(srv, h)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	connect := func() (*grpc.ClientConn, error) {
		return grpc.NewClient("passthrough:///host",
			grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
			grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	return h, connect
}

func TestExecuteHandsBackRawOutput(t *testing.T) {
	p := Plugin{Name: "exec", New: func() any { return &execCLI{} }}
	both := []string{wire.CapExecuteOutput}
	tests := []struct {
		name string
		caps []string
		argv []string
		// wantOut is the output handed back; a nil Data only checks that
		// there is some.
		wantOut  []*pb.RawOutput
		wantRaw  []string
		wantMsgs []string
		wantCode cmderr.Code
	}{
		{name: "small raw output comes back in the response", caps: both, argv: []string{"echo", "tok"},
			wantOut: []*pb.RawOutput{{Stream: pb.Stream_STDOUT, Data: []byte("tok")}}},
		{name: "help too", caps: both, argv: []string{"echo", "--help"}, wantOut: []*pb.RawOutput{{}}},
		{name: "output comes back with the error", caps: both, argv: []string{"fail"}, wantCode: cmderr.NotFound,
			wantOut: []*pb.RawOutput{{Stream: pb.Stream_STDERR, Data: []byte("partial")}}},
		{name: "a core without the capability gets a Write stream", caps: nil, argv: []string{"echo", "tok"},
			wantRaw: []string{"tok"}},
		{name: "structured output", caps: both, argv: []string{"hello"},
			wantMsgs: []string{"hello"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, connect := hostConnector(t)
			conn, err := connect()
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			ctx := context.Background()
			inv := &pb.Invocation{HostCapabilities: tt.caps}
			h := newExecuteGRPCHost(ctx, pb.NewHostClient(conn), tt.caps)
			resp := executeGRPC(ctx, p, inv, h, nil, tt.argv)
			perr, out := resp.GetError(), resp.GetOutput()
			if got := cmderr.Code(perr.GetCode()); got != tt.wantCode {
				t.Fatalf("code = %v (%v), want %v", got, perr, tt.wantCode)
			}
			if len(out) != len(tt.wantOut) {
				t.Fatalf("output = %v, want %v", out, tt.wantOut)
			}
			for i, o := range tt.wantOut {
				if len(out[i].GetData()) == 0 ||
					o.GetData() != nil && (out[i].GetStream() != o.GetStream() || string(out[i].GetData()) != string(o.GetData())) {
					t.Fatalf("output[%d] = %v, want %v", i, out[i], o)
				}
			}
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if !equal(rec.raw, tt.wantRaw) || !equal(rec.messages, tt.wantMsgs) {
				t.Fatalf("host got raw=%q messages=%q, want %q %q", rec.raw, rec.messages, tt.wantRaw, tt.wantMsgs)
			}
		})
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
