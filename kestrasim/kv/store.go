package kv

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/rest"
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

// Store holds the key-value pairs of every tenant. It is safe for
// concurrent use.
type Store struct {
	mu      sync.Mutex
	tenants map[string]map[string]map[string]*Entry // tenant -> namespace -> key
	now     func() time.Time
	touch   func(tenant, ns string)
}

// NewStore returns an empty store.
func NewStore(now func() time.Time, touch func(tenant, ns string)) *Store {
	return &Store{tenants: map[string]map[string]map[string]*Entry{}, now: now, touch: touch}
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
	e := s.tenants[tenant][ns][key]
	if e != nil && e.expired(s.now()) {
		delete(s.tenants[tenant][ns], key)
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
	t := s.tenants[tenant]
	if t == nil {
		t = map[string]map[string]*Entry{}
		s.tenants[tenant] = t
	}
	m := t[ns]
	if m == nil {
		m = map[string]*Entry{}
		t[ns] = m
	}
	e := s.live(tenant, ns, key)
	if e == nil {
		e = &Entry{Namespace: ns, Key: key, Created: now}
		m[key] = e
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
	if s.live(tenant, ns, key) == nil {
		return false
	}
	delete(s.tenants[tenant][ns], key)
	return true
}

// DeleteTenant drops the key-value pairs of a deleted tenant.
func (s *Store) DeleteTenant(tenant string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tenants, tenant)
}

// List returns the live entries of tenant accepted by keep, sorted by
// namespace then key.
func (s *Store) List(tenant string, keep func(*Entry) bool) []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var out []Entry
	for ns, m := range s.tenants[tenant] {
		for k, e := range m {
			if e.expired(now) {
				delete(s.tenants[tenant][ns], k)
				continue
			}
			if keep(e) {
				out = append(out, *e)
			}
		}
	}
	slices.SortFunc(out, func(a, b Entry) int {
		if c := strings.Compare(a.Namespace, b.Namespace); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}
