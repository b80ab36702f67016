package kestra

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// pageServer serves total items in pages; repeat makes it ignore the page
// parameter (always page 1); extra adds keys around results.
func pageServer(t *testing.T, total int, repeat bool) *httptest.Server {
	t.Helper()
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		size, _ := strconv.Atoi(r.URL.Query().Get("size"))
		if repeat {
			page = 1
		}
		var items []string
		for i := (page - 1) * size; i < page*size && i < total; i++ {
			items = append(items, fmt.Sprintf(`{"id":"f%d","n":%d}`, i, i))
		}
		w.Header().Set("Content-Type", "application/json")
		// total first, an unknown key, then the results: any order works.
		fmt.Fprintf(w, `{"total":%d,"extra":{"a":[1,2]},"results":[%s]}`, total, strings.Join(items, ","))
	}))
}

func TestPager(t *testing.T) {
	tests := []struct {
		name         string
		total, size  int
		repeat       bool
		want         int
		wantRepeated bool
	}{
		{name: "every page", total: 1001, size: 100, want: 1001},
		{name: "exact pages", total: 300, size: 100, want: 300},
		{name: "one short page", total: 7, size: 100, want: 7},
		{name: "empty", total: 0, size: 100, want: 0},
		{name: "a server repeating its first page stops", total: 1000, size: 100, repeat: true, want: 100, wantRepeated: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := pageServer(t, tt.total, tt.repeat)
			defer srv.Close()
			c := newClient(t, srv, nil, nil)
			p := c.NewPager(context.Background(), "/api/v1/main/flows/search", nil, tt.size)
			defer p.Close()
			got, next := 0, 0
			for {
				page, ok, err := p.Next()
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					break
				}
				for _, it := range page.Results {
					var v struct{ N int }
					if err := json.Unmarshal(it, &v); err != nil || v.N != next {
						t.Fatalf("item %s, want n=%d (%v)", it, next, err)
					}
					next++
				}
				got += len(page.Results)
			}
			if got != tt.want || p.Repeated() != tt.wantRepeated {
				t.Fatalf("got %d items (repeated %v), want %d (%v)", got, p.Repeated(), tt.want, tt.wantRepeated)
			}
		})
	}
}

func TestDecodePage(t *testing.T) {
	tests := []struct {
		body    string
		n       int
		total   int64
		wantErr bool
	}{
		{body: `{"results":[{"a":1},{"b":[1,{"c":2}]}],"total":2}`, n: 2, total: 2},
		{body: `{"results":null,"total":0}`, n: 0},
		{body: `{"total":12345678901,"results":[]}`, total: 12345678901},
		{body: `[]`, wantErr: true},
		{body: `{"results":{}}`, wantErr: true},
		{body: `{"results":[{"a":1}`, wantErr: true},
		{body: ``, wantErr: true},
	}
	for _, tt := range tests {
		p, err := decodePage(strings.NewReader(tt.body))
		if (err != nil) != tt.wantErr || (err == nil && (len(p.Results) != tt.n || p.Total != tt.total)) {
			t.Errorf("%s: %d items total %d err %v", tt.body, len(p.Results), p.Total, err)
		}
	}
}

func FuzzDecodePage(f *testing.F) {
	f.Add(`{"results":[{"a":1}],"total":1}`)
	f.Add(`{"total":3,"results":[1,"x",null]}`)
	f.Fuzz(func(t *testing.T, body string) {
		p, err := decodePage(strings.NewReader(body))
		if err == nil {
			for _, it := range p.Results {
				if !json.Valid(it) {
					t.Fatalf("invalid item %q", it)
				}
			}
		}
	})
}
