package render

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/itchyny/gojq"

	"github.com/kestractl/kestractl/sdk/display"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// CompileJQ compiles a --jq expression.
func CompileJQ(expr string) (*gojq.Code, error) {
	q, err := gojq.Parse(expr)
	if err != nil {
		return nil, fmt.Errorf("invalid --jq expression %q: %w", expr, err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, fmt.Errorf("invalid --jq expression %q: %w", expr, err)
	}
	return code, nil
}

// jqState collects one document for the --jq filter.
type jqState struct {
	code    *gojq.Code
	records []any
}

func decodeNumber(b []byte) (any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("plugin sent invalid JSON: %w", err)
	}
	return v, nil
}

// jqPage collects a page; the filter runs on the whole list at its end,
// or on each record as it comes for a stream.
func (r *Renderer) jqPage(l *listState, p *pb.TablePage) error {
	if l.stream {
		for _, rec := range p.GetRecords() {
			v, err := decodeNumber(rec)
			if err != nil {
				return err
			}
			l.rows++
			if err := runJQ(r.opts.Context, r.out, r.jq.code, v); err != nil {
				return err
			}
		}
		return nil
	}
	for _, rec := range p.GetRecords() {
		v, err := decodeNumber(rec)
		if err != nil {
			return err
		}
		r.jq.records = append(r.jq.records, v)
		l.rows++
	}
	if !p.GetFinal() {
		return nil
	}
	list := r.jq.records
	if list == nil {
		list = []any{}
	}
	r.jq.records = nil
	return runJQ(r.opts.Context, r.out, r.jq.code, list)
}

// runJQ writes each result: strings raw (one per line), anything else as
// indented JSON.
func runJQ(ctx context.Context, w io.Writer, code *gojq.Code, input any) error {
	iter := code.RunWithContext(ctx, input)
	var buf bytes.Buffer
	for {
		v, ok := iter.Next()
		if !ok {
			break
		}
		if err, ok := v.(error); ok {
			if h, ok := err.(*gojq.HaltError); ok && h.Value() == nil {
				break
			}
			return &JQError{err}
		}
		if s, ok := v.(string); ok {
			buf.WriteString(display.SanitizeText(s))
			buf.WriteByte('\n')
			continue
		}
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return &JQError{err}
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// JQError is a failure of the --jq program on the data.
type JQError struct{ Err error }

func (e *JQError) Error() string { return "--jq: " + e.Err.Error() }
func (e *JQError) Unwrap() error { return e.Err }
