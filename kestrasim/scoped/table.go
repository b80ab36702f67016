// Package scoped holds the objects of the simulator's plain stores by
// scope (a tenant, or the instance for instance-level objects) and then by
// key: IAM objects by id, key-value pairs and secrets by namespace and key.
package scoped

import (
	"cmp"
	"slices"
	"strings"
)

// Table holds objects by scope, then key. It has no lock of its own: the
// store that owns it guards it (IAM objects refer to each other, so one
// lock guards all of its tables).
type Table[K comparable, T any] map[string]map[K]*T

// Get returns the object at key, nil when there is none.
func (t Table[K, T]) Get(scope string, key K) *T { return t[scope][key] }

// Put stores v at key.
func (t Table[K, T]) Put(scope string, key K, v *T) {
	m := t[scope]
	if m == nil {
		m = map[K]*T{}
		t[scope] = m
	}
	m[key] = v
}

// Remove deletes an object and reports whether it existed.
func (t Table[K, T]) Remove(scope string, key K) bool {
	if t[scope][key] == nil {
		return false
	}
	delete(t[scope], key)
	return true
}

// Sorted returns the objects of a scope ordered by key(object).
func (t Table[K, T]) Sorted(scope string, key func(*T) string) []*T {
	return t.SortedFunc(scope, func(a, b *T) int { return strings.Compare(key(a), key(b)) })
}

// SortedFunc returns the objects of a scope ordered by cmp.
func (t Table[K, T]) SortedFunc(scope string, cmp func(a, b *T) int) []*T {
	out := make([]*T, 0, len(t[scope]))
	for _, v := range t[scope] {
		out = append(out, v)
	}
	slices.SortFunc(out, cmp)
	return out
}

// Find returns the first object of a scope accepted by match.
func (t Table[K, T]) Find(scope string, match func(*T) bool) *T {
	for _, v := range t[scope] {
		if match(v) {
			return v
		}
	}
	return nil
}

// Scopes lists the scopes holding objects, sorted.
func (t Table[K, T]) Scopes() []string {
	out := make([]string, 0, len(t))
	for s := range t {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// InNamespace keys an object that lives in a namespace of its tenant (a
// key-value pair, a secret).
type InNamespace struct {
	Namespace string
	Key       string
}

// Compare orders by namespace, then key.
func (k InNamespace) Compare(o InNamespace) int {
	return cmp.Or(strings.Compare(k.Namespace, o.Namespace), strings.Compare(k.Key, o.Key))
}
