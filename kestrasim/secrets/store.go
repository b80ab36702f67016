// Package secrets holds the secrets of each namespace (Kestra Enterprise's
// internal secret backend): values that flows read with secret('KEY') and
// that no API response ever returns. A namespace sees its own secrets and
// its parents' (company.team sees company's), the nearest one winning.
package secrets

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Tag is ApiSecretTag.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Meta is what the API shows of a secret (ApiSecretMetaEE; the description
// Kestra Enterprise keeps is an extra property of the document's schema).
type Meta struct {
	Key         string `json:"key"`
	Namespace   string `json:"namespace"`
	Description string `json:"description,omitempty"`
	Tags        []Tag  `json:"tags"`
}

type secret struct {
	meta    Meta
	value   string
	updated time.Time
}

// Store holds the secrets of every tenant. It is safe for concurrent use.
type Store struct {
	mu      sync.RWMutex
	tenants map[string]map[string]map[string]*secret // tenant -> namespace -> key
	now     func() time.Time
	touch   func(tenant, ns string)
}

// NewStore returns an empty store; touch records the namespaces secrets
// are set in.
func NewStore(now func() time.Time, touch func(tenant, ns string)) *Store {
	return &Store{tenants: map[string]map[string]map[string]*secret{}, now: now, touch: touch}
}

// NotFound is Kestra's SecretNotFoundException message (SecretService in
// kestra-io/kestra, core/src/main/java/io/kestra/core/secret/SecretService.java).
func NotFound(key string) error {
	return rest.NotFound("Cannot find secret for key '%s'.", key)
}

// Put sets a secret's value, description and tags.
func (s *Store) Put(tenant, ns, key, value, description string, tags []Tag) Meta {
	s.mu.Lock()
	defer s.mu.Unlock()
	byNS := s.tenants[tenant]
	if byNS == nil {
		byNS = map[string]map[string]*secret{}
		s.tenants[tenant] = byNS
	}
	keys := byNS[ns]
	if keys == nil {
		keys = map[string]*secret{}
		byNS[ns] = keys
	}
	sec := &secret{meta: Meta{Key: key, Namespace: ns, Description: description, Tags: cleanTags(tags)}, value: value, updated: s.now()}
	keys[key] = sec
	s.touch(tenant, ns)
	return sec.meta
}

func cleanTags(tags []Tag) []Tag {
	if tags == nil {
		return []Tag{}
	}
	return slices.Clone(tags)
}

// Patch changes the description and tags of an existing secret.
func (s *Store) Patch(tenant, ns, key string, description *string, tags []Tag) (Meta, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := s.tenants[tenant][ns][key]
	if sec == nil {
		return Meta{}, false
	}
	if description != nil {
		sec.meta.Description = *description
	}
	if tags != nil {
		sec.meta.Tags = cleanTags(tags)
	}
	sec.updated = s.now()
	return sec.meta, true
}

// Delete removes a secret; it reports whether it existed.
func (s *Store) Delete(tenant, ns, key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tenants[tenant][ns][key] == nil {
		return false
	}
	delete(s.tenants[tenant][ns], key)
	return true
}

// DeleteTenant drops the secrets of a deleted tenant.
func (s *Store) DeleteTenant(tenant string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tenants, tenant)
}

// List returns the metadata of the secrets of tenant accepted by keep,
// sorted by namespace then key.
func (s *Store) List(tenant string, keep func(Meta) bool) []Meta {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Meta
	for _, keys := range s.tenants[tenant] {
		for _, sec := range keys {
			if keep(sec.meta) {
				m := sec.meta
				m.Tags = slices.Clone(m.Tags)
				out = append(out, m)
			}
		}
	}
	slices.SortFunc(out, func(a, b Meta) int {
		if c := strings.Compare(a.Namespace, b.Namespace); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}

// Inherited returns the secret keys visible from ns by namespace: its own
// and each parent's (SecretService.inheritedSecrets).
func (s *Store) Inherited(tenant, ns string) map[string][]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[string][]string{}
	for _, p := range namespaces.Parents(ns) {
		keys := []string{}
		for k := range s.tenants[tenant][p] {
			keys = append(keys, k)
		}
		if len(keys) > 0 || p == ns {
			slices.Sort(keys)
			out[p] = keys
		}
	}
	return out
}

// Secret returns the value of key as a flow of ns sees it: the namespace's
// own secret, else the nearest parent's.
func (s *Store) Secret(tenant, ns, key string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	chain := namespaces.Parents(ns)
	for i := len(chain) - 1; i >= 0; i-- {
		if sec := s.tenants[tenant][chain[i]][key]; sec != nil {
			return sec.value, nil
		}
	}
	return "", NotFoundError(key)
}

// NotFoundError is a missing secret; its message is Kestra's
// SecretNotFoundException message, which a failed task logs.
type NotFoundError string

func (e NotFoundError) Error() string { return "Cannot find secret for key '" + string(e) + "'." }
