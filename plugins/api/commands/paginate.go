package commands

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kestractl/kestractl/plugins/api/request"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// defaultPageSize is the page size of --paginate without size=N.
const defaultPageSize = 100

// maxPageSize bounds size=N (Kestra caps pages itself; a huge page only
// costs memory).
const maxPageSize = 1000

// checkPaginate rejects --paginate where it cannot walk pages.
func checkPaginate(t *request.Target, r request.Routing) error {
	if t.Method != http.MethodGet {
		return cmderr.Usagef("--paginate walks the pages of a search (GET): not %s", t.Method)
	}
	if op := t.Operation; op != nil && !op.Paginated() {
		return cmderr.Usagef("%s (%s) takes no page and size: --paginate walks Kestra's searches", op.ID, op.Path).
			WithHint("searches are listed by 'kestractl api --list search'")
	}
	for _, f := range r.Query {
		if f.Key == "page" {
			return cmderr.Usagef("--paginate fetches every page from the first: drop page=%s", f.String())
		}
	}
	return nil
}

// paginate fetches every page and prints the items as one JSON array (or
// NDJSON with --ndjson), as they arrive.
func (k *call) paginate() error {
	c := k.c
	query := url.Values{}
	for key, v := range k.req.Query {
		query[key] = v
	}
	size := defaultPageSize
	if s := query.Get("size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPageSize {
			return cmderr.Usagef("invalid size=%s: a page holds 1 to %d items", s, maxPageSize)
		}
		size = n
	}
	query.Del("size")
	client, err := k.paginationClient()
	if err != nil {
		return err
	}
	sink, err := k.itemSink()
	if err != nil {
		return err
	}
	pager := client.NewPager(c, k.req.Path, query, size)
	defer pager.Close()
	var n int64
	for {
		page, ok, err := pager.Next()
		if err != nil {
			sink.abort()
			return k.pageError(err)
		}
		if !ok {
			break
		}
		for _, item := range page.Results {
			if err := sink.add(item); err != nil {
				sink.abort()
				return err
			}
			n++
		}
		if err := sink.flush(); err != nil {
			sink.abort()
			return err
		}
	}
	if err := sink.close(n); err != nil {
		return err
	}
	if pager.Repeated() {
		_ = c.Warn("the server sent the same page twice: stopped after %d items", n)
	} else if total := pager.Total(); n < total {
		_ = c.Warn("got %d of the %d items the server announced", n, total)
	}
	return nil
}

// paginationClient is a client sending the -H headers on every page (the
// SDK's pager takes no per-request headers).
func (k *call) paginationClient() (*kestra.Client, error) {
	if len(k.req.Header) == 0 {
		return k.c.Kestra()
	}
	cfg := k.c.ClientConfig(k.c)
	if cfg.Headers == nil {
		cfg.Headers = http.Header{}
	}
	for name, values := range k.req.Header {
		for _, v := range values {
			cfg.Headers.Add(name, v)
		}
	}
	return kestra.New(cfg)
}

// pageError explains an answer that is not a Kestra page.
func (k *call) pageError(err error) error {
	var apiErr *kestra.APIError
	if errors.As(err, &apiErr) && apiErr.Status/100 == 2 {
		return cmderr.Wrap(cmderr.Generic, err).WithHint("--paginate walks Kestra's searches, whose answer is {\"results\": [...], \"total\": N}")
	}
	return k.requestError(err)
}

// itemSink is where --paginate puts the items.
type itemSink interface {
	add(item json.RawMessage) error
	flush() error
	close(n int64) error
	abort()
}

// itemSink chooses: records for the core with -o json/yaml/--jq (one
// array, or a live stream with --ndjson), else raw JSON written to stdout
// or --output-file.
func (k *call) itemSink() (itemSink, error) {
	c := k.c
	if k.a.OutputFile == "" && c.Structured() {
		if k.a.NDJSON {
			return &tableSink{t: c.Stream()}, nil
		}
		return &tableSink{t: c.Table()}, nil
	}
	s := &rawSink{ndjson: k.a.NDJSON}
	out, err := c.CreateOutput(k.a.OutputFile)
	if err != nil {
		return nil, err
	}
	s.out, s.c = out, c
	return s, nil
}

// tableSink sends items as records.
type tableSink struct{ t *plugin.Table }

func (s *tableSink) add(item json.RawMessage) error { return s.t.Add(item) }
func (s *tableSink) flush() error                   { return s.t.Flush() }
func (s *tableSink) close(int64) error              { return s.t.Close("") }
func (s *tableSink) abort()                         { _ = s.t.Close("") }

// rawSink writes a JSON array (or NDJSON) page by page, to stdout or
// --output-file.
type rawSink struct {
	out    *plugin.OutputFile
	c      *plugin.Context
	ndjson bool
	buf    bytes.Buffer
	n      int64
}

func (s *rawSink) add(item json.RawMessage) error {
	switch {
	case s.ndjson:
		if err := json.Compact(&s.buf, item); err != nil {
			return cmderr.New(cmderr.Unavailable, "the server sent an item that is not JSON: %v", err)
		}
		s.buf.WriteByte('\n')
	default:
		if s.n == 0 {
			s.buf.WriteString("[\n")
		} else {
			s.buf.WriteString(",\n")
		}
		s.buf.Write(item)
	}
	s.n++
	return nil
}

func (s *rawSink) flush() error {
	if s.buf.Len() == 0 {
		return nil
	}
	_, err := s.out.Write(s.buf.Bytes())
	s.buf.Reset()
	return err
}

func (s *rawSink) close(n int64) error {
	if !s.ndjson {
		if s.n == 0 {
			s.buf.WriteString("[]\n")
		} else {
			s.buf.WriteString("\n]\n")
		}
	}
	if err := s.flush(); err != nil {
		s.abort()
		return err
	}
	if err := s.out.Commit(); err != nil || s.out.ToStdout() {
		return err
	}
	return s.c.Success("Saved %d items to %s", n, s.out.File())
}

func (s *rawSink) abort() { s.out.Abort() }
