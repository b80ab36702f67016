package kestra

import (
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Retry policy. A request is repeated only when repeating it is safe:
//   - GET, HEAD, PUT, DELETE and OPTIONS (idempotent by definition) and
//     requests marked Idempotent, on 429, 502, 503, 504 and on a connection
//     reset or dropped before the answer was complete;
//   - any other request (a plain POST that may have been applied, such as
//     triggering an execution) only on 429, which says the server did not
//     process it.
//
// Waits grow exponentially with jitter; a Retry-After header is honoured up
// to MaxRetryAfter.

const (
	backoffBase = 200 * time.Millisecond
	backoffMax  = 5 * time.Second
)

func isIdempotent(req *Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return req.Idempotent
}

func shouldRetry(method string, idempotent bool, apiErr *APIError, err error) bool {
	if apiErr != nil {
		switch apiErr.Status {
		case http.StatusTooManyRequests:
			return true
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return idempotent && !apiErr.HTML
		}
		return false
	}
	if !idempotent {
		return false
	}
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || errors.Is(err, syscall.EPIPE)
}

func retryReason(apiErr *APIError, err error) string {
	if apiErr != nil {
		return strconv.Itoa(apiErr.Status) + " " + http.StatusText(apiErr.Status)
	}
	var ne *NetworkError
	if errors.As(err, &ne) {
		return ne.Reason
	}
	return err.Error()
}

// backoff returns the wait before attempt+1: Retry-After when the server
// gave one (capped), else exponential with jitter.
func backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, MaxRetryAfter)
	}
	d := backoffBase << (attempt - 1)
	if d > backoffMax || d <= 0 {
		d = backoffMax
	}
	// Equal jitter: half fixed, half random.
	return d/2 + rand.N(d/2+1)
}

// Backoff is the wait before the attempt after failed attempt number
// attempt (1 for the first): the client's own policy, exponential from
// 200 ms up to 5 s with equal jitter. It is for callers that repeat work
// the client cannot repeat for them, such as resuming a download at a new
// offset.
func Backoff(attempt int) time.Duration { return backoff(max(attempt, 1), 0) }

// parseRetryAfter reads delay-seconds or an HTTP date.
func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if isDigits(v) {
		s, err := strconv.Atoi(v)
		if err != nil || s > int(MaxRetryAfter/time.Second) {
			// Out of range: as long as allowed, never "no wait".
			return MaxRetryAfter
		}
		return time.Duration(s) * time.Second
	}
	if strings.HasPrefix(v, "-") && isDigits(v[1:]) {
		return 0
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// RetryEvent describes a retry the client is about to make (see
// Request.OnRetry).
type RetryEvent struct {
	Method string
	// Path is the request's Path as given (a path or a full URL).
	Path string
	// Status is the HTTP status that caused the retry (0 for a transport
	// failure such as a dropped connection).
	Status int
	// Reason is a short text: "429 Too Many Requests", "connection reset".
	Reason string
	// Wait is how long the client waits before the next attempt
	// (Retry-After when the server sent one, capped at MaxRetryAfter).
	Wait time.Duration
	// Attempt is the number of the coming attempt (2 for the first retry).
	Attempt     int
	MaxAttempts int
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
