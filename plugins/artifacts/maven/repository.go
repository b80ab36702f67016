// Package maven downloads plugin JARs and their checksum files from a Maven
// repository (standard layout) through a kestra.Client whose base URL is
// the repository's.
package maven

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kestractl/kestractl/plugins/artifacts/checksum"
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// DefaultURL is Maven Central.
const DefaultURL = "https://repo1.maven.org/maven2"

// Retry tells which request of which artifact is being retried.
type Retry struct {
	Coordinate coord.Coordinate
	// What is "jar" or the checksum algorithm ("sha256").
	What  string
	Event kestra.RetryEvent
}

// Repository is one Maven repository.
type Repository struct {
	client *kestra.Client
	// OnRetry, when set, is told about every retry (rate limiting, 5xx).
	OnRetry func(Retry)
	// sleep waits between the reads of a small file (tests); nil sleeps
	// for real.
	sleep func(ctx context.Context, d time.Duration) error
}

// New returns the repository served at client's base URL.
func New(client *kestra.Client) *Repository { return &Repository{client: client} }

// URL is the JAR's URL.
func (r *Repository) URL(c coord.Coordinate) string {
	return r.client.BaseURL() + "/" + c.MavenPath()
}

func (r *Repository) request(c coord.Coordinate, what, path string) *kestra.Request {
	req := &kestra.Request{Method: http.MethodGet, Path: "/" + path, Accept: "*/*"}
	if r.OnRetry != nil {
		req.OnRetry = func(e kestra.RetryEvent) { r.OnRetry(Retry{Coordinate: c, What: what, Event: e}) }
	}
	return req
}

// Checksum returns the checksum to verify the JAR with: the first of
// .sha256, .sha512, .sha1 and .md5 (checksum.Preferred) the repository
// publishes. A missing file (404) moves on to the next; the zero Expected
// means none is published. A file that is published but cannot be used
// (unreadable, not a checksum, larger than a checksum file) is an error,
// never a reason to fall back to a weaker one or to none: whoever can
// break the checksum file may have changed the JAR too.
func (r *Repository) Checksum(ctx context.Context, c coord.Coordinate) (checksum.Expected, error) {
	for _, a := range checksum.Preferred() {
		path := c.MavenPath() + a.Ext()
		body, err := r.small(ctx, r.request(c, string(a), path))
		if kestra.IsNotFound(err) {
			continue
		}
		var cut *cutError
		if errors.As(err, &cut) {
			return checksum.Expected{}, (&cmderr.Error{Code: cmderr.Unavailable, Err: err,
				Message: fmt.Sprintf("cannot verify %s: the repository publishes a %s file that could not be read (%v)", c, a.Ext(), err)}).
				WithHint("the JAR was not installed; run the command again, or check %s", r.client.BaseURL()+"/"+path)
		}
		if err != nil {
			return checksum.Expected{}, r.wrap(err, "fetch the "+a.Title()+" checksum of "+c.String())
		}
		exp, err := checksum.Parse(a, body)
		if err != nil {
			return checksum.Expected{}, cmderr.New(cmderr.Generic, "cannot verify %s: the repository publishes an unusable %s file (%v)", c, a.Ext(), err).
				WithHint("the JAR was not installed; ask the repository's maintainers to fix %s", r.client.BaseURL()+"/"+path)
		}
		return exp, nil
	}
	return checksum.Expected{}, nil
}

// smallAttempts bounds the reads of a small file whose connection drops
// mid-answer (the client retries failed requests; this covers the body),
// as for API calls.
const smallAttempts = kestra.DefaultMaxAttempts

// small GETs a small file (a checksum) whole, asking again when the
// connection drops while the answer is read. It reads one byte more than
// checksum.MaxFile, so that an oversized file is seen as such.
func (r *Repository) small(ctx context.Context, req *kestra.Request) ([]byte, error) {
	var readErr error
	for attempt := 1; attempt <= smallAttempts; attempt++ {
		resp, err := r.client.Do(ctx, req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, checksum.MaxFile+1))
		resp.Body.Close()
		if err == nil {
			return body, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		readErr = err
		if attempt == smallAttempts {
			break
		}
		wait := kestra.Backoff(attempt)
		if req.OnRetry != nil {
			req.OnRetry(kestra.RetryEvent{Method: req.Method, Path: req.Path, Reason: "connection lost: " + err.Error(), Wait: wait, Attempt: attempt + 1, MaxAttempts: smallAttempts})
		}
		if err := r.wait(ctx, wait); err != nil {
			return nil, err
		}
	}
	return nil, &cutError{attempts: smallAttempts, err: readErr}
}

// cutError says every answer for a small file was cut short.
type cutError struct {
	attempts int
	err      error
}

func (e *cutError) Error() string {
	return fmt.Sprintf("the connection was lost %d times while reading it: %v", e.attempts, e.err)
}

func (e *cutError) Unwrap() error { return e.err }

func (r *Repository) wait(ctx context.Context, d time.Duration) error {
	if r.sleep != nil {
		return r.sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Body is a JAR download.
type Body struct {
	io.ReadCloser
	// Offset is where the body starts in the file: the offset asked for
	// when the server honoured the range (206), else 0.
	Offset int64
	// Size is the full size of the file (-1 when unknown).
	Size int64
}

// ErrRangeNotSatisfiable says the offset asked for is at or beyond the end
// of the file.
var ErrRangeNotSatisfiable = errors.New("range not satisfiable")

// Open starts downloading the JAR from offset (0: the whole file). The
// response body is streamed: the caller bounds reads (ctx, idle watchdog).
func (r *Repository) Open(ctx context.Context, c coord.Coordinate, offset int64) (*Body, error) {
	req := r.request(c, "jar", c.MavenPath())
	req.Stream = true
	if offset > 0 {
		req.Header = http.Header{"Range": {"bytes=" + strconv.FormatInt(offset, 10) + "-"}}
	}
	resp, err := r.client.Do(ctx, req)
	if err != nil {
		if kestra.IsStatus(err, http.StatusRequestedRangeNotSatisfiable) {
			return nil, ErrRangeNotSatisfiable
		}
		return nil, r.wrap(err, "download "+c.String())
	}
	b := &Body{ReadCloser: resp.Body, Size: resp.ContentLength}
	if resp.StatusCode == http.StatusPartialContent {
		start, size, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if !ok || start != offset {
			resp.Body.Close()
			return nil, fmt.Errorf("download %s: the repository answered an unusable range %q", c, resp.Header.Get("Content-Range"))
		}
		b.Offset, b.Size = start, size
	}
	return b, nil
}

// parseContentRange reads "bytes start-end/size" (size may be *).
func parseContentRange(v string) (start, size int64, ok bool) {
	rest, found := strings.CutPrefix(v, "bytes ")
	if !found {
		return 0, 0, false
	}
	rng, total, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, false
	}
	s, e, found := strings.Cut(rng, "-")
	if !found {
		return 0, 0, false
	}
	var err error
	if start, err = strconv.ParseInt(s, 10, 64); err != nil || start < 0 {
		return 0, 0, false
	}
	end, err := strconv.ParseInt(e, 10, 64)
	if err != nil || end < start {
		return 0, 0, false
	}
	if total == "*" {
		return start, -1, true
	}
	if size, err = strconv.ParseInt(total, 10, 64); err != nil || size <= end {
		return 0, 0, false
	}
	return start, size, true
}

// IsRateLimited reports whether err is a 429 the retries did not get past.
func IsRateLimited(err error) bool { return kestra.IsStatus(err, http.StatusTooManyRequests) }

// wrap words repository failures for people: which artifact, what the
// status means, how to fix it. The original error stays in the chain.
func (r *Repository) wrap(err error, what string) error {
	var apiErr *kestra.APIError
	var netErr *kestra.NetworkError
	switch {
	case errors.As(err, &apiErr):
		e := &cmderr.Error{Code: apiErr.ErrorCode(), Err: err}
		switch apiErr.Status {
		case http.StatusNotFound:
			e.Message = fmt.Sprintf("artifact not found at %s (HTTP 404): check that the groupId, artifactId and version exist on the repository", r.client.BaseURL()+apiErr.Path)
		case http.StatusUnauthorized, http.StatusForbidden:
			e.Message = fmt.Sprintf("%s: the repository refused access (HTTP %d)", what, apiErr.Status)
			e.Hint = "pass --maven-username and --maven-password (or KESTRACTL_MAVEN_PASSWORD), or --header 'Authorization:Bearer <token>'"
		case http.StatusTooManyRequests:
			e.Message = fmt.Sprintf("%s: the repository is rate limiting (HTTP 429) and the retries did not get past it", what)
		default:
			e.Message = fmt.Sprintf("%s: repository returned HTTP %d", what, apiErr.Status)
		}
		return e
	case errors.As(err, &netErr):
		reason := netErr.Reason
		return &cmderr.Error{Code: netErr.ErrorCode(), Err: err, Message: fmt.Sprintf("%s: cannot reach the Maven repository at %s: %s", what, r.client.BaseURL(), reason)}
	}
	return fmt.Errorf("%s: %w", what, err)
}
