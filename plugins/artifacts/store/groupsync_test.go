package store

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Every caller returns only after a flush that started after its call, and
// concurrent callers share flushes.
func TestGroupSyncCoversEveryCaller(t *testing.T) {
	var (
		flushes  atomic.Int64 // flushes started
		finished atomic.Int64 // flushes finished
	)
	g := newGroupSync(func() error {
		flushes.Add(1)
		time.Sleep(2 * time.Millisecond)
		finished.Add(1)
		return nil
	})
	const callers = 40
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i%7) * time.Millisecond)
			before := flushes.Load() // a flush counted here may have started before the call
			if err := g.wait(); err != nil {
				errs <- err
				return
			}
			if finished.Load() < before+1 {
				errs <- errors.New("returned before a flush that started after the call finished")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := flushes.Load(); n >= callers {
		t.Errorf("%d flushes for %d concurrent callers: none shared", n, callers)
	}
}

func TestGroupSyncReportsTheFlushError(t *testing.T) {
	fail := errors.New("EIO")
	calls := 0
	g := newGroupSync(func() error {
		calls++
		if calls == 1 {
			return fail
		}
		return nil
	})
	if err := g.wait(); !errors.Is(err, fail) {
		t.Fatalf("first wait: %v, want the flush error", err)
	}
	if err := g.wait(); err != nil {
		t.Fatalf("second wait (a new, successful flush): %v", err)
	}
}
