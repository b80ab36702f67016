package logs

import (
	"slices"
	"sync"
)

// Store holds the log lines of every tenant. It is safe for concurrent use.
type Store struct {
	mu      sync.Mutex
	seq     uint64
	tenants map[string]*tenantLogs
}

type tenantLogs struct {
	// executions holds the lines of each execution, in the order written.
	executions map[string]*stream
	// other holds lines that belong to no execution (trigger evaluations).
	other []Entry
}

// stream is the lines of one execution and a channel closed on the next
// change (a new line, a deletion, the execution ending).
type stream struct {
	entries []Entry
	changed chan struct{}
}

func (s *stream) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{tenants: map[string]*tenantLogs{}}
}

func (s *Store) tenant(t string) *tenantLogs {
	tl := s.tenants[t]
	if tl == nil {
		tl = &tenantLogs{executions: map[string]*stream{}}
		s.tenants[t] = tl
	}
	return tl
}

func (tl *tenantLogs) stream(id string) *stream {
	st := tl.executions[id]
	if st == nil {
		st = &stream{changed: make(chan struct{})}
		tl.executions[id] = st
	}
	return st
}

// Append stores one line of tenant e.TenantID.
func (s *Store) Append(e Entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	e.seq = s.seq
	tl := s.tenant(e.TenantID)
	if e.ExecutionID == "" {
		tl.other = append(tl.other, e)
		return
	}
	st := tl.stream(e.ExecutionID)
	st.entries = append(st.entries, e)
	st.notify()
}

// Notify wakes the followers of an execution (its state changed).
func (s *Store) Notify(tenant, executionID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tenant(tenant).stream(executionID).notify()
}

// Execution returns the lines of an execution accepted by keep, in order.
func (s *Store) Execution(tenant, executionID string, keep func(Entry) bool) []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.tenants[tenant]
	if st == nil || st.executions[executionID] == nil {
		return nil
	}
	var out []Entry
	for _, e := range st.executions[executionID].entries {
		if keep == nil || keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// Since returns the lines of an execution written after the line numbered
// after (0: from the start), the number to pass next time, and a channel
// closed on the next change.
func (s *Store) Since(tenant, executionID string, after uint64) ([]Entry, uint64, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.tenant(tenant).stream(executionID)
	i, _ := slices.BinarySearchFunc(st.entries, after+1, func(e Entry, seq uint64) int {
		switch {
		case e.seq < seq:
			return -1
		case e.seq > seq:
			return 1
		}
		return 0
	})
	out := slices.Clone(st.entries[i:])
	next := after
	if len(out) > 0 {
		next = out[len(out)-1].seq
	}
	return out, next, st.changed
}

// Delete removes the lines of an execution accepted by match and returns
// how many it removed.
func (s *Store) Delete(tenant, executionID string, match func(Entry) bool) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	tl := s.tenants[tenant]
	if tl == nil || tl.executions[executionID] == nil {
		return 0
	}
	st := tl.executions[executionID]
	before := len(st.entries)
	st.entries = slices.DeleteFunc(st.entries, match)
	if n := before - len(st.entries); n > 0 {
		st.notify()
		return n
	}
	return 0
}

// DeleteFlow removes the lines of a flow: of every execution of it and those
// written by its triggers. A non-empty triggerID restricts the deletion to
// the lines of that trigger.
func (s *Store) DeleteFlow(tenant, namespace, flowID, triggerID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	tl := s.tenants[tenant]
	if tl == nil {
		return 0
	}
	match := func(e Entry) bool {
		return e.Namespace == namespace && e.FlowID == flowID && (triggerID == "" || e.TriggerID == triggerID)
	}
	n := len(tl.other)
	tl.other = slices.DeleteFunc(tl.other, match)
	removed := n - len(tl.other)
	for _, st := range tl.executions {
		n := len(st.entries)
		st.entries = slices.DeleteFunc(st.entries, match)
		if n != len(st.entries) {
			removed += n - len(st.entries)
			st.notify()
		}
	}
	return removed
}

// All returns every line of tenant accepted by keep, in the order written.
func (s *Store) All(tenant string, keep func(Entry) bool) []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	tl := s.tenants[tenant]
	if tl == nil {
		return nil
	}
	var out []Entry
	add := func(es []Entry) {
		for _, e := range es {
			if keep == nil || keep(e) {
				out = append(out, e)
			}
		}
	}
	add(tl.other)
	for _, st := range tl.executions {
		add(st.entries)
	}
	slices.SortFunc(out, func(a, b Entry) int {
		switch {
		case a.seq < b.seq:
			return -1
		case a.seq > b.seq:
			return 1
		}
		return 0
	})
	return out
}
