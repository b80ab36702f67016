// Package namespaces keeps the namespaces of each tenant: the ones created
// explicitly (Enterprise) and the ones that exist because something lives
// in them (flows, files, key-value pairs), with their parents.
package namespaces

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/limits"
)

// Namespace is one namespace.
type Namespace struct {
	ID          string
	Description string
	Variables   map[string]any
	// Concurrency and Quotas limit the executions of the namespace
	// (Enterprise).
	Concurrency *limits.Concurrency
	Quotas      []limits.Quota
	// Explicit namespaces were created through the API.
	Explicit bool
	Created  time.Time
}

// SystemNamespace always exists, as in Kestra.
const SystemNamespace = "system"

// Registry is the namespaces of every tenant. It is safe for concurrent use.
type Registry struct {
	mu      sync.RWMutex
	tenants map[string]map[string]*Namespace
	now     func() time.Time
}

// NewRegistry returns a registry holding the system namespace of the given
// tenants; any other tenant gets it on first use (tenants are created while
// the server runs).
func NewRegistry(tenants []string, now func() time.Time) *Registry {
	r := &Registry{tenants: map[string]map[string]*Namespace{}, now: now}
	for _, t := range tenants {
		r.tenant(t)
	}
	return r
}

// Parents returns ns and its parent namespaces, outermost first:
// a.b.c -> a, a.b, a.b.c.
func Parents(ns string) []string {
	var out []string
	for i, c := range ns {
		if c == '.' && i > 0 {
			out = append(out, ns[:i])
		}
	}
	return append(out, ns)
}

// IsWithin reports whether ns is scope or a child namespace of it.
func IsWithin(ns, scope string) bool {
	return ns == scope || strings.HasPrefix(ns, scope+".")
}

// tenant returns the namespaces of a tenant, holding the system namespace
// from the start; the caller holds the write lock.
func (r *Registry) tenant(tenant string) map[string]*Namespace {
	m := r.tenants[tenant]
	if m == nil {
		m = map[string]*Namespace{SystemNamespace: {ID: SystemNamespace, Created: r.now()}}
		r.tenants[tenant] = m
	}
	return m
}

// read runs f with the namespaces of a tenant under the lock.
func (r *Registry) read(tenant string, f func(map[string]*Namespace)) {
	r.mu.RLock()
	m := r.tenants[tenant]
	if m != nil {
		defer r.mu.RUnlock()
		f(m)
		return
	}
	r.mu.RUnlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	f(r.tenant(tenant))
}

// Touch records that ns (and its parents) exist in tenant.
func (r *Registry) Touch(tenant, ns string) {
	if ns == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.tenant(tenant)
	for _, p := range Parents(ns) {
		if m[p] == nil {
			m[p] = &Namespace{ID: p, Created: r.now()}
		}
	}
}

// DeleteTenant forgets the namespaces of a deleted tenant.
func (r *Registry) DeleteTenant(tenant string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.tenants, tenant)
}

// Get returns a copy of a namespace.
func (r *Registry) Get(tenant, ns string) (Namespace, bool) {
	var out Namespace
	ok := false
	r.read(tenant, func(m map[string]*Namespace) {
		if n := m[ns]; n != nil {
			out, ok = clone(n), true
		}
	})
	return out, ok
}

// NamespaceQuotas implements limits.Source: the quotas of one namespace.
func (r *Registry) NamespaceQuotas(tenant, ns string) []limits.Quota {
	n, _ := r.Get(tenant, ns)
	return n.Quotas
}

// InheritedVariables returns the variables a flow of ns sees, by
// namespace: those of ns itself and of each parent that has some
// (company.team -> {company: {...}, company.team: {...}}); the nearest
// namespace wins for a key.
func (r *Registry) InheritedVariables(tenant, ns string) map[string]map[string]any {
	out := map[string]map[string]any{ns: {}}
	r.read(tenant, func(m map[string]*Namespace) {
		for _, p := range Parents(ns) {
			if n := m[p]; n != nil && len(n.Variables) > 0 {
				out[p] = maps.Clone(n.Variables)
			}
		}
	})
	return out
}

// Exists reports whether ns exists in tenant.
func (r *Registry) Exists(tenant, ns string) bool {
	_, ok := r.Get(tenant, ns)
	return ok
}

// List returns the namespaces of a tenant sorted by id.
func (r *Registry) List(tenant string) []Namespace {
	var out []Namespace
	r.read(tenant, func(m map[string]*Namespace) {
		out = make([]Namespace, 0, len(m))
		for _, n := range m {
			out = append(out, clone(n))
		}
	})
	slices.SortFunc(out, func(a, b Namespace) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// set copies the settings of n (description, variables, limits) into cur.
func (cur *Namespace) set(n Namespace) {
	cur.Explicit = true
	cur.Description = n.Description
	cur.Variables = n.Variables
	cur.Concurrency = n.Concurrency
	cur.Quotas = slices.Clone(n.Quotas)
}

// Create adds an explicit namespace; it reports false when it already
// existed explicitly.
func (r *Registry) Create(tenant string, n Namespace) (Namespace, bool) {
	r.Touch(tenant, n.ID)
	r.mu.Lock()
	defer r.mu.Unlock()
	cur := r.tenant(tenant)[n.ID]
	if cur.Explicit {
		return Namespace{}, false
	}
	cur.set(n)
	return clone(cur), true
}

// Update replaces the settings of an existing namespace.
func (r *Registry) Update(tenant string, n Namespace) (Namespace, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cur := r.tenant(tenant)[n.ID]
	if cur == nil {
		return Namespace{}, false
	}
	cur.set(n)
	return clone(cur), true
}

// Delete removes a namespace; it reports false when it did not exist.
func (r *Registry) Delete(tenant, ns string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.tenant(tenant)
	if m[ns] == nil {
		return false
	}
	delete(m, ns)
	return true
}

func clone(n *Namespace) Namespace {
	c := *n
	c.Variables = maps.Clone(n.Variables)
	c.Quotas = slices.Clone(n.Quotas)
	if n.Concurrency != nil {
		cc := *n.Concurrency
		c.Concurrency = &cc
	}
	return c
}

// ValidID reports whether ns is a valid namespace id:
// ^[a-z0-9][a-z0-9._-]*$, at most 150 characters.
func ValidID(ns string) bool {
	return len(ns) <= 150 && idPattern.MatchString(ns)
}
