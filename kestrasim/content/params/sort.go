package params

import (
	"cmp"
	"slices"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Comparators name the fields a list can be sorted on.
type Comparators[T any] map[string]func(a, b T) int

// By compares one string field.
func By[T any](field func(T) string) func(a, b T) int {
	return func(a, b T) int { return cmp.Compare(field(a), field(b)) }
}

// Sort orders items by the sort keys of the request (unknown fields are
// ignored, as Kestra ignores them), falling back to def.
func Sort[T any](items []T, keys []rest.SortKey, fields Comparators[T], def ...rest.SortKey) {
	if len(keys) == 0 {
		keys = def
	}
	if len(keys) == 0 {
		return
	}
	slices.SortStableFunc(items, func(a, b T) int {
		for _, k := range keys {
			c := 0
			if f, ok := fields[k.Field]; ok {
				c = f(a, b)
			}
			if k.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}
