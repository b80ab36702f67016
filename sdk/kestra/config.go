// Package kestra is the typed HTTP client for the Kestra API that every
// kestractl plugin uses: base URL and tenant paths, Bearer or Basic auth
// from the core, extra headers, JSON and API-error decoding, pagination,
// per-request timeouts and safe retries.
package kestra

import (
	"context"
	"net/http"
	"time"
)

// Defaults.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultMaxAttempts = 5
	// MaxRetryAfter caps how long a Retry-After header can make us wait.
	MaxRetryAfter = 30 * time.Second
)

// Credentials are what the client authenticates with. A token wins over a
// username and password; with neither, requests go out anonymously.
type Credentials struct {
	Token    string
	Username string
	Password string
	// Headers that carry a credential (from --header), sent on every request.
	Headers []Header
	// AuthError, when set, says why the configured authentication is
	// unusable; requests then fail with it instead of going out.
	AuthError string
}

// Header is one HTTP header.
type Header struct {
	Name  string
	Value string
}

// CredentialSource gives the client its credentials when it first needs
// them, and again with refresh=true after a 401.
type CredentialSource interface {
	Credentials(ctx context.Context, refresh bool) (Credentials, error)
}

// StaticCredentials is a CredentialSource with fixed credentials.
type StaticCredentials Credentials

// Credentials returns c.
func (c StaticCredentials) Credentials(context.Context, bool) (Credentials, error) {
	return Credentials(c), nil
}

// Config configures a Client.
type Config struct {
	// BaseURL of the Kestra server, e.g. https://kestra.example.com.
	BaseURL string
	// Tenant used in /api/v1/{tenant}/... paths.
	Tenant string
	// Headers sent on every request (no credentials).
	Headers http.Header
	// CAPEM is a PEM bundle of extra trusted CAs.
	CAPEM []byte
	// Insecure skips TLS certificate verification.
	Insecure bool
	// Timeout bounds each request (0: DefaultTimeout). Streaming requests
	// are bounded until their response headers arrive.
	Timeout time.Duration
	// MaxAttempts bounds attempts of retryable requests (0: DefaultMaxAttempts).
	MaxAttempts int
	// UserAgent of the requests.
	UserAgent string
	// Credentials source; nil means anonymous.
	Credentials CredentialSource
	// Trace, when set, receives one line per request, response, retry and
	// transport error, with every credential masked.
	Trace func(string)
	// Transport overrides the HTTP transport (tests).
	Transport http.RoundTripper
	// Sleep overrides how the client waits between attempts (tests).
	Sleep func(ctx context.Context, d time.Duration) error
}
