package cmdutil

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"
)

func TestRunOrdered(t *testing.T) {
	items := make([]int, 50)
	for i := range items {
		items[i] = i
	}
	var got []int
	RunOrdered(context.Background(), items, 8, func(_ context.Context, v int) int {
		time.Sleep(time.Duration(rand.IntN(3)) * time.Millisecond)
		return v * 10
	}, nil, func(i, r int, started bool) {
		if !started || r != i*10 {
			t.Errorf("item %d: result %d started %v", i, r, started)
		}
		got = append(got, i)
	})
	for i, v := range got {
		if v != i {
			t.Fatalf("emitted out of order: %v", got)
		}
	}
	if len(got) != 50 {
		t.Fatalf("emitted %d", len(got))
	}
}

func TestRunOrderedStops(t *testing.T) {
	items := make([]int, 20)
	for i := range items {
		items[i] = i
	}
	for _, workers := range []int{1, 4} {
		var order []int
		startedAfterStop := 0
		RunOrdered(context.Background(), items, workers, func(_ context.Context, v int) int { return v },
			func(r int) bool { return r == 3 },
			func(i, r int, started bool) {
				order = append(order, i)
				if started && i > 3 {
					startedAfterStop++
				}
			})
		if len(order) != 20 {
			t.Fatalf("workers=%d: emitted %d of 20", workers, len(order))
		}
		for i, v := range order {
			if v != i {
				t.Fatalf("workers=%d: out of order %v", workers, order)
			}
		}
		if workers == 1 && startedAfterStop != 0 {
			t.Fatalf("sequential run started %d item(s) after the stop", startedAfterStop)
		}
		if startedAfterStop > workers-1 {
			t.Fatalf("workers=%d: %d item(s) started after the stop", workers, startedAfterStop)
		}
	}
}
