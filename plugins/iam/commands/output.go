package commands

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/plugin"
)

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

// when renders a server timestamp in detail views as tables do (the SDK's
// one layout, local time zone); anything unparsable as is.
func when(s string) string { return plugin.LocalTime(s) }

// orNone renders an optional text in detail views.
func orNone(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
