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

func TestTally(t *testing.T) {
	for _, tc := range []struct {
		add  []Code
		want Code
	}{
		{nil, Generic},
		{[]Code{Conflict}, Conflict},
		{[]Code{Conflict, Conflict}, Conflict},
		{[]Code{Conflict, Generic}, Generic},
		{[]Code{Unspecified}, Generic},
	} {
		tally := Tally{}
		for _, c := range tc.add {
			tally.Add(c)
		}
		if got := tally.Common(); got != tc.want {
			t.Errorf("%v: Common() = %v, want %v", tc.add, got, tc.want)
		}
	}
	tally := Tally{}
	tally.Add(NotFound)
	tally.Add(NotFound)
	if tally[NotFound] != 2 {
		t.Errorf("tally %v", tally)
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
