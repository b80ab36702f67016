package rest

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"
)

type row struct {
	ID      string
	Created time.Time
}

var fields = Comparators[row]{
	"id":      By(func(r row) string { return r.ID }),
	"created": ByTime(func(r row) time.Time { return r.Created }),
}

func TestWritePageSortsThenPages(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := []row{{"b", t0.Add(time.Hour)}, {"a", t0.Add(2 * time.Hour)}, {"c", t0}}
	cases := map[string][]string{
		"sort=id:asc&size=2":             {"a", "b"},
		"sort=created:desc&size=2":       {"a", "b"},
		"sort=created:asc&size=2&page=2": {"a"},
		"size=5":                         {"a", "b", "c"}, // the default: id
		"sort=unknown:desc&size=5":       {"b", "a", "c"}, // unknown fields keep the order
	}
	for query, want := range cases {
		q, _ := url.ParseQuery(query)
		paging, err := ParsePaging(q, 10)
		if err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		WritePage(w, q, paging, append([]row(nil), rows...), fields, SortKey{Field: "id"})
		var got Paged[row]
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range got.Results {
			ids = append(ids, r.ID)
		}
		if got.Total != 3 || !slices.Equal(ids, want) {
			t.Errorf("%s: %v (total %d), want %v", query, ids, got.Total, want)
		}
	}
}
