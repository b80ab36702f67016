package plugin_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// repeatingServer ignores the page parameter: every request gets the same
// full page of size things and announces total. After maxRequests it
// answers empty pages, so that a list that does not notice the repeat
// ends (with duplicates, which the test catches) instead of hanging.
func repeatingServer(t *testing.T, total, maxRequests int, requests *atomic.Int32) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if int(requests.Add(1)) > maxRequests {
			fmt.Fprintf(w, `{"results":[],"total":%d}`, total)
			return
		}
		size, _ := strconv.Atoi(r.URL.Query().Get("size"))
		items := make([]string, size)
		for i := range items {
			items[i] = fmt.Sprintf(`{"id":%d}`, i)
		}
		fmt.Fprintf(w, `{"results":[%s],"total":%d}`, strings.Join(items, ","), total)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestListRepeatedPage: a server that sends the same full page whatever
// page is asked for (issue 20, item 21) does not make a list loop: the
// list ends after the first page, shows its items once, and warns that
// the server repeated itself (a warning message, which the core prints on
// stderr; the harness records it in Result.Messages).
func TestListRepeatedPage(t *testing.T) {
	const maxRequests = 50
	p := plugin.Plugin{Name: "list", New: func() any { return &listCLI{} }}
	for _, tc := range []struct {
		name       string
		argv       []string
		wantFooter string
	}{
		{"all", []string{"things", "list", "--all"}, "Showing 200 of 1,000 things"},
		{"limit over one page", []string{"things", "list", "-L", "450"}, "Showing 200 of 1,000 things"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var reqs atomic.Int32
			url := repeatingServer(t, 1000, maxRequests, &reqs)
			r := plugintest.Run(t, p, plugintest.Options{Server: url}, tc.argv...)
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if n := reqs.Load(); n >= maxRequests {
				t.Fatalf("%d requests: the list did not stop at the repeated page", n)
			}
			seen := map[string]bool{}
			for _, rec := range r.Records {
				id := fmt.Sprint(rec["id"])
				if seen[id] {
					t.Fatalf("item %s shown twice", id)
				}
				seen[id] = true
			}
			if len(r.Records) != plugin.MaxPageSize || r.Footer != tc.wantFooter {
				t.Errorf("%d items, footer %q; want %d, %q", len(r.Records), r.Footer, plugin.MaxPageSize, tc.wantFooter)
			}
			want := plugin.Message{Level: plugin.LevelWarning,
				Text: "the server sent the same page twice; stopped after 200 things (it announced 1,000)"}
			var warned bool
			for _, m := range r.Messages {
				warned = warned || m == want
			}
			if !warned {
				t.Errorf("messages %v, want the warning %q", r.Messages, want.Text)
			}
		})
	}
}
