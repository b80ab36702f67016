package plugin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

type bulkCLI struct {
	Things struct {
		KillByQuery killByQuery `cmd:"" name:"kill-by-query"`
		KillBulk    killBulk    `cmd:"" name:"kill-bulk"`
	} `cmd:""`
}

// acted records the ids the fake action received.
type acted struct {
	mu  sync.Mutex
	ids []string
}

func (a *acted) bulk() plugin.Bulk {
	return plugin.Bulk{Noun: "thing", Verb: "Kill", Done: "killed", Path: "/api/v1/main/things/search",
		Columns: []plugin.Column{plugin.Col("ID", "id")}, ID: plugin.JSONField("ns", "id"), Batch: 40,
		Act: func(_ context.Context, ids []string) (map[string]string, error) {
			a.mu.Lock()
			defer a.mu.Unlock()
			a.ids = append(a.ids, ids...)
			failures := map[string]string{}
			for _, id := range ids {
				if strings.HasSuffix(id, "/t7") {
					failures[id] = "already ended"
				}
			}
			return failures, nil
		}}
}

type killByQuery struct {
	plugin.ByQueryFlags `embed:""`
	a                   *acted
}

func (k *killByQuery) Run(c *plugin.Context) error { return c.BulkByQuery(k.ByQueryFlags, k.a.bulk()) }

type killBulk struct {
	IDs []string `arg:""`
	a   *acted
}

func (k *killBulk) Run(c *plugin.Context) error { return c.BulkByIDs(k.IDs, k.a.bulk()) }

func TestBulk(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		size, _ := strconv.Atoi(r.URL.Query().Get("size"))
		var items []string
		for i := (page - 1) * size; i < page*size && i < 250; i++ {
			items = append(items, fmt.Sprintf(`{"ns":"a","id":"t%d"}`, i))
		}
		fmt.Fprintf(w, `{"results":[%s],"total":250}`, strings.Join(items, ","))
	}))
	defer srv.Close()
	run := func(o plugintest.Options, argv ...string) (*plugintest.Result, *acted) {
		a := &acted{}
		p := plugin.Plugin{Name: "bulk", New: func() any {
			cli := &bulkCLI{}
			cli.Things.KillByQuery.a, cli.Things.KillBulk.a = a, a
			return cli
		}}
		o.Server = srv.URL
		return plugintest.Run(t, p, o, argv...), a
	}
	// Without --yes and no terminal: refused, nothing done.
	r, a := run(plugintest.Options{}, "things", "kill-by-query")
	if r.Code() != cmderr.Usage || len(a.ids) != 0 || !strings.Contains(r.Confirmations[0], "Kill 250 things matching the filters?") {
		t.Fatalf("unconfirmed: %v %v %v", r.Err, a.ids, r.Confirmations)
	}
	// --dry-run lists every match and acts on nothing.
	r, a = run(plugintest.Options{AssumeYes: true}, "things", "kill-by-query", "--dry-run")
	if r.Err != nil || len(r.Records) != 250 || len(a.ids) != 0 {
		t.Fatalf("dry run: %v %d %v", r.Err, len(r.Records), a.ids)
	}
	// Confirmed: every match acted on, in batches, reported per item.
	r, a = run(plugintest.Options{AssumeYes: true, Format: "json"}, "things", "kill-by-query")
	if r.Code() != cmderr.Generic || len(a.ids) != 250 || a.ids[0] != "a/t0" {
		t.Fatalf("by query: %v %d", r.Err, len(a.ids))
	}
	var rep struct {
		Summary map[string]int
		Results []map[string]string
	}
	if err := json.Unmarshal(r.Objects[0], &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary["total"] != 250 || rep.Summary["killed"] != 249 || rep.Summary["failed"] != 1 || rep.Results[7]["error"] != "already ended" {
		t.Fatalf("report %v %v", rep.Summary, rep.Results[7])
	}
	// By ids.
	r, a = run(plugintest.Options{AssumeYes: true}, "things", "kill-bulk", "a/x", "a/y")
	if r.Err != nil || len(a.ids) != 2 || r.Footer != "2 things: 2 killed" {
		t.Fatalf("bulk: %v %v %q", r.Err, a.ids, r.Footer)
	}
	r, _ = run(plugintest.Options{Confirm: func(string) bool { return false }}, "things", "kill-bulk", "a/x")
	if r.Code() != cmderr.Cancelled {
		t.Fatalf("declined: %v", r.Err)
	}
}
