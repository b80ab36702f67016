package testsuites

import (
	"slices"
	"sync"
)

// Results keeps the run results of every tenant. It is safe for concurrent
// use; results are immutable once added.
type Results struct {
	mu      sync.RWMutex
	tenants map[string][]*RunResult
}

// NewResults returns an empty result store.
func NewResults() *Results { return &Results{tenants: map[string][]*RunResult{}} }

// Add stores a result.
func (r *Results) Add(tenant string, res *RunResult) {
	r.mu.Lock()
	r.tenants[tenant] = append(r.tenants[tenant], res)
	r.mu.Unlock()
}

// Get returns one result.
func (r *Results) Get(tenant, id string) (*RunResult, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, res := range r.tenants[tenant] {
		if res.ID == id {
			return res, true
		}
	}
	return nil, false
}

// All returns the results of tenant, oldest first.
func (r *Results) All(tenant string) []*RunResult {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Clone(r.tenants[tenant])
}

// Last returns the latest result of a test suite.
func (r *Results) Last(tenant, ns, id string) (*RunResult, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var last *RunResult
	for _, res := range r.tenants[tenant] {
		if res.Namespace == ns && res.TestSuiteID == id && (last == nil || !res.EndDate.Before(last.EndDate)) {
			last = res
		}
	}
	return last, last != nil
}
