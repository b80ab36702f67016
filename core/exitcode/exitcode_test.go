package exitcode

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

func TestOf(t *testing.T) {
	tests := []struct {
		code cmderr.Code
		want int
	}{
		{cmderr.Unspecified, OK},
		{cmderr.Generic, Error},
		{cmderr.Usage, Usage},
		{cmderr.Cancelled, Cancelled},
		{cmderr.Timeout, Cancelled},
		{cmderr.Unauthenticated, Auth},
		{cmderr.PermissionDenied, Auth},
		{cmderr.NotFound, NotFound},
		{cmderr.Conflict, Conflict},
		{cmderr.Unavailable, Unavailable},
		{cmderr.RemoteFailed, RemoteFailed},
		{cmderr.RequirementNotMet, PluginFailure},
		{cmderr.Internal, PluginFailure},
		{cmderr.Code(99), Error},
	}
	for _, tt := range tests {
		if got := Of(tt.code); got != tt.want {
			t.Errorf("Of(%v) = %d, want %d", tt.code, got, tt.want)
		}
	}
}

func TestFor(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, OK},
		{errors.New("plain"), Error},
		{cmderr.Usagef("bad flag"), Usage},
		{fmt.Errorf("deploy: %w", cmderr.New(cmderr.Conflict, "exists")), Conflict},
		{context.DeadlineExceeded, Cancelled},
	}
	for _, tt := range tests {
		if got := For(tt.err); got != tt.want {
			t.Errorf("For(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestPrint(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{errors.New("boom"), "Error: boom\n"},
		{cmderr.Usagef("bad flag").WithHint("see 'kestractl --help'"), "Error: bad flag (see 'kestractl --help')\n"},
		{cmderr.New(cmderr.Generic, "Error: already prefixed"), "Error: already prefixed\n"},
		{cmderr.New(cmderr.Generic, "invalid flow").WithDetails("line 3: bad", "line 9: worse"), "Error: invalid flow\n  line 3: bad\n  line 9: worse\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		Print(&b, tt.err)
		if b.String() != tt.want {
			t.Errorf("Print(%v) = %q, want %q", tt.err, b.String(), tt.want)
		}
	}
}
