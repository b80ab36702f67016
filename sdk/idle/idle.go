// Package idle bounds a long transfer by inactivity rather than by total
// time: a 1 GiB download may take minutes, but one that makes no progress
// for the request timeout has stalled.
package idle

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// Watchdog cancels its context when no progress was seen for its limit.
type Watchdog struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	limit  time.Duration
	last   atomic.Int64
	done   chan struct{}
}

// Stalled is the cause of a watchdog's cancellation.
type Stalled struct{ Limit time.Duration }

func (s Stalled) Error() string {
	return fmt.Sprintf("the transfer stalled: no progress for %s (raise --timeout for a slow server)", s.Limit)
}

// Start watches a transfer under parent; limit <= 0 disables the watch.
func Start(parent context.Context, limit time.Duration) *Watchdog {
	ctx, cancel := context.WithCancelCause(parent)
	w := &Watchdog{ctx: ctx, cancel: cancel, limit: limit, done: make(chan struct{})}
	w.Touch()
	if limit > 0 {
		go w.watch()
	}
	return w
}

// Context is cancelled when the transfer stalls or Stop is called.
func (w *Watchdog) Context() context.Context { return w.ctx }

// Touch records progress.
func (w *Watchdog) Touch() { w.last.Store(time.Now().UnixNano()) }

// Disarm stops watching (a stream that may rightly be quiet for long)
// and leaves the context alive.
func (w *Watchdog) Disarm() {
	select {
	case <-w.done:
	default:
		close(w.done)
	}
}

// Stop releases the watchdog and cancels its context.
func (w *Watchdog) Stop() {
	w.Disarm()
	w.cancel(context.Canceled)
}

// Stalled returns the stall that cancelled the transfer, nil if none did.
func (w *Watchdog) Stalled() error {
	if s, ok := context.Cause(w.ctx).(Stalled); ok {
		return s
	}
	return nil
}

func (w *Watchdog) watch() {
	tick := time.NewTicker(max(w.limit/4, 10*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-w.ctx.Done():
			return
		case <-tick.C:
			if time.Since(time.Unix(0, w.last.Load())) > w.limit {
				w.cancel(Stalled{w.limit})
				return
			}
		}
	}
}

// Reader touches the watchdog on every read of r.
func (w *Watchdog) Reader(r io.Reader) io.Reader { return &reader{r: r, w: w} }

type reader struct {
	r io.Reader
	w *Watchdog
}

func (r *reader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if n > 0 {
		r.w.Touch()
	}
	return n, err
}

// Len passes the length of the wrapped reader on (a request body's
// Content-Length), -1 when unknown.
func (r *reader) Len() int {
	if l, ok := r.r.(interface{ Len() int }); ok {
		return l.Len()
	}
	return -1
}

// Close closes the wrapped reader when it can be closed.
func (r *reader) Close() error {
	if c, ok := r.r.(io.Closer); ok {
		return c.Close()
	}
	return nil
}
