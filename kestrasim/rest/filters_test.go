package rest

import (
	"net/url"
	"slices"
	"testing"
	"time"
)

func TestParseFilters(t *testing.T) {
	q, _ := url.ParseQuery("filters[namespace][EQUALS]=my.ns&filters[state][IN]=SUCCESS,FAILED&filters[labels][EQUALS][team]=data&filters[labels][EQUALS][env]=prod&filters[q][CONTAINS]=x&page=2")
	fs, err := ParseFilters(q)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := fs.Equals("namespace"); !ok || v != "my.ns" {
		t.Errorf("namespace %q", v)
	}
	if !fs.Match("state", "FAILED") || fs.Match("state", "RUNNING") {
		t.Error("IN")
	}
	if !fs.MatchLabels(map[string]string{"team": "data", "env": "prod", "x": "y"}) || fs.MatchLabels(map[string]string{"team": "data"}) {
		t.Error("labels")
	}
	for _, bad := range []string{"filters[nope][EQUALS]=1", "filters[namespace][LIKE]=1", "filters[namespace]=1", "filters[namespace][EQUALS][x]=1", "filters[namespace][REGEX]=(", "filters[[a]][EQUALS]=1"} {
		q, _ := url.ParseQuery(bad)
		if _, err := ParseFilters(q); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	ops := map[string][3]string{
		"PREFIX": {"a.b", "a.b.c", "a.bc"}, "STARTS_WITH": {"ab", "abc", "xab"}, "ENDS_WITH": {"bc", "abc", "bcd"},
		"CONTAINS": {"B", "abc", "xyz"}, "NOT_EQUALS": {"a", "b", "a"}, "GREATER_THAN": {"2024", "2025", "2023"},
	}
	for op, c := range ops {
		f := Filter{Field: "namespace", Op: op, Values: []string{c[0]}}
		if !f.MatchString(c[1]) || f.MatchString(c[2]) {
			t.Errorf("%s %v", op, c)
		}
	}
}

func TestPage(t *testing.T) {
	items := []int{1, 2, 3, 4, 5}
	for _, c := range []struct {
		p    Paging
		want []int
	}{{Paging{1, 2}, []int{1, 2}}, {Paging{3, 2}, []int{5}}, {Paging{4, 2}, []int{}}, {Paging{1, 10}, items}} {
		got := Page(items, c.p)
		if !slices.Equal(got.Results, c.want) || got.Total != 5 {
			t.Errorf("%+v: %v", c.p, got)
		}
	}
}

func FuzzParseFilters(f *testing.F) {
	for _, s := range []string{
		"filters[namespace][EQUALS]=a", "filters[labels][EQUALS][k]=v", "filters[state][IN]=A,B",
		"filters[q][REGEX]=a.*", "filters[x", "filters[]][]=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		fs, err := ParseFilters(q)
		if err != nil {
			return
		}
		for _, x := range fs {
			if !slices.Contains(filterFields, x.Field) || !slices.Contains(filterOps, x.Op) {
				t.Fatalf("%q gave filter %+v", raw, x)
			}
			if x.Field == "labels" && x.Labels == nil {
				t.Fatalf("labels filter without labels: %q", raw)
			}
			x.MatchString("value")
		}
	})
}

func TestFilterDatesAndScope(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	since, err := Filter{Field: "timeRange", Op: "EQUALS", Values: []string{"PT1H"}}.Since(now)
	if err != nil || !since.Equal(now.Add(-time.Hour)) {
		t.Errorf("Since = %v, %v", since, err)
	}
	if _, err := (Filter{Field: "timeRange", Op: "EQUALS", Values: []string{"1h"}}).Since(now); err == nil || AsError(err).Status != 400 {
		t.Errorf("a bad timeRange: %v", err)
	}
	if err := (Filter{Field: "startDate", Values: []string{"yesterday"}}).CheckDate(); err == nil {
		t.Error("a bad date passed")
	}
	date := "2025-01-02T03:04:05Z"
	for op, want := range map[string][3]bool{ // before, at, after
		"EQUALS":                   {false, true, false},
		"NOT_EQUALS":               {true, false, true},
		"GREATER_THAN":             {false, false, true},
		"GREATER_THAN_OR_EQUAL_TO": {false, true, true},
		"LESS_THAN":                {true, false, false},
		"LESS_THAN_OR_EQUAL_TO":    {true, true, false},
	} {
		f := Filter{Field: "startDate", Op: op, Values: []string{date}}
		if err := f.CheckDate(); err != nil {
			t.Fatal(err)
		}
		for i, at := range []time.Time{now.Add(-time.Second), now, now.Add(time.Second)} {
			if got := f.MatchTime(at); got != want[i] {
				t.Errorf("%s %s at %v = %v", op, date, at, got)
			}
		}
	}
	for _, c := range []struct {
		op, value, ns string
		want          bool
	}{
		{"EQUALS", "SYSTEM", "system", true},
		{"EQUALS", "SYSTEM", "system.sub", true},
		{"EQUALS", "SYSTEM", "systems", false},
		{"EQUALS", "USER", "company", true},
		{"NOT_EQUALS", "SYSTEM", "company", true},
		{"NOT_EQUALS", "USER", "system", true},
	} {
		if got := (Filter{Field: "scope", Op: c.op, Values: []string{c.value}}).MatchScope(c.ns); got != c.want {
			t.Errorf("scope %s %s on %s = %v", c.op, c.value, c.ns, got)
		}
	}
	if (Filter{}).First() != "" {
		t.Error("First of no value")
	}
}
