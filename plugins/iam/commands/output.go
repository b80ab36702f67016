package commands

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// listing describes how a list is shown.
type listing struct {
	// plural names the items in the footer ("users").
	plural string
	cols   []plugin.Column
	// row turns an item into the record shown in table mode (nil: the item
	// as is). JSON and YAML always get the server's items unchanged.
	row func(raw json.RawMessage) (any, error)
}

// stream sends every item fetch delivers, one table page per API page.
// page is the requested page (0: every page).
func stream(c *plugin.Context, l listing, page int, fetch func(iamapi.PageFunc) error) error {
	t := c.Table(l.cols...)
	table := c.Format() == plugin.FormatTable
	n := 0
	var total int64
	err := fetch(func(items []json.RawMessage, tot int64) error {
		total = tot
		for _, raw := range items {
			var rec any = raw
			if table && l.row != nil {
				r, err := l.row(raw)
				if err != nil {
					return err
				}
				rec = r
			}
			if err := t.Add(rec); err != nil {
				return err
			}
			n++
		}
		return t.Flush()
	})
	if err != nil {
		return err
	}
	footer := fmt.Sprintf("%d %s", n, l.plural)
	if page > 0 {
		footer = fmt.Sprintf("%d of %d %s (page %d)", n, total, l.plural, page)
		if n == 0 && total > 0 {
			footer += "; the last page is smaller, try a lower --page"
		}
	}
	return t.Close(footer)
}

// slice sends a list that is not paged.
func slice(c *plugin.Context, l listing, items []json.RawMessage) error {
	return stream(c, l, 0, func(fn iamapi.PageFunc) error { return fn(items, int64(len(items))) })
}

// show sends one object: the server's document in JSON and YAML, the
// detail view in table mode.
func show(c *plugin.Context, raw json.RawMessage, detail func(json.RawMessage) (fields, error)) error {
	if c.Format() != plugin.FormatTable || detail == nil {
		return c.Object(raw)
	}
	f, err := detail(raw)
	if err != nil {
		return err
	}
	return c.Object(f)
}

// done reports a change that has no document to show: a message on
// stderr, and in JSON or YAML a small status object on stdout.
func done(c *plugin.Context, status any, format string, args ...any) error {
	if err := c.Success(format, args...); err != nil {
		return err
	}
	if c.Format() == plugin.FormatTable {
		return nil
	}
	return c.Object(status)
}

// field is one key of an ordered object.
type field struct {
	key   string
	value any
}

// fields is a JSON object whose keys keep their order (the core prints
// an object's keys in document order).
type fields []field

// MarshalJSON writes the object in order.
func (f fields) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range f {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(kv.key)
		v, err := json.Marshal(kv.value)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", kv.key, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// record decodes a server item into a map, to add the computed fields
// table columns show.
func record(raw json.RawMessage) (map[string]any, error) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("cannot decode the server's answer: %w", err)
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// joinIDs joins the "id" of each object of a list ("main, staging").
func joinIDs(list []iamapi.TenantRef) string {
	ids := make([]string, 0, len(list))
	for _, t := range list {
		ids = append(ids, t.ID)
	}
	return strings.Join(ids, ", ")
}

// yesNo renders a flag in detail views.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// when renders a server timestamp in detail views as the core renders
// time columns ("2026-01-02 15:04:05Z"); anything unparsable as is.
func when(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

// orNone renders an optional text in detail views.
func orNone(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
