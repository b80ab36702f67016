// Package tenants is the tenants of an Enterprise instance: the ones given
// on the command line and the ones created through the tenants API, with
// their limits (concurrency, execution quotas) and backend settings.
package tenants

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/limits"
)

// Isolation is Isolation: services denied access to a backend.
type Isolation struct {
	DeniedServices []string `json:"deniedServices,omitempty"`
	Enabled        bool     `json:"enabled"`
}

// Tenant is Tenant, as stored and rendered.
type Tenant struct {
	ID                       string                     `json:"id"`
	Name                     string                     `json:"name"`
	Deleted                  bool                       `json:"deleted"`
	Concurrency              *limits.Concurrency        `json:"concurrency,omitempty"`
	Quotas                   []limits.Quota             `json:"quotas,omitempty"`
	StorageType              string                     `json:"storageType,omitempty"`
	StorageConfiguration     map[string]json.RawMessage `json:"storageConfiguration,omitempty"`
	StorageIsolation         *Isolation                 `json:"storageIsolation,omitempty"`
	SecretType               string                     `json:"secretType,omitempty"`
	SecretReadOnly           bool                       `json:"secretReadOnly,omitempty"`
	SecretConfiguration      map[string]json.RawMessage `json:"secretConfiguration,omitempty"`
	SecretIsolation          *Isolation                 `json:"secretIsolation,omitempty"`
	RequireExistingNamespace bool                       `json:"requireExistingNamespace,omitempty"`
	OutputsInInternalStorage bool                       `json:"outputsInInternalStorage,omitempty"`
	DefaultWorkerSelector    json.RawMessage            `json:"defaultWorkerSelector,omitempty"`
}

// idPattern is Tenant.id.
var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// Store holds the tenants. It is safe for concurrent use.
type Store struct {
	mu       sync.RWMutex
	tenants  map[string]*Tenant
	now      func() time.Time
	onDelete []func(tenant string)
}

// NewStore returns a store holding the seed tenants (named after their id).
func NewStore(seed []string, now func() time.Time) *Store {
	s := &Store{tenants: map[string]*Tenant{}, now: now}
	for _, id := range seed {
		s.tenants[id] = &Tenant{ID: id, Name: id}
	}
	return s
}

// OnDelete registers what to do when a tenant is deleted (the stores of the
// other areas drop what the tenant held).
func (s *Store) OnDelete(f func(tenant string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onDelete = append(s.onDelete, f)
}

// Exists reports whether a tenant exists.
func (s *Store) Exists(id string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tenants[id] != nil
}

// IDs lists the tenant ids, sorted.
func (s *Store) IDs() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.tenants))
	for id := range s.tenants {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// Get returns a copy of a tenant.
func (s *Store) Get(id string) (Tenant, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.tenants[id]
	if t == nil {
		return Tenant{}, false
	}
	return *t, true
}

// List returns every tenant sorted by id.
func (s *Store) List() []Tenant {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Tenant, 0, len(s.tenants))
	for _, t := range s.tenants {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b Tenant) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// TenantQuotas implements limits.Source.
func (s *Store) TenantQuotas(tenant string) []limits.Quota {
	t, _ := s.Get(tenant)
	return t.Quotas
}

// create adds a tenant; it reports false when the id is taken.
func (s *Store) create(t Tenant) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tenants[t.ID] != nil {
		return false
	}
	s.tenants[t.ID] = &t
	return true
}

// replace replaces an existing tenant; it reports false when there is none.
func (s *Store) replace(t Tenant) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tenants[t.ID] == nil {
		return false
	}
	s.tenants[t.ID] = &t
	return true
}

// remove deletes a tenant and then runs the delete hooks; it reports false
// when there was none.
func (s *Store) remove(id string) bool {
	s.mu.Lock()
	if s.tenants[id] == nil {
		s.mu.Unlock()
		return false
	}
	delete(s.tenants, id)
	hooks := slices.Clone(s.onDelete)
	s.mu.Unlock()
	for _, f := range hooks {
		f(id)
	}
	return true
}
