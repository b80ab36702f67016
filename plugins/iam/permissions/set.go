package permissions

import (
	"slices"
	"sort"
	"strings"
)

// Set maps a resource to its actions, as a role's permissions payload
// ({"FLOW": ["VIEW", "LIST"]}). Actions are unique within a resource and
// keep the order they were given in.
type Set map[string][]string

// add merges actions into resource, skipping ones already there.
func (s Set) add(resource string, acts ...string) {
	cur := s[resource]
	for _, a := range acts {
		if !slices.Contains(cur, a) {
			cur = append(cur, a)
		}
	}
	if cur == nil {
		cur = []string{}
	}
	s[resource] = cur
}

// Keys returns the resources in alphabetical order.
func (s Set) Keys() []string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Count is the number of resource:action pairs.
func (s Set) Count() int {
	n := 0
	for _, a := range s {
		n += len(a)
	}
	return n
}

// Removed lists the RESOURCE:ACTION pairs of old that s does not grant,
// sorted (what replacing old with s takes away).
func (s Set) Removed(old Set) []string {
	var out []string
	for _, r := range old.Keys() {
		for _, a := range old[r] {
			if !slices.Contains(s[r], a) {
				out = append(out, r+":"+a)
			}
		}
	}
	return out
}

// String renders the set as "FLOW:VIEW,LIST EXECUTION:VIEW", sorted by
// resource.
func (s Set) String() string {
	parts := make([]string, 0, len(s))
	for _, r := range s.Keys() {
		parts = append(parts, r+":"+strings.Join(s[r], ","))
	}
	return strings.Join(parts, " ")
}
