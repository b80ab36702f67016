package kv

import (
	"regexp"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/rest"
	"github.com/kestractl/kestractl/kestrasim/scoped"
)

// keyPattern is Kestra's key constraint.
var keyPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)

// Entry is one stored key.
type Entry struct {
	Namespace   string
	Key         string
	Value       Value
	Description string
	Revision    int
	Created     time.Time
	Updated     time.Time
	Expires     *time.Time
}

func (e *Entry) expired(now time.Time) bool { return e.Expires != nil && !now.Before(*e.Expires) }

func (e *Entry) where() scoped.InNamespace {
	return scoped.InNamespace{Namespace: e.Namespace, Key: e.Key}
}

// Store holds the key-value pairs of every tenant. It is safe for
// concurrent use.
type Store struct {
	mu      sync.Mutex
	entries scoped.Table[scoped.InNamespace, Entry] // by tenant
	now     func() time.Time
	touch   func(tenant, ns string)
}

// NewStore returns an empty store.
func NewStore(now func() time.Time, touch func(tenant, ns string)) *Store {
	return &Store{entries: scoped.Table[scoped.InNamespace, Entry]{}, now: now, touch: touch}
}

// ValidKey checks a key.
func ValidKey(key string) error {
	if len(key) > 255 || !keyPattern.MatchString(key) {
		return rest.BadRequest("Invalid key '%s': keys must match ^[a-zA-Z0-9][a-zA-Z0-9._-]*$", key)
	}
	return nil
}

// live returns a live entry, dropping it when expired; the caller holds mu.
func (s *Store) live(tenant, ns, key string) *Entry {
	e := s.entries.Get(tenant, scoped.InNamespace{Namespace: ns, Key: key})
	if e != nil && e.expired(s.now()) {
		s.entries.Remove(tenant, e.where())
		return nil
	}
	return e
}

// Get returns a copy of a live entry.
func (s *Store) Get(tenant, ns, key string) (Entry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.live(tenant, ns, key)
	if e == nil {
		return Entry{}, false
	}
	return *e, true
}

// Put stores a value; ttl <= 0 means no expiry.
func (s *Store) Put(tenant, ns, key string, v Value, description string, ttl time.Duration, hasTTL bool) Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now().UTC()
	e := s.live(tenant, ns, key)
	if e == nil {
		e = &Entry{Namespace: ns, Key: key, Created: now}
		s.entries.Put(tenant, e.where(), e)
	}
	e.Value, e.Description, e.Updated = v, description, now
	e.Revision++
	e.Expires = nil
	if hasTTL {
		exp := now.Add(ttl)
		e.Expires = &exp
	}
	s.touch(tenant, ns)
	return *e
}

// Delete removes a key; it reports whether a live key was removed.
func (s *Store) Delete(tenant, ns, key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.live(tenant, ns, key)
	return e != nil && s.entries.Remove(tenant, e.where())
}

// DeleteTenant drops the key-value pairs of a deleted tenant.
func (s *Store) DeleteTenant(tenant string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.entries, tenant)
}

// List returns the live entries of tenant accepted by keep, sorted by
// namespace then key.
func (s *Store) List(tenant string, keep func(*Entry) bool) []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var out []Entry
	for _, e := range s.entries.SortedFunc(tenant, func(a, b *Entry) int { return a.where().Compare(b.where()) }) {
		if e.expired(now) {
			s.entries.Remove(tenant, e.where())
			continue
		}
		if keep(e) {
			out = append(out, *e)
		}
	}
	return out
}
