// Package store is the generic in-memory store of the "content as code"
// resources (test suites, apps, dashboards, blueprints, assets, reusable
// inputs): per tenant, keyed by a string, each item keeping its YAML source
// verbatim. A store either keeps every revision (Kestra versions reusable
// inputs) or replaces the item on update; deletes are soft (the item stays,
// marked deleted) unless purged.
package store

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"time"
)

// Errors the store reports; handlers turn them into Kestra-shaped errors
// that name the resource.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("already exists")
)

// Item is one stored revision of a resource. Items are immutable once
// stored: changes store a new Item.
type Item[T any] struct {
	Tenant   string
	Key      string
	Value    T
	Source   string
	Revision int
	Deleted  bool
	// Created is when the resource was first created; Updated when this
	// revision was stored.
	Created time.Time
	Updated time.Time
}

// Options configure a store.
type Options struct {
	// Revisions keeps every revision; otherwise an update replaces the
	// current item (its revision number still grows).
	Revisions bool
}

type entry[T any] struct{ revs []*Item[T] }

func (e *entry[T]) latest() *Item[T] { return e.revs[len(e.revs)-1] }

// Store holds the items of every tenant. It is safe for concurrent use.
type Store[T any] struct {
	mu      sync.RWMutex
	tenants map[string]map[string]*entry[T]
	opts    Options
	now     func() time.Time
}

// New returns an empty store.
func New[T any](opts Options, now func() time.Time) *Store[T] {
	if now == nil {
		now = time.Now
	}
	return &Store[T]{tenants: map[string]map[string]*entry[T]{}, opts: opts, now: now}
}

func (s *Store[T]) entry(tenant, key string) *entry[T] {
	return s.tenants[tenant][key]
}

// live returns the entry of key when its latest revision is not deleted,
// nil otherwise.
func (s *Store[T]) live(tenant, key string) *entry[T] {
	if e := s.entry(tenant, key); e != nil && !e.latest().Deleted {
		return e
	}
	return nil
}

// Get returns the latest live revision of key.
func (s *Store[T]) Get(tenant, key string) (*Item[T], error) {
	return s.GetRevision(tenant, key, 0)
}

// GetAny returns the latest revision of key, deleted or not.
func (s *Store[T]) GetAny(tenant, key string) (*Item[T], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.entry(tenant, key)
	if e == nil {
		return nil, ErrNotFound
	}
	return e.latest(), nil
}

// GetRevision returns one revision of a live item (revision 0 is the
// latest).
func (s *Store[T]) GetRevision(tenant, key string, revision int) (*Item[T], error) {
	revs, err := s.Revisions(tenant, key)
	if err != nil {
		return nil, err
	}
	if revision == 0 {
		return revs[len(revs)-1], nil
	}
	for _, it := range revs {
		if it.Revision == revision {
			return it, nil
		}
	}
	return nil, ErrNotFound
}

// Revisions lists the live revisions of a live item, oldest first (the
// latest last).
func (s *Store[T]) Revisions(tenant, key string) ([]*Item[T], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.live(tenant, key)
	if e == nil {
		return nil, ErrNotFound
	}
	out := make([]*Item[T], 0, len(e.revs))
	for _, it := range e.revs {
		if !it.Deleted {
			out = append(out, it)
		}
	}
	return out, nil
}

// Create stores a new item; it fails with ErrExists when a live item has
// the key. Re-creating a deleted item continues its revision numbering.
func (s *Store[T]) Create(tenant, key string, value T, source string) (*Item[T], error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live(tenant, key) != nil {
		return nil, ErrExists
	}
	return s.put(tenant, key, value, source, false, true), nil
}

// Put creates or updates an item and reports whether it was created. An
// update whose source is byte-identical keeps the current revision.
func (s *Store[T]) Put(tenant, key string, value T, source string) (*Item[T], bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.live(tenant, key)
	created := e == nil
	if !created && e.latest().Source == source {
		return e.latest(), false
	}
	return s.put(tenant, key, value, source, false, created), created
}

// Update changes a live item: change receives the current item and
// returns the new value and source. A byte-identical source keeps the
// current revision.
func (s *Store[T]) Update(tenant, key string, change func(cur *Item[T]) (T, string, error)) (*Item[T], error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.live(tenant, key)
	if e == nil {
		return nil, ErrNotFound
	}
	cur := e.latest()
	value, source, err := change(cur)
	if err != nil {
		return nil, err
	}
	if source == cur.Source {
		return cur, nil
	}
	return s.put(tenant, key, value, source, false, false), nil
}

// Replace changes a live item into value and source (Update, whatever the
// current item holds).
func (s *Store[T]) Replace(tenant, key string, value T, source string) (*Item[T], error) {
	return s.Update(tenant, key, func(*Item[T]) (T, string, error) { return value, source, nil })
}

// Delete soft-deletes a live item: a deleted revision is stored.
func (s *Store[T]) Delete(tenant, key string) (*Item[T], error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.live(tenant, key)
	if e == nil {
		return nil, ErrNotFound
	}
	cur := e.latest()
	return s.put(tenant, key, cur.Value, cur.Source, true, false), nil
}

// Purge removes an item and its history; it reports whether it existed.
func (s *Store[T]) Purge(tenant, key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.entry(tenant, key) == nil {
		return false
	}
	delete(s.tenants[tenant], key)
	return true
}

// List returns the latest live item of every key of tenant accepted by keep
// (nil keeps all), sorted by key.
func (s *Store[T]) List(tenant string, keep func(*Item[T]) bool) []*Item[T] {
	return s.list(tenant, false, keep)
}

// ListAll is List including deleted items.
func (s *Store[T]) ListAll(tenant string, keep func(*Item[T]) bool) []*Item[T] {
	return s.list(tenant, true, keep)
}

func (s *Store[T]) list(tenant string, deleted bool, keep func(*Item[T]) bool) []*Item[T] {
	s.mu.RLock()
	out := make([]*Item[T], 0, len(s.tenants[tenant]))
	for _, e := range s.tenants[tenant] {
		it := e.latest()
		if (deleted || !it.Deleted) && (keep == nil || keep(it)) {
			out = append(out, it)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b *Item[T]) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// put appends (or, without revisions, replaces with) a new item; the
// caller holds the write lock.
func (s *Store[T]) put(tenant, key string, value T, source string, deleted, created bool) *Item[T] {
	m := s.tenants[tenant]
	if m == nil {
		m = map[string]*entry[T]{}
		s.tenants[tenant] = m
	}
	e := m[key]
	if e == nil {
		e = &entry[T]{}
		m[key] = e
	}
	now := s.now().UTC()
	it := &Item[T]{Tenant: tenant, Key: key, Value: value, Source: source, Revision: 1, Deleted: deleted, Created: now, Updated: now}
	if len(e.revs) > 0 {
		prev := e.latest()
		it.Revision = prev.Revision + 1
		if !created {
			it.Created = prev.Created
		}
	}
	if s.opts.Revisions {
		e.revs = append(e.revs, it)
	} else {
		e.revs = []*Item[T]{it}
	}
	return it
}
