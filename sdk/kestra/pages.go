package kestra

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
)

// PagedResults is Kestra's page shape.
type PagedResults[T any] struct {
	Results []T   `json:"results"`
	Total   int64 `json:"total"`
}

// Page is one page of a Kestra search, each result as the server sent it.
type Page = PagedResults[json.RawMessage]

// DefaultPageSize is the page size Paginate uses when given 0.
const DefaultPageSize = 100

// MaxItemSize bounds one item of a page (a flow with its source, an
// execution with its task runs). A page is decoded item by item, so the
// page as a whole has no size limit.
const MaxItemSize = 64 << 20

// pageLookahead is how many pages Paginate fetches ahead of the page being
// handed to the callback, once the first page told the total.
const pageLookahead = 3

// SearchPage fetches one page (1-based) of a Kestra search endpoint. The
// answer is decoded item by item as it arrives, so a page of any size
// needs memory for its items only, never for a second copy of the body.
func (c *Client) SearchPage(ctx context.Context, path string, query url.Values, page, size int) (Page, error) {
	q := url.Values{}
	for k, v := range query {
		q[k] = append([]string(nil), v...)
	}
	q.Set("size", strconv.Itoa(size))
	q.Set("page", strconv.Itoa(page))
	req := &Request{Method: http.MethodGet, Path: path, Query: q}
	var out Page
	err := c.Call(ctx, req, func(resp *http.Response) error {
		out = Page{}
		br := bufio.NewReader(resp.Body)
		if head, _ := br.Peek(64); looksLikeHTML(head) {
			return &APIError{Method: req.Method, Path: req.Path, Status: resp.StatusCode, HTML: true}
		}
		p, err := decodePage(br)
		if err != nil {
			var syn *json.SyntaxError
			var typ *json.UnmarshalTypeError
			if errors.As(err, &syn) || errors.As(err, &typ) || errors.Is(err, errItemTooLarge) || errors.Is(err, errNotAPage) {
				return &APIError{Method: req.Method, Path: req.Path, Status: resp.StatusCode,
					Message: fmt.Sprintf("cannot decode the server's page: %v", err)}
			}
			return &bodyReadError{err}
		}
		out = p
		return nil
	})
	return out, err
}

var (
	errItemTooLarge = fmt.Errorf("an item is larger than %d MiB", MaxItemSize>>20)
	errNotAPage     = errors.New(`expected an object with "results" and "total"`)
)

// decodePage reads {"results": [...], "total": N} (keys in any order,
// other keys ignored) one result at a time.
func decodePage(r io.Reader) (Page, error) {
	var p Page
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil {
		return p, eofAsUnexpected(err)
	} else if d, ok := tok.(json.Delim); !ok || d != '{' {
		return p, errNotAPage
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return p, eofAsUnexpected(err)
		}
		key, _ := tok.(string)
		switch key {
		case "results":
			tok, err := dec.Token()
			if err != nil {
				return p, eofAsUnexpected(err)
			}
			if tok == nil {
				continue // "results": null
			}
			if d, ok := tok.(json.Delim); !ok || d != '[' {
				return p, errNotAPage
			}
			for dec.More() {
				var item json.RawMessage
				if err := dec.Decode(&item); err != nil {
					return p, eofAsUnexpected(err)
				}
				if len(item) > MaxItemSize {
					return p, errItemTooLarge
				}
				p.Results = append(p.Results, item)
			}
			if _, err := dec.Token(); err != nil {
				return p, eofAsUnexpected(err)
			}
		case "total":
			var n json.Number
			if err := dec.Decode(&n); err != nil {
				return p, eofAsUnexpected(err)
			}
			if t, err := n.Int64(); err == nil {
				p.Total = t
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return p, eofAsUnexpected(err)
			}
		}
	}
	return p, nil
}

func eofAsUnexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// Pager walks the pages of a search endpoint in order, fetching a few
// pages ahead once the first page told the total. It stops at the total,
// at a short or empty page, and at a page that repeats the one before (a
// server that ignores the page parameter would otherwise be read forever);
// Repeated says whether that happened.
type Pager struct {
	c     *Client
	path  string
	query url.Values
	size  int

	next     int // next page to hand out
	last     int // last page announced by the total (0: unknown)
	maxPage  int // last page the caller wants (0: every page)
	seen     int64
	total    int64
	done     bool
	prevSum  uint64
	repeated bool

	ctx      context.Context
	cancel   context.CancelFunc
	mu       sync.Mutex
	inflight map[int]*fetchedPage
	started  int // highest page started ahead
}

type fetchedPage struct {
	page Page
	err  error
	done chan struct{}
}

// NewPager starts walking path's pages of size items (DefaultPageSize
// when 0). Close it when done.
func (c *Client) NewPager(ctx context.Context, path string, query url.Values, size int) *Pager {
	if size <= 0 {
		size = DefaultPageSize
	}
	ctx, cancel := context.WithCancel(ctx)
	return &Pager{c: c, path: path, query: query, size: size, next: 1, ctx: ctx, cancel: cancel, inflight: map[int]*fetchedPage{}}
}

// Limit tells the pager that the caller needs at most n items, so that it
// does not fetch pages ahead past them.
func (p *Pager) Limit(n int64) {
	p.maxPage = int((n + int64(p.size) - 1) / int64(p.size))
}

// Close stops the pages fetched ahead.
func (p *Pager) Close() { p.cancel() }

// Total is the total announced by the last page read.
func (p *Pager) Total() int64 { return p.total }

// Repeated reports whether the walk stopped because the server repeated a
// page.
func (p *Pager) Repeated() bool { return p.repeated }

// Next returns the next page; ok is false after the last one.
func (p *Pager) Next() (page Page, ok bool, err error) {
	if p.done {
		return Page{}, false, nil
	}
	n := p.next
	p.next++
	p.mu.Lock()
	f := p.inflight[n]
	delete(p.inflight, n)
	p.mu.Unlock()
	if f == nil {
		page, err = p.c.SearchPage(p.ctx, p.path, p.query, n, p.size)
	} else {
		<-f.done
		page, err = f.page, f.err
	}
	if err != nil {
		p.done = true
		return Page{}, false, err
	}
	sum := pageSum(page.Results)
	if n > 1 && len(page.Results) > 0 && sum == p.prevSum {
		p.done, p.repeated = true, true
		return Page{}, false, nil
	}
	p.prevSum = sum
	p.total = page.Total
	p.seen += int64(len(page.Results))
	if len(page.Results) == 0 || len(page.Results) < p.size || p.seen >= page.Total {
		p.done = true
	} else {
		p.last = int((page.Total + int64(p.size) - 1) / int64(p.size))
		if p.maxPage > 0 {
			p.last = min(p.last, p.maxPage)
		}
		p.fetchAhead()
	}
	return page, true, nil
}

// fetchAhead keeps up to pageLookahead pages in flight after the next one.
func (p *Pager) fetchAhead() {
	for p.started < p.next+pageLookahead-1 && p.started < p.last {
		if p.started < p.next {
			p.started = p.next
		} else {
			p.started++
		}
		if p.started > p.last {
			return
		}
		page := p.started
		f := &fetchedPage{done: make(chan struct{})}
		p.mu.Lock()
		p.inflight[page] = f
		p.mu.Unlock()
		go func() {
			defer close(f.done)
			f.page, f.err = p.c.SearchPage(p.ctx, p.path, p.query, page, p.size)
		}()
	}
}

func pageSum(items []json.RawMessage) uint64 {
	h := fnv.New64a()
	for _, it := range items {
		_, _ = h.Write(it)
		_, _ = h.Write([]byte{0})
	}
	return h.Sum64()
}

// Paginate fetches every page of a Kestra search endpoint (page is
// 1-based) and calls fn with each page's results and the total, in page
// order, fetching a few pages ahead (see Pager). Memory stays bounded by
// the lookahead.
func Paginate[T any](ctx context.Context, c *Client, path string, query url.Values, size int, fn func(items []T, total int64) error) error {
	p := c.NewPager(ctx, path, query, size)
	defer p.Close()
	for {
		page, ok, err := p.Next()
		if err != nil || !ok {
			return err
		}
		items, err := decodeItems[T](page.Results)
		if err != nil {
			return err
		}
		if err := fn(items, page.Total); err != nil {
			return err
		}
	}
}

func decodeItems[T any](raw []json.RawMessage) ([]T, error) {
	if out, ok := any(raw).([]T); ok {
		return out, nil
	}
	out := make([]T, len(raw))
	for i, r := range raw {
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.UseNumber()
		if err := dec.Decode(&out[i]); err != nil {
			return nil, fmt.Errorf("cannot decode the server's page: %w", err)
		}
	}
	return out, nil
}
