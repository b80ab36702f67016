package cmdutil

import (
	"context"
	"sync"
	"sync/atomic"
)

// RunOrdered runs work on every item with up to workers goroutines and
// calls emit in item order, as soon as each prefix of items is settled.
// When stopOn says a result must stop the run (--fail-fast), the worker
// that produced it stops the run at once: items not started by then are
// emitted with started=false, in their place.
func RunOrdered[T, R any](ctx context.Context, items []T, workers int,
	work func(context.Context, T) R, stopOn func(R) bool, emit func(i int, r R, started bool)) {
	if workers < 1 {
		workers = 1
	}
	type settled struct {
		i       int
		r       R
		started bool
	}
	var stopped atomic.Bool
	jobs := make(chan int)
	results := make(chan settled, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if stopped.Load() || ctx.Err() != nil {
					results <- settled{i: i}
					continue
				}
				r := work(ctx, items[i])
				if stopOn != nil && stopOn(r) {
					stopped.Store(true)
				}
				results <- settled{i, r, true}
			}
		}()
	}
	go func() {
		for i := range items {
			jobs <- i
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	pending := map[int]settled{}
	next := 0
	for s := range results {
		pending[s.i] = s
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			emit(next, p.r, p.started)
			next++
		}
	}
}
