package watchdog

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestStallCancels(t *testing.T) {
	w := Start(context.Background(), 20*time.Millisecond)
	defer w.Stop()
	<-w.Context().Done()
	if err := w.Stalled(); err == nil || !strings.Contains(err.Error(), "stalled") {
		t.Fatalf("Stalled() = %v", err)
	}
}

func TestProgressKeepsItAlive(t *testing.T) {
	w := Start(context.Background(), time.Hour)
	r := w.Reader(strings.NewReader("abc"))
	buf := make([]byte, 8)
	if n, _ := r.Read(buf); n != 3 {
		t.Fatal(n)
	}
	w.Stop()
	if w.Stalled() != nil || !errors.Is(w.Context().Err(), context.Canceled) {
		t.Fatalf("stopped watchdog: %v %v", w.Stalled(), w.Context().Err())
	}
}

func TestDisabled(t *testing.T) {
	w := Start(context.Background(), 0)
	defer w.Stop()
	if w.Context().Err() != nil {
		t.Fatal("cancelled")
	}
}
