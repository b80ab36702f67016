package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/dustin/go-humanize"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// DefaultLimit is how many items a list shows without --limit or --all
// (gh's choice). It is also the page size of --page without --size.
const DefaultLimit = 30

// MaxPageSize is the page size of --all and of a --limit above it.
const MaxPageSize = 200

// ListFlags are the flags of every list. Embed them in a list command
// (`embed:""`) and pass them to Context.List.
type ListFlags struct {
	Limit int  `short:"L" placeholder:"N" help:"Show at most N items (default 30)."`
	All   bool `help:"Show every item (every page)."`
	Page  int  `placeholder:"N" help:"Show only page N (1-based), as the public kestractl does."`
	Size  int  `placeholder:"N" help:"Items per page with --page (default 30)."`
}

// plan says what to fetch: one page (page > 0), or up to limit items
// (limit < 0: every item) in pages of size.
type listPlan struct {
	page, size, limit int
}

func (f ListFlags) plan() (listPlan, error) {
	switch {
	case f.Limit < 0:
		return listPlan{}, cmderr.Usagef("--limit must be at least 1 (use --all for every item)")
	case f.Page < 0 || f.Size < 0:
		return listPlan{}, cmderr.Usagef("--page and --size must be at least 1")
	case f.All && f.Limit > 0:
		return listPlan{}, cmderr.Usagef("--limit and --all cannot be used together: give one")
	case (f.Page > 0 || f.Size > 0) && (f.All || f.Limit > 0):
		return listPlan{}, cmderr.Usagef("--page/--size fetch one page: use them without --limit and --all")
	case f.Size > 10000:
		return listPlan{}, cmderr.Usagef("--size must be at most 10000")
	}
	if f.Page > 0 || f.Size > 0 {
		p := listPlan{page: max(f.Page, 1), size: f.Size}
		if p.size == 0 {
			p.size = DefaultLimit
		}
		return p, nil
	}
	switch {
	case f.All:
		return listPlan{size: MaxPageSize, limit: -1}, nil
	case f.Limit > 0:
		return listPlan{size: min(f.Limit, MaxPageSize), limit: f.Limit}, nil
	}
	return listPlan{size: DefaultLimit, limit: DefaultLimit}, nil
}

// Listing describes one list for Context.List. Items go out exactly as the
// server sent them: -o json and -o yaml print them unchanged, the table
// shows Columns.
type Listing struct {
	// Noun names one item ("execution"); Plural defaults to Noun + "s".
	Noun, Plural string
	Columns      []Column
	// Path is a Kestra search endpoint answering {"results": [...],
	// "total": N} to page and size parameters; Query holds its other
	// parameters (filters).
	Path  string
	Query url.Values
	// Fetch, instead of Path, returns every item at once, for endpoints
	// without paging; the limit then applies locally.
	Fetch func(ctx context.Context) ([]json.RawMessage, error)
	// Keep, when set, drops items it returns false for (a filter the
	// server cannot apply). Totals of a paged list stay the server's.
	Keep func(item json.RawMessage) bool
	// Namespace, when set, is the namespace the list is filtered by: when
	// nothing matched, a namespace that does not exist is a not-found
	// error naming it (Context.NamespaceMustExist), not an empty list.
	Namespace string
	// Empty, when set, is called when nothing matched, before the empty
	// list is shown (after the Namespace check): it may return an error
	// that explains why.
	Empty func(ctx context.Context) error
	// Row, when set, gives the record a table row is read from (table mode
	// only: JSON and YAML keep the server's items), e.g. to add a column
	// derived from several fields.
	Row func(item json.RawMessage) (json.RawMessage, error)
}

func (l Listing) plural(n int64) string {
	if n == 1 {
		return l.Noun
	}
	if l.Plural != "" {
		return l.Plural
	}
	return l.Noun + "s"
}

// List shows a list with the grammar every list follows (see
// docs/conventions.md): DefaultLimit items by default in one request,
// -L/--limit N, --all, or one --page/--size; the table streams as pages
// arrive and ends with one footer on stderr ("Showing 30 of 1,518
// executions; use --limit or --all"); JSON and YAML are one array of the
// items as the server sent them.
func (c *Context) List(f ListFlags, l Listing) error {
	p, err := f.plan()
	if err != nil {
		return err
	}
	t := c.Table(l.Columns...)
	if l.Row != nil && !c.Structured() {
		t.row = l.Row
	}
	var shown, total int64
	var complete bool
	if l.Fetch != nil {
		shown, total, err = c.listFetched(t, p, l)
		complete = p.page == 0 && (p.limit < 0 || shown == total)
	} else {
		shown, total, complete, err = c.listPaged(t, p, l)
	}
	if err != nil {
		return err
	}
	if shown == 0 {
		if err := c.NamespaceMustExist(l.Namespace); err != nil {
			return err
		}
		if l.Empty != nil {
			if err := l.Empty(c); err != nil {
				return err
			}
		}
	}
	return t.Close(l.footer(p, shown, total, complete))
}

func (l Listing) footer(p listPlan, shown, total int64, complete bool) string {
	switch {
	case shown == 0 && total == 0:
		return fmt.Sprintf("No %s found", l.plural(0))
	case p.page > 0:
		pages := (total + int64(p.size) - 1) / int64(p.size)
		return fmt.Sprintf("Page %d of %d: %s of %s %s", p.page, max(pages, 1), humanize.Comma(shown), humanize.Comma(total), l.plural(total))
	case complete || shown >= total:
		return fmt.Sprintf("Showing %s of %s %s", humanize.Comma(shown), humanize.Comma(max(total, shown)), l.plural(max(total, shown)))
	}
	return fmt.Sprintf("Showing %s of %s %s; use --limit or --all", humanize.Comma(shown), humanize.Comma(total), l.plural(total))
}

// listPaged walks a search endpoint.
func (c *Context) listPaged(t *Table, p listPlan, l Listing) (shown, total int64, complete bool, err error) {
	k, err := c.Kestra()
	if err != nil {
		return 0, 0, false, err
	}
	if p.page > 0 {
		page, err := k.SearchPage(c, l.Path, l.Query, p.page, p.size)
		if err != nil {
			return 0, 0, false, err
		}
		n, err := addItems(t, page.Results, l.Keep, -1)
		return n, page.Total, false, err
	}
	pager := k.NewPager(c, l.Path, l.Query, p.size)
	defer pager.Close()
	if p.limit >= 0 && l.Keep == nil {
		pager.Limit(int64(p.limit))
	}
	for {
		page, ok, err := pager.Next()
		if err != nil {
			return shown, total, false, err
		}
		if !ok {
			break
		}
		total = page.Total
		room := int64(-1)
		if p.limit >= 0 {
			room = int64(p.limit) - shown
		}
		n, err := addItems(t, page.Results, l.Keep, room)
		if err != nil {
			return shown, total, false, err
		}
		shown += n
		if n > 0 {
			if err := t.Flush(); err != nil {
				return shown, total, false, err
			}
		}
		if p.limit >= 0 && shown >= int64(p.limit) {
			return shown, total, shown >= total, nil
		}
	}
	if pager.Repeated() {
		_ = c.Warn("the server sent the same page twice; stopped after %s %s (it announced %s)",
			humanize.Comma(shown), l.plural(shown), humanize.Comma(total))
	}
	return shown, total, true, nil
}

// listFetched shows a list fetched whole.
func (c *Context) listFetched(t *Table, p listPlan, l Listing) (shown, total int64, err error) {
	items, err := l.Fetch(c)
	if err != nil {
		return 0, 0, err
	}
	if l.Keep != nil {
		kept := items[:0]
		for _, it := range items {
			if l.Keep(it) {
				kept = append(kept, it)
			}
		}
		items = kept
	}
	total = int64(len(items))
	switch {
	case p.page > 0:
		from := min((p.page-1)*p.size, len(items))
		items = items[from:min(from+p.size, len(items))]
	case p.limit >= 0 && len(items) > p.limit:
		items = items[:p.limit]
	}
	n, err := addItems(t, items, nil, -1)
	return n, total, err
}

// addItems adds up to room items (room < 0: all) that keep accepts.
func addItems(t *Table, items []json.RawMessage, keep func(json.RawMessage) bool, room int64) (int64, error) {
	var n int64
	for _, it := range items {
		if room >= 0 && n >= room {
			break
		}
		if keep != nil && !keep(it) {
			continue
		}
		if err := t.Add(it); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
