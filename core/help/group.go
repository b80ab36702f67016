package help

import (
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Group is a top-level command group of the reference and where it comes
// from.
type Group struct {
	Command *pb.Command
	// Source is "core" or the plugin binary's name (kestractl-<plugin>).
	Source string
}
