package plugin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
)

// Report is the output of a command that acts on several things (deploy,
// validate, upload, download, bulk actions): one result per thing and a
// summary. In table mode the results stream as rows and the summary is a
// footer on stderr ("3 flows: 2 created, 1 failed"). In JSON and YAML the
// output is one document:
//
//	{"summary": {"total": 3, "created": 2, "failed": 1}, "results": [...]}
//
// Each result is a value with camelCase JSON fields, absent values absent
// (omitempty), and a "status" field holding the status it was added with.
// The summary counts results by status, in the order statuses first appear.
type Report struct {
	c        *Context
	noun     string
	singular string
	where    string

	mu      sync.Mutex
	table   *Table   // table mode
	after   []string // diffs printed after the table
	results []json.RawMessage
	order   []string
	counts  map[string]int
	total   int
	closed  bool
}

// Report starts a report about things called noun, in the plural
// ("flows"); the summary says "1 flow" by dropping the final "s" (see
// Singular for other nouns).
func (c *Context) Report(noun string, cols ...Column) *Report {
	r := &Report{c: c, noun: noun, counts: map[string]int{}}
	if !c.Structured() {
		r.table = c.Table(cols...)
	}
	return r
}

// Singular sets the singular of the report's noun ("entry" for
// "entries").
func (r *Report) Singular(noun string) *Report {
	r.singular = noun
	return r
}

// In says where the results are ("./plugins", "company.team"): the
// summary reads "12 JARs in ./plugins: 12 downloaded".
func (r *Report) In(where string) *Report {
	r.where = where
	return r
}

// Add adds one result with its status ("created", "failed"...).
func (r *Report) Add(status string, result any) error {
	b, err := marshalRecord(result)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return fmt.Errorf("report: add after close")
	}
	if _, ok := r.counts[status]; !ok {
		r.order = append(r.order, status)
	}
	r.counts[status]++
	r.total++
	if r.table != nil {
		return r.table.Add(json.RawMessage(b))
	}
	r.results = append(r.results, b)
	return nil
}

// Diff takes a result's unified diff (a dry run's) before the result is
// added: in table mode it is moved out of the row (*diff is cleared) and
// printed on stdout after the table; in JSON and YAML it stays in the
// result.
func (r *Report) Diff(diff *string) {
	if r.table == nil || *diff == "" {
		return
	}
	r.mu.Lock()
	r.after = append(r.after, *diff)
	r.mu.Unlock()
	*diff = ""
}

// Flush sends the rows gathered so far (table mode).
func (r *Report) Flush() error {
	if r.table == nil {
		return nil
	}
	return r.table.Flush()
}

// Count is the number of results added with status.
func (r *Report) Count(status string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counts[status]
}

// Total is the number of results.
func (r *Report) Total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.total
}

// Close sends the report.
func (r *Report) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	if r.table != nil {
		if err := r.table.Close(r.summaryText()); err != nil {
			return err
		}
		for _, d := range r.after {
			if _, err := io.WriteString(r.c.Stdout(), d); err != nil {
				return err
			}
		}
		return nil
	}
	var b bytes.Buffer
	b.WriteString(`{"summary":{"total":`)
	fmt.Fprint(&b, r.total)
	for _, s := range r.order {
		k, _ := json.Marshal(s)
		fmt.Fprintf(&b, ",%s:%d", k, r.counts[s])
	}
	b.WriteString(`},"results":[`)
	for i, res := range r.results {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(res)
	}
	b.WriteString("]}")
	return r.c.Object(json.RawMessage(b.Bytes()))
}

// summaryText is the table footer: "3 flows: 2 created, 1 failed".
func (r *Report) summaryText() string {
	parts := make([]string, 0, len(r.order))
	for _, s := range r.order {
		parts = append(parts, fmt.Sprintf("%d %s", r.counts[s], s))
	}
	noun := r.noun
	if r.total == 1 {
		noun = r.singular
		if noun == "" {
			noun = strings.TrimSuffix(r.noun, "s")
		}
	}
	if r.where != "" {
		noun += " in " + r.where
	}
	if len(parts) == 0 {
		return fmt.Sprintf("0 %s", noun)
	}
	return fmt.Sprintf("%d %s: %s", r.total, noun, strings.Join(parts, ", "))
}
