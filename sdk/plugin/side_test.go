package plugin

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	"github.com/kestractl/kestractl/sdk/wire"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// sideHost is a Host whose Write reads announced bytes from its end of a
// side channel, as the core does, and records every piece in order.
type sideHost struct {
	pb.UnimplementedHostServer
	side  io.Reader
	mu    sync.Mutex
	parts []string // "out:..." / "err:..." / "side:N"
	out   bytes.Buffer
}

func (h *sideHost) Write(stream pb.Host_WriteServer) error {
	for {
		chunk, err := stream.Recv()
		if err == io.EOF {
			return stream.SendAndClose(&pb.WriteResponse{})
		}
		if err != nil {
			return err
		}
		h.mu.Lock()
		if n := chunk.GetSide(); n > 0 {
			if _, err := io.CopyN(&h.out, h.side, int64(n)); err != nil {
				h.mu.Unlock()
				return err
			}
			h.parts = append(h.parts, fmt.Sprintf("side:%d", n))
		}
		if d := chunk.GetData(); len(d) > 0 {
			name := "out"
			if chunk.GetStream() == pb.Stream_STDERR {
				name = "err"
			} else {
				h.out.Write(d)
			}
			h.parts = append(h.parts, name+":"+string(d))
		}
		h.mu.Unlock()
	}
}

func TestWriteThroughTheSideChannel(t *testing.T) {
	coreEnd, pluginEnd := net.Pipe()
	defer coreEnd.Close()
	defer pluginEnd.Close()
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer()
	host := &sideHost{side: coreEnd}
	pb.RegisterHostServer(srv, host)
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()
	conn, err := grpc.NewClient("passthrough:///host",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	h := newExecuteGRPCHost(context.Background(), pb.NewHostClient(conn), []string{wire.CapExecuteOutput, wire.CapWriteSide})
	h.side = pluginEnd
	big1 := bytes.Repeat([]byte("a"), sideMin)
	big2 := bytes.Repeat([]byte("b"), 3*sideMin+7)
	steps := []struct {
		kind pb.Stream
		data []byte
	}{
		{pb.Stream_STDOUT, []byte("head ")}, // small: gathered, then sent before the side bytes
		{pb.Stream_STDOUT, big1},
		{pb.Stream_STDERR, []byte("note")}, // stderr never goes on the side channel
		{pb.Stream_STDOUT, big2},
		{pb.Stream_STDOUT, []byte(" tail")},
	}
	for _, s := range steps {
		n, err := h.write(s.kind, s.data)
		if err != nil || n != len(s.data) {
			t.Fatalf("write(%v, %d bytes) = %d, %v", s.kind, len(s.data), n, err)
		}
	}
	out, err := h.finish()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		host.parts = append(host.parts, "response:"+string(o.GetData()))
	}
	want := []string{"out:head ", fmt.Sprintf("side:%d", len(big1)), "err:note", fmt.Sprintf("side:%d", len(big2)), "out: tail"}
	if fmt.Sprint(host.parts) != fmt.Sprint(want) {
		t.Fatalf("the core saw %q, want %q", host.parts, want)
	}
	if got, wantOut := host.out.String(), "head "+string(big1)+string(big2)+" tail"; got != wantOut {
		t.Fatalf("stdout holds %d bytes, want %d", len(got), len(wantOut))
	}
}
