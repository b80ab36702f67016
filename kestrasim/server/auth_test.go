package server

import (
	"net/http"
	"testing"
)

func TestConfigsIsPublic(t *testing.T) {
	for _, edition := range []string{"ee", "oss"} {
		t.Run(edition, func(t *testing.T) {
			s := newSim(t, func(o *Options) { o.Edition = edition })
			none := ""
			r := s.getAs(t, none, "/api/v1/configs")
			want(t, r, http.StatusOK)
			m := r.Map(t)
			if m["version"] != "2.0.0" {
				t.Errorf("version %v", m["version"])
			}
			if wantEd := map[string]string{"ee": "EE", "oss": "OSS"}[edition]; m["edition"] != wantEd {
				t.Errorf("edition %v, want %s", m["edition"], wantEd)
			}
		})
	}
}

func TestAuthentication(t *testing.T) {
	s := newSim(t)
	path := "/api/v1/main/flows/search"
	cases := []struct {
		name   string
		auth   string
		status int
	}{
		{"basic", basic(adminUser, adminPass), http.StatusOK},
		{"bearer", bearer("root-token"), http.StatusOK},
		{"none", "", http.StatusUnauthorized},
		{"wrong password", basic(adminUser, "nope"), http.StatusUnauthorized},
		{"wrong user", basic("x@y.z", adminPass), http.StatusUnauthorized},
		{"wrong token", bearer("nope"), http.StatusUnauthorized},
		{"empty bearer", "Bearer ", http.StatusUnauthorized},
		{"unknown scheme", "Digest abc", http.StatusUnauthorized},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := s.getAs(t, c.auth, path)
			want(t, r, c.status)
			if c.status == http.StatusUnauthorized {
				if ct := r.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("content type %q", ct)
				}
				if msg := r.Message(t); msg != "Unauthorized" {
					t.Errorf("message %q", msg)
				}
			}
		})
	}
}

func TestNoTokenUnlessConfigured(t *testing.T) {
	s := newSim(t, func(o *Options) { o.Token = "" })
	want(t, s.getAs(t, bearer(""), "/api/v1/main/flows/search"), http.StatusUnauthorized)
	want(t, s.getAs(t, bearer("root-token"), "/api/v1/main/flows/search"), http.StatusUnauthorized)
}

func TestTenants(t *testing.T) {
	s := newSim(t, func(o *Options) { o.Tenants = []string{"main", "staging"} })
	want(t, s.get(t, "/api/v1/main/flows/search"), http.StatusOK)
	want(t, s.get(t, "/api/v1/staging/flows/search"), http.StatusOK)
	r := s.get(t, "/api/v1/prod/flows/search")
	want(t, r, http.StatusNotFound)
	if msg := r.Message(t); msg != "Tenant 'prod' not found" {
		t.Errorf("message %q", msg)
	}
}

func TestUnknownRouteIsJSON404(t *testing.T) {
	s := newSim(t)
	r := s.get(t, "/api/v1/main/nothing/here")
	want(t, r, http.StatusNotFound)
	if r.Message(t) != "Page Not Found" {
		t.Errorf("message %q", r.Body)
	}
}
