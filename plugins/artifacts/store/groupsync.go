package store

import "sync"

// groupSync shares one flush among concurrent callers ("group commit"):
// wait returns once a flush that started after the call has finished, and
// callers arriving while a flush runs are served by the next one, all
// together.
type groupSync struct {
	flush func() error

	mu            sync.Mutex
	cond          sync.Cond
	started, done uint64 // flushes started and finished
	running       bool
	errs          map[uint64]error // a failed flush's error, by number
}

func newGroupSync(flush func() error) *groupSync {
	g := &groupSync{flush: flush, errs: map[uint64]error{}}
	g.cond.L = &g.mu
	return g
}

// wait flushes, or waits for a flush, that covers everything written
// before the call.
func (g *groupSync) wait() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	// A flush already running may have started before the caller's
	// writes: only the next one counts.
	target := g.started + 1
	for g.done < target {
		if g.running {
			g.cond.Wait()
			continue
		}
		g.running = true
		g.started++
		n := g.started
		g.mu.Unlock()
		err := g.flush()
		g.mu.Lock()
		g.running = false
		g.done = n
		if err != nil {
			g.errs[n] = err
		}
		g.cond.Broadcast()
	}
	// Flush number target is the first that covers the caller's writes.
	return g.errs[target]
}
