// Package instances runs many simulator instances in one process: a
// Manager starts each from a kestrasim command line (through a StartFunc)
// and stops it on request; Handler is the small HTTP control API in front
// of it (`kestrasim --instances`).
package instances

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
)

// Instance is one running simulator.
type Instance interface {
	// URL is the base URL clients use.
	URL() string
	// Close stops the instance and its background work and frees its
	// data; it returns once everything has stopped.
	Close() error
}

// StartFunc starts an instance from the flags a single kestrasim process
// takes. Bad flags are reported as an *ArgsError.
type StartFunc func(args []string) (Instance, error)

// ArgsError is a command line the simulator refuses (a standalone process
// exits 2 with its message).
type ArgsError struct{ Err error }

func (e *ArgsError) Error() string { return e.Err.Error() }
func (e *ArgsError) Unwrap() error { return e.Err }

// ErrNotFound is returned for an unknown instance id.
var ErrNotFound = errors.New("no such instance")

// ErrClosed is returned once the manager is closed.
var ErrClosed = errors.New("the instance manager is shutting down")

// Info describes a running instance.
type Info struct {
	ID   string   `json:"id"`
	URL  string   `json:"url"`
	Args []string `json:"args"`
}

type entry struct {
	info Info
	inst Instance
}

// Manager holds the running instances.
type Manager struct {
	start StartFunc

	mu     sync.Mutex
	next   int
	live   map[string]entry
	closed bool
}

// NewManager returns a manager starting instances with start.
func NewManager(start StartFunc) *Manager {
	return &Manager{start: start, live: map[string]entry{}}
}

// Create starts an instance with args and returns its description.
func (m *Manager) Create(args []string) (Info, error) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return Info{}, ErrClosed
	}
	m.next++
	id := strconv.Itoa(m.next)
	m.mu.Unlock()

	// Starting listens and may create a data directory: outside the lock,
	// so that instances start concurrently.
	inst, err := m.start(slices.Clone(args))
	if err != nil {
		return Info{}, err
	}
	info := Info{ID: id, URL: inst.URL(), Args: slices.Clone(args)}
	if info.Args == nil {
		info.Args = []string{}
	}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		_ = inst.Close()
		return Info{}, ErrClosed
	}
	m.live[id] = entry{info: info, inst: inst}
	m.mu.Unlock()
	return info, nil
}

// Get describes one instance.
func (m *Manager) Get(id string) (Info, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.live[id]
	if !ok {
		return Info{}, fmt.Errorf("instance %q: %w", id, ErrNotFound)
	}
	return e.info, nil
}

// List describes the running instances, oldest first.
func (m *Manager) List() []Info {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Info, 0, len(m.live))
	for _, e := range m.live {
		out = append(out, e.info)
	}
	slices.SortFunc(out, func(a, b Info) int {
		x, _ := strconv.Atoi(a.ID)
		y, _ := strconv.Atoi(b.ID)
		return x - y
	})
	return out
}

// Delete stops an instance and frees it; it returns once the instance has
// stopped.
func (m *Manager) Delete(id string) error {
	m.mu.Lock()
	e, ok := m.live[id]
	delete(m.live, id)
	m.mu.Unlock()
	if !ok {
		return fmt.Errorf("instance %q: %w", id, ErrNotFound)
	}
	if err := e.inst.Close(); err != nil {
		return fmt.Errorf("stop instance %s: %w", id, err)
	}
	return nil
}

// Close stops every instance (concurrently) and refuses new ones.
func (m *Manager) Close() error {
	m.mu.Lock()
	m.closed = true
	live := m.live
	m.live = map[string]entry{}
	m.mu.Unlock()
	var wg sync.WaitGroup
	errs := make([]error, 0, len(live))
	var mu sync.Mutex
	for id, e := range live {
		wg.Go(func() {
			if err := e.inst.Close(); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("stop instance %s: %w", id, err))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
