package hostsvc

import (
	"bytes"
	"io"
	"net"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// sidePair is a side channel: what the plugin writes on the returned
// writer end comes out of s.Side. write sends data and reports when every
// byte was taken (the plugin's write returned).
func sidePair(t *testing.T, s *Service) (write func(data []byte) <-chan error) {
	t.Helper()
	core, plugin := net.Pipe()
	t.Cleanup(func() { core.Close(); plugin.Close() })
	s.Side = core
	return func(data []byte) <-chan error {
		done := make(chan error, 1)
		go func() {
			_, err := plugin.Write(data)
			done <- err
		}()
		return done
	}
}

func TestWriteSide(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 10_000) // 160,000 bytes

	tests := []struct {
		name string
		// setup changes the service; stdout is where bytes go.
		setup    func(s *Service)
		chunks   []*pb.WriteChunk
		side     []byte // what the plugin writes on the side channel
		wantOut  string
		wantCode codes.Code
	}{
		{
			name: "announced bytes come in order with the other chunks",
			chunks: []*pb.WriteChunk{
				{Stream: pb.Stream_STDOUT, Data: []byte("head ")},
				{Stream: pb.Stream_STDOUT, Side: uint64(len(big))},
				{Stream: pb.Stream_STDOUT, Data: []byte(" tail")},
			},
			side:    big,
			wantOut: "head " + string(big) + " tail",
		},
		{
			name:     "stdout fails: the bytes are still taken, and the write is aborted",
			setup:    func(s *Service) { s.Stdout = failingWriter{} },
			chunks:   []*pb.WriteChunk{{Stream: pb.Stream_STDOUT, Side: uint64(len(big))}},
			side:     big,
			wantCode: codes.Aborted,
		},
		{
			name:     "on a terminal the side channel is not offered: refused, bytes taken",
			setup:    func(s *Service) { s.GuardBinary = true },
			chunks:   []*pb.WriteChunk{{Stream: pb.Stream_STDOUT, Side: 10}},
			side:     []byte("0123456789"),
			wantCode: codes.InvalidArgument,
		},
		{
			name:     "stderr never goes through the side channel",
			chunks:   []*pb.WriteChunk{{Stream: pb.Stream_STDERR, Side: 3}},
			side:     []byte("abc"),
			wantCode: codes.InvalidArgument,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out, _ := service("table", "", false)
			if tt.setup != nil {
				tt.setup(s)
			}
			write := sidePair(t, s)
			done := write(tt.side)
			err := s.Write(&writeStream{err: io.EOF, chunks: tt.chunks})
			if status.Code(err) != tt.wantCode {
				t.Fatalf("Write = %v, want code %v", err, tt.wantCode)
			}
			if werr := <-done; werr != nil {
				t.Fatalf("the plugin's side write failed: %v", werr)
			}
			if tt.wantCode == codes.OK && out.String() != tt.wantOut {
				t.Fatalf("stdout holds %d bytes, want %d", out.Len(), len(tt.wantOut))
			}
		})
	}
}

func TestWriteSideEndsEarly(t *testing.T) {
	s, _, _ := service("table", "", false)
	core, plugin := net.Pipe()
	s.Side = core
	go func() {
		_, _ = plugin.Write([]byte("only this"))
		plugin.Close() // the plugin died
	}()
	err := s.Write(&writeStream{err: io.EOF, chunks: []*pb.WriteChunk{{Stream: pb.Stream_STDOUT, Side: 100}}})
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("Write = %v, want Unavailable", err)
	}
}

func TestWriteSideWithoutChannel(t *testing.T) {
	s, _, _ := service("table", "", false)
	err := s.Write(&writeStream{err: io.EOF, chunks: []*pb.WriteChunk{{Stream: pb.Stream_STDOUT, Side: 5}}})
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("Write = %v, want InvalidArgument", err)
	}
}
