package cmderr

import (
	"context"
	"fmt"
	"testing"
)

func TestCommon(t *testing.T) {
	for _, tc := range []struct {
		in   []Code
		want Code
	}{
		{nil, Generic},
		{[]Code{Unspecified}, Generic},
		{[]Code{Usage}, Usage},
		{[]Code{NotFound, NotFound, NotFound}, NotFound},
		{[]Code{NotFound, Conflict}, Generic},
		{[]Code{Unspecified, Usage}, Generic},
		{[]Code{Generic, Generic}, Generic},
	} {
		if got := Common(tc.in...); got != tc.want {
			t.Errorf("Common(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestCodeOf(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want Code
	}{
		{nil, Unspecified},
		{fmt.Errorf("x"), Generic},
		{fmt.Errorf("wrapped: %w", New(NotFound, "gone")), NotFound},
		{fmt.Errorf("wrapped: %w", context.Canceled), Cancelled},
		{context.DeadlineExceeded, Timeout},
	} {
		if got := CodeOf(tc.err); got != tc.want {
			t.Errorf("CodeOf(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
