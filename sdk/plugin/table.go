package plugin

import (
	"encoding/json"
	"fmt"
	"sync"
)

// Column is one table column: a header and a dot-separated path into each
// record (e.g. "state.current"). Format is an optional hint for the core:
// "status" (coloured on a TTY), "time", "bytes".
type Column struct {
	Header string
	Path   string
	Format string
}

// Col is a shorthand for a Column without a format.
func Col(header, path string) Column { return Column{Header: header, Path: path} }

func view(cols []Column) *View {
	if len(cols) == 0 {
		return nil
	}
	return &View{Columns: cols}
}

// pageRows is how many rows a Table buffers before it sends a page.
const pageRows = 200

// Table streams a list of records to the core: table output is printed as
// pages arrive, JSON and YAML output is one array. Always Close it, also when
// the list is empty: -o json then prints [].
type Table struct {
	c    *Context
	view *View

	mu       sync.Mutex
	sentView bool
	rows     []json.RawMessage
	closed   bool
	stream   bool
	// row, when set, maps each record before it is sent (Listing.Row).
	row func(json.RawMessage) (json.RawMessage, error)
}

// Table starts a list with the given columns.
func (c *Context) Table(cols ...Column) *Table {
	return &Table{c: c, view: view(cols)}
}

// Stream starts a live stream of records (logs that follow, a watch): each
// record is sent at once; in table mode rows are printed as they come, with
// -o json the output is NDJSON (one record per line), and --jq applies to
// each record. Close it at the end.
func (c *Context) Stream(cols ...Column) *Table {
	return &Table{c: c, view: &View{Columns: cols, Stream: true}, stream: true}
}

// Add appends records (any JSON-marshalable value; json.RawMessage is sent
// as is). A full page is sent at once.
func (t *Table) Add(records ...any) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return fmt.Errorf("table: add after close")
	}
	for _, r := range records {
		b, err := marshalRecord(r)
		if err != nil {
			return err
		}
		if t.row != nil {
			if b, err = t.row(b); err != nil {
				return err
			}
		}
		t.rows = append(t.rows, b)
	}
	if len(t.rows) >= pageRows || t.stream {
		return t.sendLocked(false, "")
	}
	return nil
}

// Flush sends the buffered rows now (e.g. after each API page).
func (t *Table) Flush() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed || (len(t.rows) == 0 && t.sentView) {
		return nil
	}
	return t.sendLocked(false, "")
}

// Close sends the last page. The footer is shown after the table in table
// mode only (e.g. "3 flow(s) deployed"), on stderr.
func (t *Table) Close(footer string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed = true
	return t.sendLocked(true, footer)
}

func (t *Table) sendLocked(final bool, footer string) error {
	page := Page{Records: t.rows, Final: final, Footer: footer}
	if !t.sentView {
		page.View = t.view
		if page.View == nil {
			page.View = &View{}
		}
		t.sentView = true
	}
	t.rows = nil
	return t.c.host.Table(t.c, page)
}

// Object sends one object. In table mode it is shown with the columns as a
// one-row table, or without columns as "key: value" lines.
func (c *Context) Object(v any, cols ...Column) error {
	b, err := marshalRecord(v)
	if err != nil {
		return err
	}
	return c.host.Object(c, Object{JSON: b, View: view(cols)})
}

func marshalRecord(v any) (json.RawMessage, error) {
	switch r := v.(type) {
	case json.RawMessage:
		if !json.Valid(r) {
			return nil, fmt.Errorf("record is not valid JSON")
		}
		return r, nil
	case []byte:
		if !json.Valid(r) {
			return nil, fmt.Errorf("record is not valid JSON")
		}
		return r, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode record: %w", err)
	}
	return b, nil
}
