// Package secrets holds the secrets of each namespace (Kestra Enterprise's
// internal secret backend): values that flows read with secret('KEY') and
// that no API response ever returns. A namespace sees its own secrets and
// its parents' (company.team sees company's), the nearest one winning.
package secrets

import (
	"slices"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
	"github.com/kestractl/kestractl/kestrasim/scoped"
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

func (s *secret) where() scoped.InNamespace {
	return scoped.InNamespace{Namespace: s.meta.Namespace, Key: s.meta.Key}
}

// Store holds the secrets of every tenant. It is safe for concurrent use.
type Store struct {
	mu      sync.RWMutex
	secrets scoped.Table[scoped.InNamespace, secret] // by tenant
	now     func() time.Time
	touch   func(tenant, ns string)
}

// NewStore returns an empty store; touch records the namespaces secrets
// are set in.
func NewStore(now func() time.Time, touch func(tenant, ns string)) *Store {
	return &Store{secrets: scoped.Table[scoped.InNamespace, secret]{}, now: now, touch: touch}
}

func (s *Store) get(tenant, ns, key string) *secret {
	return s.secrets.Get(tenant, scoped.InNamespace{Namespace: ns, Key: key})
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
	sec := &secret{meta: Meta{Key: key, Namespace: ns, Description: description, Tags: cleanTags(tags)}, value: value, updated: s.now()}
	s.secrets.Put(tenant, sec.where(), sec)
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
	sec := s.get(tenant, ns, key)
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
	return s.secrets.Remove(tenant, scoped.InNamespace{Namespace: ns, Key: key})
}

// DeleteTenant drops the secrets of a deleted tenant.
func (s *Store) DeleteTenant(tenant string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.secrets, tenant)
}

// List returns the metadata of the secrets of tenant accepted by keep,
// sorted by namespace then key.
func (s *Store) List(tenant string, keep func(Meta) bool) []Meta {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Meta
	for _, sec := range s.secrets.SortedFunc(tenant, func(a, b *secret) int { return a.where().Compare(b.where()) }) {
		if keep(sec.meta) {
			m := sec.meta
			m.Tags = slices.Clone(m.Tags)
			out = append(out, m)
		}
	}
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
		for where := range s.secrets[tenant] {
			if where.Namespace == p {
				keys = append(keys, where.Key)
			}
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
		if sec := s.get(tenant, chain[i], key); sec != nil {
			return sec.value, nil
		}
	}
	return "", NotFoundError(key)
}

// NotFoundError is a missing secret; its message is Kestra's
// SecretNotFoundException message, which a failed task logs.
type NotFoundError string

func (e NotFoundError) Error() string { return "Cannot find secret for key '" + string(e) + "'." }
