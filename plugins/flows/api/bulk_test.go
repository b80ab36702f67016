package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// TestExecutionsByIDsIsolatesRefusals: a server that refuses a whole
// request when one execution is invalid (as Kestra's by-ids routes do)
// still has every valid execution acted on, each refusal attributed, in
// far fewer requests than one per id.
func TestExecutionsByIDsIsolatesRefusals(t *testing.T) {
	invalid := map[string]bool{"e07": true, "e42": true, "e99": true}
	var acted []string
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet { // the refusal's explanation
			id := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
			if id == "e99" {
				w.WriteHeader(http.StatusNotFound)
				_, _ = w.Write([]byte(`{"message":"Not Found"}`))
				return
			}
			_, _ = w.Write([]byte(`{"id":"` + id + `","state":{"current":"SUCCESS"}}`))
			return
		}
		requests++
		var ids []string
		if err := json.NewDecoder(r.Body).Decode(&ids); err != nil {
			t.Errorf("body: %v", err)
		}
		if slices.ContainsFunc(ids, func(id string) bool { return invalid[id] }) {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"message":"invalid bulk kill","invalids":[]}`))
			return
		}
		acted = append(acted, ids...)
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(`{"operationId":"x","totalItems":1}`))
	}))
	defer srv.Close()
	k, err := kestra.New(kestra.Config{BaseURL: srv.URL, Tenant: "main"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 100 {
		ids = append(ids, fmt.Sprintf("e%02d", i))
	}
	failures, err := New(k).ExecutionsByIDs(context.Background(), BulkKill, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(failures) != 3 || failures["e99"] != "execution not found" ||
		failures["e07"] != "invalid bulk kill: the execution is SUCCESS" || failures["e42"] == "" {
		t.Fatalf("failures %v", failures)
	}
	if len(acted) != 97 || slices.Contains(acted, "e07") {
		t.Fatalf("acted on %d", len(acted))
	}
	if requests > 40 {
		t.Fatalf("%d requests for 100 ids and 3 refusals", requests)
	}
}
