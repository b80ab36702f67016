// Package namespaces keeps the namespaces of each tenant: the ones created
// explicitly (Enterprise) and the ones that exist because something lives
// in them (flows, files, key-value pairs), with their parents.
package namespaces

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// Namespace is one namespace.
type Namespace struct {
	ID          string
	Description string
	Variables   map[string]any
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

// NewRegistry returns a registry holding the system namespace of each
// tenant.
func NewRegistry(tenants []string, now func() time.Time) *Registry {
	r := &Registry{tenants: map[string]map[string]*Namespace{}, now: now}
	for _, t := range tenants {
		r.Touch(t, SystemNamespace)
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

// Touch records that ns (and its parents) exist in tenant.
func (r *Registry) Touch(tenant, ns string) {
	if ns == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.tenants[tenant]
	if m == nil {
		m = map[string]*Namespace{}
		r.tenants[tenant] = m
	}
	for _, p := range Parents(ns) {
		if m[p] == nil {
			m[p] = &Namespace{ID: p, Created: r.now()}
		}
	}
}

// Get returns a copy of a namespace.
func (r *Registry) Get(tenant, ns string) (Namespace, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := r.tenants[tenant][ns]
	if n == nil {
		return Namespace{}, false
	}
	return clone(n), true
}

// Exists reports whether ns exists in tenant.
func (r *Registry) Exists(tenant, ns string) bool {
	_, ok := r.Get(tenant, ns)
	return ok
}

// List returns the namespaces of a tenant sorted by id.
func (r *Registry) List(tenant string) []Namespace {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]Namespace, 0, len(r.tenants[tenant]))
	for _, n := range r.tenants[tenant] {
		out = append(out, clone(n))
	}
	slices.SortFunc(out, func(a, b Namespace) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Create adds an explicit namespace; it reports false when it already
// existed explicitly.
func (r *Registry) Create(tenant string, n Namespace) bool {
	r.Touch(tenant, n.ID)
	r.mu.Lock()
	defer r.mu.Unlock()
	cur := r.tenants[tenant][n.ID]
	if cur.Explicit {
		return false
	}
	cur.Explicit = true
	cur.Description = n.Description
	cur.Variables = n.Variables
	return true
}

// Update replaces the description and variables of an existing namespace.
func (r *Registry) Update(tenant string, n Namespace) (Namespace, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cur := r.tenants[tenant][n.ID]
	if cur == nil {
		return Namespace{}, false
	}
	cur.Explicit = true
	cur.Description = n.Description
	cur.Variables = n.Variables
	return clone(cur), true
}

// Delete removes a namespace; it reports false when it did not exist.
func (r *Registry) Delete(tenant, ns string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.tenants[tenant][ns] == nil {
		return false
	}
	delete(r.tenants[tenant], ns)
	return true
}

func clone(n *Namespace) Namespace {
	c := *n
	if n.Variables != nil {
		c.Variables = make(map[string]any, len(n.Variables))
		for k, v := range n.Variables {
			c.Variables[k] = v
		}
	}
	return c
}

// ValidID reports whether ns is a valid namespace id:
// ^[a-z0-9][a-z0-9._-]*$, at most 150 characters.
func ValidID(ns string) bool {
	return len(ns) <= 150 && idPattern.MatchString(ns)
}
