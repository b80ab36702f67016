package flows

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Revision is one stored revision of a flow. Revisions are immutable once
// stored.
type Revision struct {
	Tenant   string
	Def      *Definition
	Source   string
	Revision int
	Deleted  bool
	Updated  time.Time
}

type key struct{ ns, id string }

type entry struct{ revisions []*Revision }

func (e *entry) latest() *Revision { return e.revisions[len(e.revisions)-1] }

// Store holds the flows of every tenant with their revisions. It is safe for
// concurrent use.
type Store struct {
	mu         sync.RWMutex
	tenants    map[string]map[key]*entry
	namespaces *namespaces.Registry
	now        func() time.Time
	// pending collects the changes of the operation holding the write
	// lock; unlock hands them to the listeners once the lock is released.
	pending   []Change
	listeners []func(Change)
	// running holds the running counts operators set per flow.
	running map[string]map[key]int
}

// NewStore returns an empty store that records flow namespaces in reg.
func NewStore(reg *namespaces.Registry, now func() time.Time) *Store {
	return &Store{tenants: map[string]map[key]*entry{}, namespaces: reg, now: now}
}

func notFound(ns, id string) error {
	return rest.NotFound("Flow '%s' not found in namespace '%s'", id, ns)
}

// Get returns the latest revision (revision 0) or the given one.
func (s *Store) Get(tenant, ns, id string, revision int, allowDeleted bool) (*Revision, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.tenants[tenant][key{ns, id}]
	if e == nil {
		return nil, notFound(ns, id)
	}
	r := e.latest()
	if revision > 0 {
		r = nil
		for _, c := range e.revisions {
			if c.Revision == revision {
				r = c
			}
		}
		if r == nil {
			return nil, rest.NotFound("Revision %d of flow '%s' not found in namespace '%s'", revision, id, ns)
		}
	}
	if r.Deleted && !allowDeleted {
		return nil, notFound(ns, id)
	}
	return r, nil
}

// Create stores a new flow; it fails with 422 when the flow exists.
func (s *Store) Create(tenant string, def *Definition, src string) (*Revision, error) {
	s.mu.Lock()
	defer s.unlock()
	if e := s.entry(tenant, def.Namespace, def.ID); e != nil && !e.latest().Deleted {
		return nil, rest.Invalid(rest.Violation{Path: "flow.id", Message: "Flow id already exists"})
	}
	return s.put(tenant, def, src, false), nil
}

// Update stores a new revision of an existing flow. A byte-identical source
// keeps the current revision (Kestra does not store a revision that changes
// nothing).
func (s *Store) Update(tenant, ns, id string, def *Definition, src string) (*Revision, error) {
	s.mu.Lock()
	defer s.unlock()
	e := s.entry(tenant, ns, id)
	if e == nil || e.latest().Deleted {
		return nil, notFound(ns, id)
	}
	if def.Namespace != ns {
		return nil, rest.Invalid(rest.Violation{Path: "flow.namespace", Message: "Illegal namespace update"})
	}
	if def.ID != id {
		return nil, rest.Invalid(rest.Violation{Path: "flow.id", Message: "Illegal flow id update"})
	}
	if e.latest().Source == src {
		return e.latest(), nil
	}
	return s.put(tenant, def, src, false), nil
}

// Delete soft-deletes a flow: Kestra stores a deleted revision.
func (s *Store) Delete(tenant, ns, id string) error {
	s.mu.Lock()
	defer s.unlock()
	e := s.entry(tenant, ns, id)
	if e == nil || e.latest().Deleted {
		return notFound(ns, id)
	}
	s.put(tenant, e.latest().Def, e.latest().Source, true)
	return nil
}

// Revisions lists the revisions of a flow, oldest first.
func (s *Store) Revisions(tenant, ns, id string, allowDeleted bool) ([]*Revision, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.tenants[tenant][key{ns, id}]
	if e == nil || (e.latest().Deleted && !allowDeleted) {
		return nil, notFound(ns, id)
	}
	var out []*Revision
	for _, r := range e.revisions {
		if !r.Deleted || allowDeleted {
			out = append(out, r)
		}
	}
	return out, nil
}

// Latest returns the latest live revision of every flow of tenant accepted
// by keep, sorted by namespace then id.
func (s *Store) Latest(tenant string, keep func(*Revision) bool) []*Revision {
	s.mu.RLock()
	out := make([]*Revision, 0, len(s.tenants[tenant]))
	for _, e := range s.tenants[tenant] {
		if r := e.latest(); !r.Deleted && (keep == nil || keep(r)) {
			out = append(out, r)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b *Revision) int {
		if c := strings.Compare(a.Def.Namespace, b.Def.Namespace); c != 0 {
			return c
		}
		return strings.Compare(a.Def.ID, b.Def.ID)
	})
	return out
}

// BulkPlan is a validated bulk update (FlowController.bulkUpdateOrCreate in
// kestra-io/kestra webserver/.../controllers/api/FlowController.java).
type BulkPlan struct {
	Defs    []*Definition
	Sources []string
	// Delete removes the live flows of Scope (exactly that namespace; the
	// whole tenant when Scope is empty) whose id is not among Defs. Kestra
	// compares ids only, not namespace and id.
	Delete bool
	Scope  string
}

// Bulk deletes, then creates or updates every flow of the plan, all under
// one lock: readers see all of it or none of it. It returns the deleted
// revisions followed by the created or updated ones, as Kestra does.
func (s *Store) Bulk(tenant string, p BulkPlan) []*Revision {
	s.mu.Lock()
	defer s.unlock()
	var out []*Revision
	ids := map[string]bool{}
	for _, def := range p.Defs {
		ids[def.ID] = true
	}
	if p.Delete {
		keys := make([]key, 0, len(s.tenants[tenant]))
		for k, e := range s.tenants[tenant] {
			if (p.Scope == "" || k.ns == p.Scope) && !ids[k.id] && !e.latest().Deleted {
				keys = append(keys, k)
			}
		}
		sortKeys(keys)
		for _, k := range keys {
			e := s.tenants[tenant][k]
			out = append(out, s.put(tenant, e.latest().Def, e.latest().Source, true))
		}
	}
	for i, def := range p.Defs {
		e := s.entry(tenant, def.Namespace, def.ID)
		if e != nil && !e.latest().Deleted && e.latest().Source == p.Sources[i] {
			out = append(out, e.latest())
			continue
		}
		out = append(out, s.put(tenant, def, p.Sources[i], false))
	}
	return out
}

func sortKeys(keys []key) {
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.ns, b.ns); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
}

func (s *Store) entry(tenant, ns, id string) *entry {
	return s.tenants[tenant][key{ns, id}]
}

// put appends a revision; the caller holds the write lock.
func (s *Store) put(tenant string, def *Definition, src string, deleted bool) *Revision {
	m := s.tenants[tenant]
	if m == nil {
		m = map[key]*entry{}
		s.tenants[tenant] = m
	}
	k := key{def.Namespace, def.ID}
	e := m[k]
	if e == nil {
		e = &entry{}
		m[k] = e
	}
	n := 1
	if len(e.revisions) > 0 {
		n = e.latest().Revision + 1
	}
	var old *Revision
	if len(e.revisions) > 0 {
		old = e.latest()
	}
	r := &Revision{Tenant: tenant, Def: def, Source: src, Revision: n, Deleted: deleted, Updated: s.now().UTC()}
	e.revisions = append(e.revisions, r)
	s.pending = append(s.pending, Change{Old: old, New: r})
	if !deleted {
		s.namespaces.Touch(tenant, def.Namespace)
	}
	return r
}
