// Package watchdog bounds long transfers by inactivity rather than by total
// time: a 1 GiB upload may take minutes, but a transfer that makes no
// progress for the request timeout is stalled.
package watchdog

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// Watchdog cancels its context when Touch was not called for idle.
type Watchdog struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	idle   time.Duration
	last   atomic.Int64
	done   chan struct{}
}

// Start returns a watchdog over parent; idle <= 0 disables it.
func Start(parent context.Context, idle time.Duration) *Watchdog {
	ctx, cancel := context.WithCancelCause(parent)
	w := &Watchdog{ctx: ctx, cancel: cancel, idle: idle, done: make(chan struct{})}
	w.Touch()
	if idle > 0 {
		go w.watch()
	}
	return w
}

// Context is cancelled when the transfer stalls or Stop is called.
func (w *Watchdog) Context() context.Context { return w.ctx }

// Touch records progress.
func (w *Watchdog) Touch() { w.last.Store(time.Now().UnixNano()) }

// Stop releases the watchdog.
func (w *Watchdog) Stop() {
	select {
	case <-w.done:
	default:
		close(w.done)
	}
	w.cancel(context.Canceled)
}

// Stalled reports whether the watchdog fired, with the reason.
func (w *Watchdog) Stalled() error {
	if cause := context.Cause(w.ctx); cause != nil && cause != context.Canceled && w.ctx.Err() != nil {
		if _, ok := cause.(stalled); ok {
			return cause
		}
	}
	return nil
}

type stalled struct{ d time.Duration }

func (s stalled) Error() string {
	return fmt.Sprintf("the transfer stalled: no progress for %s (raise --timeout for a slow server)", s.d)
}

func (w *Watchdog) watch() {
	tick := time.NewTicker(max(w.idle/4, 10*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-w.ctx.Done():
			return
		case <-tick.C:
			if time.Since(time.Unix(0, w.last.Load())) > w.idle {
				w.cancel(stalled{w.idle})
				return
			}
		}
	}
}

// Reader counts progress on every read.
func (w *Watchdog) Reader(r io.Reader) *Reader {
	return &Reader{r: r, w: w}
}

// Reader is a reader that touches its watchdog.
type Reader struct {
	r io.Reader
	w *Watchdog
}

func (r *Reader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if n > 0 {
		r.w.Touch()
	}
	return n, err
}
