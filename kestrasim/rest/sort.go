package rest

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// Comparators name the fields a list can be sorted on.
type Comparators[T any] map[string]func(a, b T) int

// By compares one field of an ordered type (a string, a number).
func By[T any, K cmp.Ordered](field func(T) K) func(a, b T) int {
	return func(a, b T) int { return cmp.Compare(field(a), field(b)) }
}

// ByTime compares one date field.
func ByTime[T any](field func(T) time.Time) func(a, b T) int {
	return func(a, b T) int { return field(a).Compare(field(b)) }
}

// WritePage answers the page of items a search asks for, sorted by its
// sort keys (Sort).
func WritePage[T any](w http.ResponseWriter, q url.Values, paging Paging, items []T, fields Comparators[T], def ...SortKey) {
	Sort(items, ParseSort(q), fields, def...)
	WriteJSON(w, http.StatusOK, Page(items, paging))
}

// Sort orders items by the sort keys of the request (unknown fields are
// ignored, as Kestra ignores them), falling back to def.
func Sort[T any](items []T, keys []SortKey, fields Comparators[T], def ...SortKey) {
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
