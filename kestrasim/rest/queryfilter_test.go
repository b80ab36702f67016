package rest

import (
	"strings"
	"testing"
	"time"
)

func TestResourceValidate(t *testing.T) {
	res := Resource{Name: "THING", Fields: []FieldOps{
		{Field: "q", Ops: []string{"EQUALS"}},
		{Field: "startDate", Ops: []string{"GREATER_THAN"}},
		{Field: "timeRange", Ops: []string{"EQUALS"}},
	}}
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	noQ := func(f Filter) error {
		if f.Field == "q" && f.First() == "no" {
			return InvalidFilters("q cannot be no")
		}
		return nil
	}
	cases := []struct {
		fs   Filters
		want string
	}{
		{Filters{{Field: "q", Op: "EQUALS", Values: []string{"x"}}, {Field: "startDate", Op: "GREATER_THAN", Values: []string{"2025-01-01T00:00:00Z"}}}, ""},
		{Filters{{Field: "state", Op: "EQUALS"}}, "Invalid query filters: Field state is not supported for resource THING. Supported fields are q, startDate, timeRange"},
		{Filters{{Field: "q", Op: "IN"}}, "Invalid query filters: Operation IN is not supported for field q. Supported operations are EQUALS"},
		{Filters{{Field: "startDate", Op: "GREATER_THAN", Values: []string{"yesterday"}}}, `startDate "yesterday" is not an ISO-8601 date-time`},
		{Filters{{Field: "timeRange", Op: "EQUALS", Values: []string{"soon"}}}, `timeRange "soon" is not an ISO-8601 duration`},
		{Filters{{Field: "q", Op: "EQUALS", Values: []string{"no"}}}, "q cannot be no"},
	}
	for _, c := range cases {
		_, err := res.Validate(c.fs, now, noQ)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%v: %v, want %q", c.fs, err, c.want)
		}
	}
	since, err := res.Validate(Filters{{Field: "timeRange", Op: "EQUALS", Values: []string{"PT1H"}}}, now, nil)
	if err != nil || !since.Equal(now.Add(-time.Hour)) {
		t.Errorf("timeRange: %v %v", since, err)
	}
}
