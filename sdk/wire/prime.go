package wire

import (
	"google.golang.org/protobuf/proto"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Prime encodes and decodes an Execute call once. The first use of the
// protocol's messages sets up their descriptors and codecs, a few tenths of
// a millisecond; the core and the plugin each call Prime while they wait
// for the other, so that the Execute call does not pay for it.
func Prime() {
	req := &pb.ExecuteRequest{
		Argv: []string{"x"},
		Invocation: &pb.Invocation{
			HostVersion: "x",
			Server: &pb.Server{
				Url:     "x",
				Headers: []*pb.Header{{Name: "x", Value: "x"}},
				Sources: map[string]string{"x": "x"},
			},
			Terminal:         &pb.Terminal{Width: 1},
			Output:           &pb.Output{Format: "x"},
			HostCapabilities: []string{"x"},
		},
		HostBrokerId: 1,
	}
	resp := &pb.ExecuteResponse{
		Error:  &pb.Error{Code: pb.Code(1), Message: "x"},
		Output: []*pb.RawOutput{{Stream: pb.Stream(1), Data: []byte("x")}},
	}
	for _, pair := range [][2]proto.Message{{req, &pb.ExecuteRequest{}}, {resp, &pb.ExecuteResponse{}}} {
		if b, err := proto.Marshal(pair[0]); err == nil {
			_ = proto.Unmarshal(b, pair[1])
		}
	}
}
