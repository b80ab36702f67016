package plugin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

type listCLI struct {
	Things struct {
		List  listThings  `cmd:""`
		Whole wholeThings `cmd:""`
	} `cmd:""`
}

type listThings struct {
	plugin.ListFlags     `embed:""`
	plugin.StateFlag     `embed:""`
	plugin.NamespaceFlag `embed:""`
}

func (l *listThings) Run(c *plugin.Context) error {
	q, err := plugin.Query(l.StateFlag)
	if err != nil {
		return err
	}
	return c.List(l.ListFlags, plugin.Listing{Noun: "thing", Columns: []plugin.Column{plugin.Col("ID", "id")},
		Path: "/api/v1/main/things/search", Query: q, Namespace: l.Namespace,
		Empty: func(context.Context) error {
			if len(l.State) > 0 && l.State[0] == "KILLED" {
				return cmderr.New(cmderr.NotFound, "no such thing")
			}
			return nil
		}})
}

type wholeThings struct {
	plugin.ListFlags `embed:""`
	N                int `default:"45"`
}

func (w *wholeThings) Run(c *plugin.Context) error {
	return c.List(w.ListFlags, plugin.Listing{Noun: "thing", Columns: []plugin.Column{plugin.Col("ID", "id")},
		Fetch: func(context.Context) ([]json.RawMessage, error) {
			var out []json.RawMessage
			for i := range w.N {
				out = append(out, json.RawMessage(fmt.Sprintf(`{"id":%d,"z":1,"a":2}`, i)))
			}
			return out, nil
		}})
}

// thingServer serves total things; requests counts the requests.
func thingServer(t *testing.T, total int, requests *atomic.Int32) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if ns, ok := strings.CutPrefix(r.URL.Path, "/api/v1/main/namespaces/"); ok {
			if ns == "nope" {
				http.Error(w, `{"message":"not found"}`, http.StatusNotFound)
			}
			return
		}
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		size, _ := strconv.Atoi(r.URL.Query().Get("size"))
		n := total
		if r.URL.Query().Get("filters[state][EQUALS]") != "" {
			n = 0
		}
		var items []string
		for i := (page - 1) * size; i < page*size && i < n; i++ {
			items = append(items, fmt.Sprintf(`{"id":%d,"z":1,"a":2}`, i))
		}
		fmt.Fprintf(w, `{"results":[%s],"total":%d}`, strings.Join(items, ","), n)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestList(t *testing.T) {
	tests := []struct {
		name       string
		total      int
		argv       []string
		wantItems  int
		wantFirst  int
		wantReqs   int32
		wantFooter string
		wantCode   cmderr.Code
	}{
		{name: "default limit in one request", total: 1518, argv: []string{"things", "list"}, wantItems: 30, wantReqs: 1,
			wantFooter: "Showing 30 of 1,518 things; use --limit or --all"},
		{name: "everything fits", total: 3, argv: []string{"things", "list"}, wantItems: 3, wantReqs: 1,
			wantFooter: "Showing 3 of 3 things"},
		{name: "limit", total: 1518, argv: []string{"things", "list", "-L", "450"}, wantItems: 450, wantReqs: 3,
			wantFooter: "Showing 450 of 1,518 things; use --limit or --all"},
		{name: "all", total: 1518, argv: []string{"things", "list", "--all"}, wantItems: 1518, wantReqs: 8,
			wantFooter: "Showing 1,518 of 1,518 things"},
		{name: "one page", total: 1518, argv: []string{"things", "list", "--page", "3", "--size", "10"}, wantItems: 10, wantFirst: 20,
			wantReqs: 1, wantFooter: "Page 3 of 152: 10 of 1,518 things"},
		{name: "size alone is page 1", total: 100, argv: []string{"things", "list", "--size", "7"}, wantItems: 7, wantReqs: 1,
			wantFooter: "Page 1 of 15: 7 of 100 things"},
		{name: "nothing", total: 5, argv: []string{"things", "list", "--state", "failed"}, wantReqs: 1, wantFooter: "No things found"},
		{name: "nothing in a namespace", total: 5, argv: []string{"things", "list", "--state", "failed", "-n", "company"}, wantReqs: 2, wantFooter: "No things found"},
		{name: "a namespace that does not exist", total: 5, argv: []string{"things", "list", "--state", "failed", "-n", "nope"}, wantReqs: 2, wantCode: cmderr.NotFound},
		{name: "no check when something matched", total: 5, argv: []string{"things", "list", "-n", "nope"}, wantItems: 5, wantReqs: 1, wantFooter: "Showing 5 of 5 things"},
		{name: "empty hook explains", total: 5, argv: []string{"things", "list", "--state", "KILLED"}, wantReqs: 1, wantCode: cmderr.NotFound},
		{name: "bad state", total: 5, argv: []string{"things", "list", "--state", "nope"}, wantCode: cmderr.Usage},
		{name: "limit and all", argv: []string{"things", "list", "-L", "3", "--all"}, wantCode: cmderr.Usage},
		{name: "page and all", argv: []string{"things", "list", "--page", "2", "--all"}, wantCode: cmderr.Usage},
		{name: "negative limit", argv: []string{"things", "list", "--limit=-1"}, wantCode: cmderr.Usage},
		{name: "whole list limited locally", argv: []string{"things", "whole"}, wantItems: 30,
			wantFooter: "Showing 30 of 45 things; use --limit or --all"},
		{name: "whole list page", argv: []string{"things", "whole", "--page", "2"}, wantItems: 15, wantFirst: 30,
			wantFooter: "Page 2 of 2: 15 of 45 things"},
		{name: "whole list all", argv: []string{"things", "whole", "--all"}, wantItems: 45, wantFooter: "Showing 45 of 45 things"},
	}
	p := plugin.Plugin{Name: "list", New: func() any { return &listCLI{} }}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reqs atomic.Int32
			url := thingServer(t, tt.total, &reqs)
			r := plugintest.Run(t, p, plugintest.Options{Server: url}, tt.argv...)
			if r.Code() != tt.wantCode {
				t.Fatalf("code %v (%v), want %v", r.Code(), r.Err, tt.wantCode)
			}
			if tt.wantCode != 0 {
				return
			}
			if len(r.Records) != tt.wantItems || r.Footer != tt.wantFooter {
				t.Fatalf("%d items, footer %q; want %d, %q", len(r.Records), r.Footer, tt.wantItems, tt.wantFooter)
			}
			if tt.wantItems > 0 && fmt.Sprint(r.Records[0]["id"]) != fmt.Sprint(tt.wantFirst) {
				t.Errorf("first item %v, want id %d", r.Records[0], tt.wantFirst)
			}
			if tt.wantReqs > 0 && reqs.Load() != tt.wantReqs {
				t.Errorf("%d requests, want %d", reqs.Load(), tt.wantReqs)
			}
			// Items go out as the server sent them: same keys, same order.
			if tt.wantItems > 0 && !strings.HasPrefix(string(r.RawRecords[0]), `{"id":`) || tt.wantItems > 0 && !strings.HasSuffix(string(r.RawRecords[0]), `"z":1,"a":2}`) {
				t.Errorf("item reshaped: %s", r.RawRecords[0])
			}
		})
	}
}

type reportCLI struct {
	Deploy struct {
		Run reportRun `cmd:""`
	} `cmd:""`
}

type reportRun struct {
	Diff bool
	In   string
}

type deployResult struct {
	Status    string `json:"status"`
	Namespace string `json:"namespace"`
	ID        string `json:"id,omitempty"`
	Error     string `json:"error,omitempty"`
	Diff      string `json:"diff,omitempty"`
}

func (run reportRun) Run(c *plugin.Context) error {
	r := c.Report("flows", plugin.Col("STATUS", "status"), plugin.Col("ID", "id")).In(run.In)
	for _, x := range []deployResult{{Status: "created", Namespace: "a", ID: "x"}, {Status: "failed", Namespace: "a", Error: "bad"}, {Status: "created", Namespace: "b", ID: "y"}} {
		if run.Diff && x.ID != "" {
			x.Diff = "--- " + x.ID + "\n"
		}
		r.Diff(&x.Diff)
		if err := r.Add(x.Status, x); err != nil {
			return err
		}
	}
	return r.Close()
}

func TestReport(t *testing.T) {
	p := plugin.Plugin{Name: "report", New: func() any { return &reportCLI{} }}
	table := plugintest.Run(t, p, plugintest.Options{}, "deploy", "run")
	if table.Err != nil || len(table.Records) != 3 || table.Footer != "3 flows: 2 created, 1 failed" {
		t.Fatalf("table: %v %d %q", table.Err, len(table.Records), table.Footer)
	}
	js := plugintest.Run(t, p, plugintest.Options{Format: "json"}, "deploy", "run")
	want := `{"summary":{"total":3,"created":2,"failed":1},"results":[{"status":"created","namespace":"a","id":"x"},{"status":"failed","namespace":"a","error":"bad"},{"status":"created","namespace":"b","id":"y"}]}`
	if js.Err != nil || len(js.Objects) != 1 || string(js.Objects[0]) != want {
		t.Fatalf("json: %v %s", js.Err, js.Objects)
	}
	// Where the results are reads in the footer, not in JSON.
	table = plugintest.Run(t, p, plugintest.Options{}, "deploy", "run", "--in", "./flows")
	if table.Err != nil || table.Footer != "3 flows in ./flows: 2 created, 1 failed" {
		t.Fatalf("table in: %v %q", table.Err, table.Footer)
	}
	js = plugintest.Run(t, p, plugintest.Options{Format: "json"}, "deploy", "run", "--in", "./flows")
	if js.Err != nil || string(js.Objects[0]) != want {
		t.Fatalf("json in: %v %s", js.Err, js.Objects)
	}
	// Diffs: after the table in table mode, in the results in JSON.
	table = plugintest.Run(t, p, plugintest.Options{}, "deploy", "run", "--diff")
	if table.Err != nil || table.Stdout != "--- x\n--- y\n" || table.Records[0]["diff"] != nil {
		t.Fatalf("table diffs: %v %q %v", table.Err, table.Stdout, table.Records)
	}
	js = plugintest.Run(t, p, plugintest.Options{Format: "json"}, "deploy", "run", "--diff")
	if js.Err != nil || js.Stdout != "" || !strings.Contains(string(js.Objects[0]), `"id":"y","diff":"--- y\n"`) {
		t.Fatalf("json diffs: %v %q %s", js.Err, js.Stdout, js.Objects)
	}
}
