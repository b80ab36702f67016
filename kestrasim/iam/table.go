package iam

import (
	"slices"
	"strings"
)

// instance is the scope of instance-level objects (users, service
// accounts); tenant-level objects are scoped by their tenant id.
const instance = ""

// table holds the objects of one kind by scope, then id. It has no lock of
// its own: objects refer to each other (bindings to roles and groups, groups
// to users), so the Store's one lock guards every table.
type table[T any] map[string]map[string]*T

func (t table[T]) get(scope, id string) *T { return t[scope][id] }

func (t table[T]) put(scope, id string, v *T) {
	m := t[scope]
	if m == nil {
		m = map[string]*T{}
		t[scope] = m
	}
	m[id] = v
}

// remove deletes an object and reports whether it existed.
func (t table[T]) remove(scope, id string) bool {
	if t[scope][id] == nil {
		return false
	}
	delete(t[scope], id)
	return true
}

// sorted returns the objects of a scope ordered by key.
func (t table[T]) sorted(scope string, key func(*T) string) []*T {
	out := make([]*T, 0, len(t[scope]))
	for _, v := range t[scope] {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *T) int { return strings.Compare(key(a), key(b)) })
	return out
}

// find returns the first object of a scope accepted by match.
func (t table[T]) find(scope string, match func(*T) bool) *T {
	for _, v := range t[scope] {
		if match(v) {
			return v
		}
	}
	return nil
}

// scopes lists the scopes holding objects.
func (t table[T]) scopes() []string {
	out := make([]string, 0, len(t))
	for s := range t {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}
