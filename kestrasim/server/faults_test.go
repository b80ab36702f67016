package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/kestrasim/faults"
)

func withFaults(t *testing.T, spec string) func(*Options) {
	t.Helper()
	f, err := faults.Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	return func(o *Options) { o.Faults = f }
}

// rawDo sends a request and reports a transport error instead of failing.
func (s *sim) rawDo(method, path, body, ct string) (*resp, error) {
	hr, _ := http.NewRequest(method, s.ts.URL+path, strings.NewReader(body))
	hr.Header.Set("Authorization", s.auth)
	if ct != "" {
		hr.Header.Set("Content-Type", ct)
	}
	res, err := s.ts.Client().Do(hr)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return &resp{Status: res.StatusCode, Header: res.Header, Body: data}, nil
}

func TestFaultInjectedErrorsChangeNothing(t *testing.T) {
	s := newSim(t, withFaults(t, "rate=1,codes=429,retry-after=3,paths=/api/v1/main/flows,methods=POST"))
	r, err := s.rawDo("POST", "/api/v1/main/flows", flowYAML("f", "a"), "application/x-yaml")
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") != "3" || r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("%d %v %s", r.Status, r.Header, r.Body)
	}
	want(t, s.get(t, "/api/v1/main/flows/f/a"), http.StatusNotFound)
	// other paths and methods are not affected
	want(t, s.get(t, "/api/v1/main/flows/search"), http.StatusOK)
	want(t, s.get(t, "/api/v1/configs"), http.StatusOK)
}

func TestFaultDropAppliesWholeWrite(t *testing.T) {
	s := newSim(t, withFaults(t, "drop=1,methods=POST+PUT"))
	_, err := s.rawDo("POST", "/api/v1/main/flows", flowYAML("f", "a"), "application/x-yaml")
	if err == nil {
		t.Fatal("dropped request succeeded")
	}
	r := s.get(t, "/api/v1/main/flows/f/a?source=true")
	want(t, r, http.StatusOK)
	if r.Map(t)["source"] != flowYAML("f", "a") {
		t.Error("a dropped write was half-applied")
	}
	// a GET dropped mid-response: the client sees a truncated body
	s2 := newSim(t, withFaults(t, "drop=1,methods=GET,paths=/maven2/"))
	_, err = s2.rawDo("GET", "/maven2/a/b/1.0/b-1.0.jar", "", "")
	if err == nil || !(errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "EOF") || strings.Contains(err.Error(), "reset")) {
		t.Errorf("dropped download: %v", err)
	}
}

func TestFaultLatency(t *testing.T) {
	s := newSim(t, withFaults(t, "latency=60ms,paths=/api/v1/main/"))
	start := time.Now()
	want(t, s.get(t, "/api/v1/main/flows/search"), http.StatusOK)
	if el := time.Since(start); el < 60*time.Millisecond {
		t.Errorf("latency not applied: %v", el)
	}
	start = time.Now()
	want(t, s.get(t, "/api/v1/configs"), http.StatusOK)
	if el := time.Since(start); el > 50*time.Millisecond {
		t.Errorf("latency applied outside paths: %v", el)
	}
}

// Under a mix of injected errors and drops, every write is all or nothing:
// answered 2xx or dropped -> stored exactly; answered with an injected
// error -> not stored.
func TestFaultMixNeverHalfApplies(t *testing.T) {
	s := newSim(t, withFaults(t, "rate=0.3,codes=500+503+429,drop=0.2,methods=POST,seed=42"))
	var ok, injected, dropped int
	for i := range 120 {
		id := fmt.Sprintf("f%03d", i)
		src := flowYAML("mix", id)
		r, err := s.rawDo("POST", "/api/v1/main/flows", src, "application/x-yaml")
		got := s.get(t, "/api/v1/main/flows/mix/"+id+"?source=true")
		switch {
		case err != nil:
			dropped++
			want(t, got, http.StatusOK)
		case r.Status == http.StatusOK:
			ok++
			want(t, got, http.StatusOK)
		default:
			injected++
			if !strings.Contains(string(r.Body), "fault injected") {
				t.Fatalf("unexpected answer %d %s", r.Status, r.Body)
			}
			if r.Status == http.StatusTooManyRequests && r.Header.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
			want(t, got, http.StatusNotFound)
		}
		if got.Status == http.StatusOK && got.Map(t)["source"] != src {
			t.Fatalf("flow %s stored with other content", id)
		}
	}
	if ok == 0 || injected == 0 || dropped == 0 {
		t.Errorf("ok %d, injected %d, dropped %d: the mix did not exercise every case", ok, injected, dropped)
	}
}

func TestFaultSeedIsReproducible(t *testing.T) {
	run := func() string {
		s := newSim(t, withFaults(t, "rate=0.5,codes=500+503,seed=9,paths=/api/v1/main/"))
		var b strings.Builder
		for range 30 {
			r, _ := s.rawDo("GET", "/api/v1/main/flows/search", "", "")
			fmt.Fprintf(&b, "%d,", r.Status)
		}
		return b.String()
	}
	if a, b := run(), run(); a != b {
		t.Errorf("same seed, different faults:\n%s\n%s", a, b)
	}
}
