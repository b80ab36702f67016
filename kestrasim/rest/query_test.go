package rest

import (
	"crypto/tls"
	"net/http/httptest"
	"testing"
)

func TestQueryParams(t *testing.T) {
	cases := []struct {
		query   string
		wantB   bool
		wantN   int
		wantErr bool
	}{
		{query: "", wantB: true, wantN: 0},
		{query: "?b=false&n=3", wantB: false, wantN: 3},
		{query: "?b=1&n=1", wantB: true, wantN: 1},
		{query: "?b=yes", wantErr: true},
		{query: "?n=0", wantB: true, wantErr: true},
		{query: "?n=x", wantB: true, wantErr: true},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/x"+c.query, nil)
		b, errB := QueryBool(r, "b", true)
		n, errN := QueryInt(r, "n", 1)
		if gotErr := errB != nil || errN != nil; gotErr != c.wantErr {
			t.Errorf("%q: errors %v, %v", c.query, errB, errN)
			continue
		}
		if !c.wantErr && (b != c.wantB || n != c.wantN) {
			t.Errorf("%q: got %v %d, want %v %d", c.query, b, n, c.wantB, c.wantN)
		}
		if errB != nil && AsError(errB).Status != 400 || errN != nil && AsError(errN).Status != 400 {
			t.Errorf("%q: not a 400: %v %v", c.query, errB, errN)
		}
	}
}

func TestBaseURL(t *testing.T) {
	r := httptest.NewRequest("GET", "http://sim.test:8080/api", nil)
	if got := BaseURL(r); got != "http://sim.test:8080" {
		t.Errorf("BaseURL = %q", got)
	}
	r.TLS = &tls.ConnectionState{}
	if got := BaseURL(r); got != "https://sim.test:8080" {
		t.Errorf("BaseURL over TLS = %q", got)
	}
}

func TestRouteHelpers(t *testing.T) {
	perm := PermissionOn("FLOW")
	if p := perm("VIEW"); p != (Permission{Resource: "FLOW", Action: "VIEW"}) {
		t.Errorf("PermissionOn: %+v", p)
	}
	rs := EEOnly([]Route{{Method: "GET", Path: "/a"}, {Method: "GET", Path: "/b"}})
	if !rs[0].EEOnly || !rs[1].EEOnly {
		t.Errorf("EEOnly: %+v", rs)
	}
}
