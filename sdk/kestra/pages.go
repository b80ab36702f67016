package kestra

import (
	"context"
	"net/url"
	"strconv"
	"sync"
)

// PagedResults is Kestra's page shape.
type PagedResults[T any] struct {
	Results []T   `json:"results"`
	Total   int64 `json:"total"`
}

// DefaultPageSize is the page size Paginate uses when given 0.
const DefaultPageSize = 100

// pageLookahead is how many pages Paginate fetches ahead of the page being
// handed to the callback, once the first page told the total.
const pageLookahead = 3

// Paginate fetches every page of a Kestra search endpoint (page is
// 1-based) and calls fn with each page's results and the total, in page
// order. Once the first page gives the total, the following pages are
// fetched a few at a time ahead of fn, so the server's and the network's
// time overlap with the caller's work; memory stays bounded by the
// lookahead. It stops at the total, at a short or empty page, or when fn
// returns an error.
func Paginate[T any](ctx context.Context, c *Client, path string, query url.Values, size int, fn func(items []T, total int64) error) error {
	if size <= 0 {
		size = DefaultPageSize
	}
	get := func(ctx context.Context, page int) (PagedResults[T], error) {
		q := url.Values{}
		for k, v := range query {
			q[k] = append([]string(nil), v...)
		}
		q.Set("size", strconv.Itoa(size))
		q.Set("page", strconv.Itoa(page))
		var res PagedResults[T]
		err := c.Get(ctx, path, q, &res)
		return res, err
	}
	first, err := get(ctx, 1)
	if err != nil {
		return err
	}
	if err := fn(first.Results, first.Total); err != nil {
		return err
	}
	seen := int64(len(first.Results))
	if len(first.Results) == 0 || len(first.Results) < size || seen >= first.Total {
		return nil
	}
	last := int((first.Total + int64(size) - 1) / int64(size))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type fetched struct {
		res  PagedResults[T]
		err  error
		done chan struct{}
	}
	var mu sync.Mutex
	inflight := map[int]*fetched{}
	start := func(page int) {
		f := &fetched{done: make(chan struct{})}
		mu.Lock()
		inflight[page] = f
		mu.Unlock()
		go func() {
			defer close(f.done)
			f.res, f.err = get(ctx, page)
		}()
	}
	next := 2
	for ; next <= last && next < 2+pageLookahead; next++ {
		start(next)
	}
	for page := 2; ; page++ {
		mu.Lock()
		f := inflight[page]
		delete(inflight, page)
		mu.Unlock()
		if f == nil {
			// Past the total announced by page 1 (it grew): go on one page
			// at a time.
			res, err := get(ctx, page)
			f = &fetched{res: res, err: err}
		} else {
			<-f.done
		}
		if f.err != nil {
			return f.err
		}
		if next <= last {
			start(next)
			next++
		}
		if err := fn(f.res.Results, f.res.Total); err != nil {
			return err
		}
		seen += int64(len(f.res.Results))
		if len(f.res.Results) == 0 || len(f.res.Results) < size || seen >= f.res.Total {
			return nil
		}
	}
}
