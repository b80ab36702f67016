package kestra

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// multipartServer answers 429 to the first `fail` requests, then reads the
// fileContent part and records it.
func multipartServer(t *testing.T, fail int32) (*httptest.Server, *[]string, *[]int64) {
	t.Helper()
	var n int32
	var got []string
	var lengths []int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lengths = append(lengths, r.ContentLength)
		if atomic.AddInt32(&n, 1) <= fail {
			_, _ = io.Copy(io.Discard, r.Body)
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		part, err := mr.NextPart()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if part.FormName() != "fileContent" || part.FileName() != `a "b".txt` || part.Header.Get("Content-Type") != "application/octet-stream" {
			http.Error(w, "bad part header", http.StatusBadRequest)
			return
		}
		b, err := io.ReadAll(part)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if _, err := mr.NextPart(); err != io.EOF {
			http.Error(w, "more than one part", http.StatusBadRequest)
			return
		}
		got = append(got, string(b))
	}))
	t.Cleanup(srv.Close)
	return srv, &got, &lengths
}

func filePart(content string, size int64, opens *int32) FilePart {
	return FilePart{Field: "fileContent", FileName: `a "b".txt`, Size: size,
		Open: func() (io.ReadCloser, error) {
			atomic.AddInt32(opens, 1)
			return io.NopCloser(strings.NewReader(content)), nil
		}}
}

func TestMultipartFileStreamsWithLength(t *testing.T) {
	srv, got, lengths := multipartServer(t, 1)
	c := newClient(t, srv, nil, nil)
	content := strings.Repeat("0123456789", 100000)
	var opens int32
	req := &Request{Method: http.MethodPost, Path: "/upload"}
	if err := req.SetMultipartFile(filePart(content, int64(len(content)), &opens)); err != nil {
		t.Fatal(err)
	}
	if err := c.JSON(context.Background(), req, nil); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 1 || (*got)[0] != content {
		t.Fatalf("server got %d uploads", len(*got))
	}
	if opens != 2 {
		t.Errorf("content opened %d times, want 2 (one per attempt)", opens)
	}
	for _, l := range *lengths {
		if l <= int64(len(content)) {
			t.Errorf("Content-Length %d, want the full multipart length", l)
		}
	}
}

func TestMultipartFileUnknownSizeIsChunked(t *testing.T) {
	srv, got, lengths := multipartServer(t, 0)
	c := newClient(t, srv, nil, nil)
	var opens int32
	req := &Request{Method: http.MethodPost, Path: "/upload"}
	if err := req.SetMultipartFile(filePart("hello", -1, &opens)); err != nil {
		t.Fatal(err)
	}
	if err := c.JSON(context.Background(), req, nil); err != nil {
		t.Fatal(err)
	}
	if (*got)[0] != "hello" || (*lengths)[0] != -1 {
		t.Fatalf("got %q with length %d", (*got)[0], (*lengths)[0])
	}
}

func TestMultipartFileSizeMismatchFails(t *testing.T) {
	for _, size := range []int64{3, 10} {
		srv, got, _ := multipartServer(t, 0)
		c := newClient(t, srv, nil, nil)
		var opens int32
		req := &Request{Method: http.MethodPost, Path: "/upload"}
		if err := req.SetMultipartFile(filePart("hello", size, &opens)); err != nil {
			t.Fatal(err)
		}
		if err := c.JSON(context.Background(), req, nil); err == nil {
			t.Errorf("size %d: a 5-byte file was sent", size)
		}
		if len(*got) != 0 {
			t.Errorf("size %d: the server stored %q", size, *got)
		}
	}
}

func TestMultipartFileOpenError(t *testing.T) {
	srv, got, _ := multipartServer(t, 0)
	c := newClient(t, srv, nil, nil)
	req := &Request{Method: http.MethodPost, Path: "/upload"}
	boom := errors.New("boom")
	if err := req.SetMultipartFile(FilePart{Field: "fileContent", FileName: "x", Size: -1,
		Open: func() (io.ReadCloser, error) { return nil, boom }}); err != nil {
		t.Fatal(err)
	}
	if err := c.JSON(context.Background(), req, nil); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("err = %v", err)
	}
	if len(*got) != 0 {
		t.Fatalf("stored %q", *got)
	}
}

func TestMultipartBodyNeverReadStartsNothing(t *testing.T) {
	var opens int32
	req := &Request{}
	if err := req.SetMultipartFile(filePart("x", 1, &opens)); err != nil {
		t.Fatal(err)
	}
	if err := req.Body.(io.Closer).Close(); err != nil {
		t.Fatal(err)
	}
	if opens != 0 {
		t.Fatalf("content opened without a read")
	}
	// A body read to the end is a valid multipart document.
	b, _ := req.GetBody()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, b); err != nil {
		t.Fatal(err)
	}
	if got := int64(buf.Len()); got != int64(b.(interface{ Len() int }).Len()) {
		t.Fatalf("Len %d, body %d bytes", b.(interface{ Len() int }).Len(), got)
	}
}

func TestRequestTimeoutOverride(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)
	c, err := New(Config{BaseURL: srv.URL, Tenant: "main", Timeout: 50 * time.Millisecond, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if c.Timeout() != 50*time.Millisecond {
		t.Fatalf("Timeout() = %v", c.Timeout())
	}
	// The client's timeout applies by default...
	if err := c.JSON(context.Background(), &Request{Method: http.MethodGet, Path: "/slow"}, nil); err == nil {
		t.Fatal("no timeout")
	}
	// ...and a negative per-request timeout leaves it to the context.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err = c.JSON(ctx, &Request{Method: http.MethodGet, Path: "/slow", Timeout: -1}, nil)
	if !errors.Is(err, context.DeadlineExceeded) || ctx.Err() == nil {
		t.Fatalf("err = %v: the client timeout still applied", err)
	}
}
