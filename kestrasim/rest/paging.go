package rest

import (
	"net/url"
	"strconv"
	"strings"
)

// Paging is Kestra's 1-based page/size pair.
type Paging struct {
	Page int
	Size int
}

// Paged is Kestra's PagedResults shape.
type Paged[T any] struct {
	Results []T   `json:"results"`
	Total   int64 `json:"total"`
}

// ParsePaging reads page and size from the query; defaultSize applies when
// size is absent (the document says 10 for most routes).
func ParsePaging(q url.Values, defaultSize int) (Paging, error) {
	p := Paging{Page: 1, Size: defaultSize}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, BadRequest("Failed to convert argument [page] for value [%s]: page must be an integer >= 1", v)
		}
		p.Page = n
	}
	if v := q.Get("size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, BadRequest("Failed to convert argument [size] for value [%s]: size must be an integer >= 1", v)
		}
		p.Size = n
	}
	return p, nil
}

// ParseSearch reads what a search route takes from its query: the page
// (ParsePaging) and the filters (ParseFilters).
func ParseSearch(q url.Values, defaultSize int) (Paging, Filters, error) {
	p, err := ParsePaging(q, defaultSize)
	if err != nil {
		return p, nil, err
	}
	fs, err := ParseFilters(q)
	if err != nil {
		return p, nil, err
	}
	return p, fs, nil
}

// Page cuts one page out of items and wraps it with the total.
func Page[T any](items []T, p Paging) Paged[T] {
	out := Paged[T]{Results: []T{}, Total: int64(len(items))}
	start := (p.Page - 1) * p.Size
	if start < 0 || start >= len(items) || p.Size <= 0 {
		return out
	}
	end := start + p.Size
	if end > len(items) || end < start {
		end = len(items)
	}
	out.Results = append(out.Results, items[start:end]...)
	return out
}

// SortKey is one "field:asc|desc" entry of the sort parameter.
type SortKey struct {
	Field string
	Desc  bool
}

// ParseSort reads the sort parameter, given repeated or comma-separated.
func ParseSort(q url.Values) []SortKey {
	var keys []SortKey
	for _, raw := range q["sort"] {
		for _, part := range strings.Split(raw, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			field, dir, _ := strings.Cut(part, ":")
			keys = append(keys, SortKey{Field: field, Desc: strings.EqualFold(dir, "desc")})
		}
	}
	return keys
}
