package kestra

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestOnRetryReportsEachRetry(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
		case 2:
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			w.Write([]byte(`{}`))
		}
	}))
	defer srv.Close()
	c := newClient(t, srv, nil, nil)
	var events []RetryEvent
	resp, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/x", OnRetry: func(e RetryEvent) { events = append(events, e) }})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(events) != 2 {
		t.Fatalf("events = %+v, want 2", events)
	}
	first := events[0]
	if first.Status != 429 || first.Wait != 7*time.Second || first.Attempt != 2 || first.MaxAttempts != DefaultMaxAttempts || first.Path != "/x" || first.Method != "GET" {
		t.Fatalf("first event = %+v", first)
	}
	if events[1].Status != 503 || events[1].Attempt != 3 || events[1].Reason != "503 Service Unavailable" {
		t.Fatalf("second event = %+v", events[1])
	}
}

func TestOnRetryNotCalledWithoutRetry(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
	}))
	defer srv.Close()
	c := newClient(t, srv, nil, nil)
	called := false
	_, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/x", OnRetry: func(RetryEvent) { called = true }})
	if !IsNotFound(err) || called {
		t.Fatalf("err = %v, called = %v", err, called)
	}
}
