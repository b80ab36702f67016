package plugin

import (
	"net/url"
	"testing"
	"time"
)

func TestParseFilter(t *testing.T) {
	tests := []struct {
		in      string
		want    url.Values
		wantErr bool
	}{
		{in: "state:IN:FAILED,KILLED", want: url.Values{"filters[state][IN]": {"FAILED,KILLED"}}},
		{in: "namespace:prefix:company", want: url.Values{"filters[namespace][PREFIX]": {"company"}}},
		{in: "q:EQUALS:a:b:c", want: url.Values{"filters[q][EQUALS]": {"a:b:c"}}},
		{in: "labels:EQUALS:team=data", want: url.Values{"filters[labels][EQUALS][team]": {"data"}}},
		{in: "labels:EQUALS:nokey", wantErr: true},
		{in: "state:IN:", wantErr: true},
		{in: "state", wantErr: true},
		{in: "colour:EQUALS:red", wantErr: true},
		{in: "state:LIKE:x", wantErr: true},
		{in: ":EQUALS:x", wantErr: true},
	}
	for _, tt := range tests {
		f, err := ParseFilter(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err %v", tt.in, err)
			continue
		}
		if err != nil {
			continue
		}
		q := url.Values{}
		f.addTo(q)
		if q.Encode() != tt.want.Encode() {
			t.Errorf("%s: %v, want %v", tt.in, q, tt.want)
		}
	}
}

func TestQuery(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	q, err := Query(NamespaceFlag{Namespace: "company.team"}, FlowFlag{Flow: "hello"},
		StateFlag{State: []string{"failed,killed", "FAILED"}}, LabelFlag{Label: []string{"team=data", "env:prod"}},
		QueryFlag{Query: "etl"}, TimeFlags{Since: "24h", Until: "2026-12-04T11:00:00Z", now: func() time.Time { return now }},
		FilterFlag{Filter: []string{"triggerId:EQUALS:daily"}})
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{
		"filters[namespace][EQUALS]":                   {"company.team"},
		"filters[flowId][EQUALS]":                      {"hello"},
		"filters[state][IN]":                           {"FAILED,KILLED"},
		"filters[labels][EQUALS][team]":                {"data"},
		"filters[labels][EQUALS][env]":                 {"prod"},
		"filters[q][EQUALS]":                           {"etl"},
		"filters[startDate][GREATER_THAN_OR_EQUAL_TO]": {"2026-12-03T12:00:00Z"},
		"filters[startDate][LESS_THAN_OR_EQUAL_TO]":    {"2026-12-04T11:00:00Z"},
		"filters[triggerId][EQUALS]":                   {"daily"},
	}
	if q.Encode() != want.Encode() {
		t.Fatalf("\n got %v\nwant %v", q, want)
	}
	for _, bad := range []FilterSource{NamespaceFlag{Namespace: "Bad NS"}, StateFlag{State: []string{"DONE"}},
		LabelFlag{Label: []string{"novalue"}}, TimeFlags{Since: "yesterday"}, TimeFlags{Until: "-5m"}} {
		if _, err := Query(bad); err == nil {
			t.Errorf("%#v accepted", bad)
		}
	}
}

func TestParseTime(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"30m", now.Add(-30 * time.Minute)},
		{"7d", now.Add(-7 * 24 * time.Hour)},
		{"2w", now.Add(-14 * 24 * time.Hour)},
		{"2026-12-01T10:00:00Z", time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)},
		{"2026-12-01T10:00:00+01:00", time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)},
		{"2026-12-01", time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local)},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in, now)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s: %v %v, want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "d", "1.5d", "-1d", "tomorrow", "2026-13-01"} {
		if _, err := ParseTime(bad, now); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"state:IN:FAILED,KILLED", "labels:EQUALS:a=b", "q:EQUALS:x:y", "::", "a:b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, err := ParseFilter(s)
		if err != nil {
			return
		}
		y, err := ParseFilter(x.String())
		if err != nil || y.String() != x.String() {
			t.Fatalf("%q -> %q -> %q (%v)", s, x.String(), y.String(), err)
		}
	})
}
