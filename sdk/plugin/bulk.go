package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/dustin/go-humanize"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// ByQueryFlags are the flags of every by-query action (the global --yes
// answers its confirmation).
type ByQueryFlags struct {
	DryRun bool `name:"dry-run" help:"List what the filters match and act on nothing."`
}

// DefaultBulkBatch is how many ids one bulk call carries.
const DefaultBulkBatch = 100

// Bulk describes an action on many items for Context.BulkByQuery and
// Context.BulkByIDs (see docs/conventions.md §7).
type Bulk struct {
	// Noun names one item ("execution"); Plural defaults to Noun + "s".
	Noun, Plural string
	// Verb starts the question ("Kill" 200 executions ...?); Done is the
	// status of an item the action succeeded on ("killed").
	Verb, Done string
	// Path and Query: the search endpoint and filters of the matching
	// items (by-query); Columns show them with --dry-run.
	Path    string
	Query   url.Values
	Columns []Column
	// ID returns an item's id as Act takes it (e.g. "namespace/id").
	ID func(item json.RawMessage) (string, error)
	// Keep, when set, selects the matching items the action applies to
	// (e.g. only locked triggers for unlock); the others are not counted.
	Keep func(item json.RawMessage) bool
	// KeepNone says why no match qualifies when Keep dropped them all
	// ("none is locked").
	KeepNone string
	// Row, when set, gives the table row of a match with --dry-run (see
	// Listing.Row).
	Row func(item json.RawMessage) (json.RawMessage, error)
	// Act performs the action on a batch of ids (typically the matching
	// by-ids endpoint) and returns the ids it failed on, with why.
	Act func(ctx context.Context, ids []string) (failures map[string]string, err error)
	// Batch is how many ids one Act call carries (DefaultBulkBatch).
	Batch int
	// NoConfirm skips the question (actions that change nothing for
	// good, e.g. enable).
	NoConfirm bool
}

func (b Bulk) plural(n int) string {
	if n == 1 {
		return b.Noun
	}
	if b.Plural != "" {
		return b.Plural
	}
	return b.Noun + "s"
}

// bulkResult is one item of a bulk report.
type bulkResult struct {
	Status string `json:"status"`
	ID     string `json:"id"`
	Error  string `json:"error,omitempty"`
}

// BulkByQuery acts on every item the filters match: it first finds them
// (their count and ids), lists them with --dry-run, asks for confirmation
// naming the count (the core adds the context and the host), then acts on
// exactly those items, in batches, and reports per item what happened. An
// item that starts matching after the question is not touched.
func (c *Context) BulkByQuery(f ByQueryFlags, b Bulk) error {
	if f.DryRun {
		return c.List(ListFlags{All: true}, Listing{Noun: b.Noun, Plural: b.Plural, Columns: b.Columns, Path: b.Path, Query: b.Query, Keep: b.Keep, Row: b.Row})
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	var ids []string
	dropped := 0
	pager := k.NewPager(c, b.Path, b.Query, MaxPageSize)
	defer pager.Close()
	for {
		page, ok, err := pager.Next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		for _, it := range page.Results {
			if b.Keep != nil && !b.Keep(it) {
				dropped++
				continue
			}
			id, err := b.ID(it)
			if err != nil {
				return fmt.Errorf("read a matching %s: %w", b.Noun, err)
			}
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 && dropped > 0 {
		return c.Info("No %s the filters match can be acted on (%s): nothing to do.", b.plural(0), b.KeepNone)
	}
	if len(ids) == 0 {
		return c.Info("No %s match the filters: nothing to do.", b.plural(0))
	}
	return c.bulk(ids, b, "matching the filters")
}

// BulkByIDs acts on the given ids (the *-bulk commands): it asks for
// confirmation naming the count, acts in batches and reports per item.
func (c *Context) BulkByIDs(ids []string, b Bulk) error {
	if len(ids) == 0 {
		return cmderr.Usagef("no %s given", b.plural(0))
	}
	return c.bulk(ids, b, "")
}

func (c *Context) bulk(ids []string, b Bulk, what string) error {
	if !b.NoConfirm {
		q := fmt.Sprintf("%s %s %s", b.Verb, humanize.Comma(int64(len(ids))), b.plural(len(ids)))
		if what != "" {
			q += " " + what
		}
		if err := c.ConfirmOrCancel(q + "?"); err != nil {
			return err
		}
	}
	size := b.Batch
	if size <= 0 {
		size = DefaultBulkBatch
	}
	r := c.Report(b.plural(2), Col("ID", "id"), Column{Header: "STATUS", Path: "status", Format: "status"}, Col("ERROR", "error"))
	for start := 0; start < len(ids); start += size {
		batch := ids[start:min(start+size, len(ids))]
		failures, err := b.Act(c, batch)
		if err != nil {
			// The whole batch failed; what was done before stays reported.
			for _, id := range batch {
				if aerr := r.Add("failed", bulkResult{Status: "failed", ID: id, Error: err.Error()}); aerr != nil {
					return aerr
				}
			}
			_ = r.Close()
			return err
		}
		for _, id := range batch {
			res := bulkResult{Status: b.Done, ID: id}
			if why, failed := failures[id]; failed {
				res.Status, res.Error = "failed", why
			}
			if err := r.Add(res.Status, res); err != nil {
				return err
			}
		}
		if err := r.Flush(); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	if n := r.Count("failed"); n > 0 {
		return cmderr.New(cmderr.Generic, "%s %s of %s failed", humanize.Comma(int64(n)), b.plural(n), humanize.Comma(int64(len(ids)))).
			WithHint("see the ERROR column above")
	}
	return nil
}

// JSONField returns an ID function reading a dot-separated field of an
// item ("id"), or several joined by "/" ("namespace", "id").
func JSONField(paths ...string) func(json.RawMessage) (string, error) {
	return func(item json.RawMessage) (string, error) {
		var v map[string]any
		if err := json.Unmarshal(item, &v); err != nil {
			return "", err
		}
		parts := make([]string, 0, len(paths))
		for _, p := range paths {
			var cur any = v
			for _, key := range strings.Split(p, ".") {
				m, ok := cur.(map[string]any)
				if !ok {
					cur = nil
					break
				}
				cur = m[key]
			}
			s, ok := cur.(string)
			if !ok || s == "" {
				return "", fmt.Errorf("no %q field", p)
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, "/"), nil
	}
}
