package idle

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestStallCancels(t *testing.T) {
	w := Start(context.Background(), 20*time.Millisecond)
	defer w.Stop()
	<-w.Context().Done()
	var s Stalled
	if err := w.Stalled(); !errors.As(err, &s) || !strings.Contains(err.Error(), "stalled") {
		t.Fatalf("Stalled() = %v", err)
	}
}

func TestProgressKeepsItAlive(t *testing.T) {
	w := Start(context.Background(), 60*time.Millisecond)
	defer w.Stop()
	r := w.Reader(strings.NewReader(strings.Repeat("x", 10)))
	buf := make([]byte, 1)
	for range 10 {
		time.Sleep(15 * time.Millisecond)
		if _, err := r.Read(buf); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Context().Err(); err != nil {
		t.Fatalf("cancelled despite progress: %v", context.Cause(w.Context()))
	}
	if _, err := io.ReadAll(r); err != nil {
		t.Fatal(err)
	}
	if l, ok := r.(interface{ Len() int }); !ok || l.Len() != 0 {
		t.Fatalf("Len not passed on")
	}
	w.Stop()
	if w.Stalled() != nil {
		t.Fatal("Stop reported as a stall")
	}
}

func TestDisarmKeepsTheContext(t *testing.T) {
	w := Start(context.Background(), 20*time.Millisecond)
	w.Disarm()
	time.Sleep(60 * time.Millisecond)
	if err := w.Context().Err(); err != nil {
		t.Fatalf("disarmed watchdog cancelled: %v", context.Cause(w.Context()))
	}
	w.Disarm()
	w.Stop()
	if w.Context().Err() == nil {
		t.Fatal("Stop did not cancel")
	}
}
