package kestra

import (
	"context"
	"net/url"
	"strconv"
)

// PagedResults is Kestra's page shape.
type PagedResults[T any] struct {
	Results []T   `json:"results"`
	Total   int64 `json:"total"`
}

// DefaultPageSize is the page size Paginate uses when given 0.
const DefaultPageSize = 100

// Paginate fetches every page of a Kestra search endpoint (page is
// 1-based) and calls fn with each page's results and the total. It stops at
// the total, at a short or empty page, or when fn returns an error.
func Paginate[T any](ctx context.Context, c *Client, path string, query url.Values, size int, fn func(items []T, total int64) error) error {
	if size <= 0 {
		size = DefaultPageSize
	}
	q := url.Values{}
	for k, v := range query {
		q[k] = append([]string(nil), v...)
	}
	q.Set("size", strconv.Itoa(size))
	var seen int64
	for page := 1; ; page++ {
		q.Set("page", strconv.Itoa(page))
		var res PagedResults[T]
		if err := c.Get(ctx, path, q, &res); err != nil {
			return err
		}
		if err := fn(res.Results, res.Total); err != nil {
			return err
		}
		seen += int64(len(res.Results))
		if len(res.Results) == 0 || len(res.Results) < size || seen >= res.Total {
			return nil
		}
	}
}
