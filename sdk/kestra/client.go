package kestra

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Client talks to one Kestra server for one tenant. It is safe for
// concurrent use.
type Client struct {
	base        *url.URL
	tenant      string
	headers     http.Header
	http        *http.Client
	timeout     time.Duration
	maxAttempts int
	userAgent   string
	source      CredentialSource
	trace       func(string)
	sleep       func(ctx context.Context, d time.Duration) error

	// maxJSON bounds a JSON answer read whole (0: maxJSONBody).
	maxJSON int64

	infoOnce sync.Once
	info     ServerInfo

	credMu   sync.Mutex
	creds    *Credentials
	refreshd bool
}

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		return nil, errors.New("no Kestra host configured: set --host, KESTRACTL_HOST or a context")
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || base.Host == "" || (base.Scheme != "http" && base.Scheme != "https") {
		return nil, fmt.Errorf("invalid Kestra host %q: use a URL such as https://kestra.example.com", cfg.BaseURL)
	}
	transport := cfg.Transport
	if transport == nil {
		transport, err = newTransport(cfg)
		if err != nil {
			return nil, err
		}
	}
	c := &Client{
		base:        base,
		tenant:      cfg.Tenant,
		headers:     cfg.Headers.Clone(),
		http:        &http.Client{Transport: transport, CheckRedirect: checkRedirect},
		timeout:     cfg.Timeout,
		maxAttempts: cfg.MaxAttempts,
		userAgent:   cfg.UserAgent,
		source:      cfg.Credentials,
		trace:       cfg.Trace,
		sleep:       cfg.Sleep,
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.maxAttempts <= 0 {
		c.maxAttempts = DefaultMaxAttempts
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.headers == nil {
		c.headers = http.Header{}
	}
	return c, nil
}

// newTransport clones the default transport (keeping HTTPS_PROXY/NO_PROXY
// support) with the configured TLS settings and a connect timeout.
func newTransport(cfg Config) (*http.Transport, error) {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.MaxIdleConnsPerHost = 32
	if len(cfg.CAPEM) > 0 || cfg.Insecure {
		tc := &tls.Config{MinVersion: tls.VersionTLS12}
		if len(cfg.CAPEM) > 0 {
			pool, err := x509.SystemCertPool()
			if err != nil || pool == nil {
				pool = x509.NewCertPool()
			}
			if !pool.AppendCertsFromPEM(cfg.CAPEM) {
				return nil, errors.New("the CA certificate file holds no PEM certificate")
			}
			tc.RootCAs = pool
		}
		tc.InsecureSkipVerify = cfg.Insecure //nolint:gosec // explicit user choice (--insecure-skip-tls-verify)
		t.TLSClientConfig = tc
	}
	return t, nil
}

// maxRedirects bounds the redirects one request follows.
const maxRedirects = 10

// safeOnRedirect are the headers kept when a redirect leads to another
// host; every other one (credentials, --header values such as a gateway
// key) stays with the host it was meant for. Go itself drops only
// Authorization, Cookie and WWW-Authenticate.
var safeOnRedirect = map[string]bool{"Accept": true, "Accept-Encoding": true, "User-Agent": true, "Content-Type": true}

// checkRedirect follows a redirect, dropping the user's headers when it
// leads to another host (or from https to http).
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	first := via[0].URL
	if req.URL.Host != first.Host || first.Scheme == "https" && req.URL.Scheme != "https" {
		for k := range req.Header {
			if !safeOnRedirect[k] {
				req.Header.Del(k)
			}
		}
	}
	return nil
}

// BaseURL is the server's base URL.
func (c *Client) BaseURL() string { return c.base.String() }

// Timeout is the per-request timeout.
func (c *Client) Timeout() time.Duration { return c.timeout }

// Tenant is the tenant of tenant-scoped paths.
func (c *Client) Tenant() string { return c.tenant }

// TenantPath returns /api/v1/{tenant}/seg1/seg2..., each segment escaped.
func (c *Client) TenantPath(segments ...string) string {
	return APIPath(append([]string{c.tenant}, segments...)...)
}

// APIPath returns /api/v1/seg1/seg2..., each segment escaped (for
// instance-level routes such as /api/v1/configs).
func APIPath(segments ...string) string {
	var b strings.Builder
	b.WriteString("/api/v1")
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// Request is one API call.
type Request struct {
	Method string
	// Path is an escaped absolute path (see TenantPath), or a full URL.
	Path   string
	Query  url.Values
	Header http.Header
	// Body is the request body. Give GetBody too when it can be replayed;
	// a body that cannot be replayed is never retried.
	Body        io.Reader
	GetBody     func() (io.Reader, error)
	ContentType string
	// Idempotent marks a POST as safe to repeat. GET, HEAD, PUT, DELETE and
	// OPTIONS always are.
	Idempotent bool
	// Stream says the response body is long-lived (event streams,
	// downloads): the timeout applies until the response headers arrive.
	Stream bool
	// Accept is the Accept header (default application/json).
	Accept string
	// Anonymous sends no credentials.
	Anonymous bool
	// Timeout overrides the client's timeout for this request; negative
	// means none (the caller bounds it through ctx, e.g. an idle watchdog
	// for a large upload).
	Timeout time.Duration
	// OnRetry, when set, is told about each retry before the client waits
	// (e.g. to show "rate limited, retrying in 20s"). It must not block.
	OnRetry func(RetryEvent)
}

// JSONBody sets a replayable JSON body.
func (r *Request) JSONBody(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode request body: %w", err)
	}
	r.SetBody(b, "application/json")
	return nil
}

// SetBody sets a replayable body.
func (r *Request) SetBody(b []byte, contentType string) {
	r.Body = bytes.NewReader(b)
	r.GetBody = func() (io.Reader, error) { return bytes.NewReader(b), nil }
	r.ContentType = contentType
}

// Do sends req and returns a 2xx response whose body the caller must close.
// Other answers are returned as *APIError, transport failures as
// *NetworkError. Retryable failures are retried with backoff (see retry.go).
// A failure while the caller reads the body is not retried: use Call to
// read a whole answer within the retry loop.
func (c *Client) Do(ctx context.Context, req *Request) (*http.Response, error) {
	return c.do(ctx, req, nil)
}

// Call sends req and hands a 2xx response to read, which must consume the
// body. A connection dropped while read runs is retried like any other
// transport failure, when the request is safe to repeat.
func (c *Client) Call(ctx context.Context, req *Request, read func(*http.Response) error) error {
	_, err := c.do(ctx, req, read)
	return err
}

func (c *Client) do(ctx context.Context, req *Request, read func(*http.Response) error) (*http.Response, error) {
	target, err := c.url(req)
	if err != nil {
		return nil, err
	}
	retryable := isIdempotent(req)
	canReplay := req.Body == nil || req.GetBody != nil
	refreshed := false
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		body := req.Body
		if attempt > 1 && req.GetBody != nil {
			if body, err = req.GetBody(); err != nil {
				return nil, fmt.Errorf("replay request body: %w", err)
			}
		}
		resp, cancel, err := c.attempt(ctx, req, target, body)
		if err == nil && resp.StatusCode/100 == 2 {
			if isHTML(resp) && !strings.Contains(req.accept(), "html") && req.accept() != "*/*" {
				cancel()
				resp.Body.Close()
				return nil, &APIError{Method: req.Method, Path: req.Path, Status: resp.StatusCode, HTML: true}
			}
			resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
			if read == nil {
				return resp, nil
			}
			rerr := read(resp)
			resp.Body.Close()
			if rerr == nil {
				return resp, nil
			}
			var readErr *bodyReadError
			if !errors.As(rerr, &readErr) {
				return nil, rerr
			}
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			err = classifyTransport(c.base.String(), fmt.Errorf("read the answer of %s %s: %w", req.Method, req.Path, readErr.err))
			if attempt >= c.maxAttempts || !canReplay || !shouldRetry(req.Method, retryable, nil, readErr.err) {
				return nil, err
			}
			wait := backoff(attempt, 0)
			c.tracef("! %s %s: %s; retrying in %s (attempt %d/%d)", req.Method, req.Path, retryReason(nil, err), wait.Round(time.Millisecond), attempt+1, c.maxAttempts)
			if err := c.sleep(ctx, wait); err != nil {
				return nil, err
			}
			continue
		}
		var apiErr *APIError
		var retryAfter time.Duration
		if err == nil {
			retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"))
			apiErr = readAPIError(req, resp)
			cancel()
			err = apiErr
		} else {
			cancel()
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if isTimeout(err) {
				err = classifyTransport(c.base.String(), err)
				return nil, err
			}
			err = classifyTransport(c.base.String(), err)
		}
		if apiErr != nil && apiErr.Status == http.StatusUnauthorized && !refreshed && c.source != nil && canReplay {
			refreshed = true
			if changed, rerr := c.refreshCredentials(ctx); rerr == nil && changed {
				attempt-- // a refresh is not a retry
				continue
			}
		}
		if attempt >= c.maxAttempts || !canReplay || !shouldRetry(req.Method, retryable, apiErr, err) {
			if attempt > 1 {
				c.tracef("! giving up on %s %s after %d attempt(s)", req.Method, req.Path, attempt)
			}
			return nil, err
		}
		wait := backoff(attempt, retryAfter)
		if req.OnRetry != nil {
			ev := RetryEvent{Method: req.Method, Path: req.Path, Reason: retryReason(apiErr, err), Wait: wait, Attempt: attempt + 1, MaxAttempts: c.maxAttempts}
			if apiErr != nil {
				ev.Status = apiErr.Status
			}
			req.OnRetry(ev)
		}
		c.tracef("! %s %s: %s; retrying in %s (attempt %d/%d)", req.Method, req.Path, retryReason(apiErr, err), wait.Round(time.Millisecond), attempt+1, c.maxAttempts)
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

func (r *Request) accept() string {
	if r.Accept != "" {
		return r.Accept
	}
	return "application/json"
}

// attempt sends one HTTP request. cancel releases its timeout; it must be
// called once the response body is done with.
func (c *Client) attempt(ctx context.Context, req *Request, target string, body io.Reader) (*http.Response, context.CancelFunc, error) {
	var actx context.Context
	var cancel context.CancelFunc
	var timer *time.Timer
	timeout := c.timeout
	if req.Timeout != 0 {
		timeout = req.Timeout
	}
	switch {
	case timeout < 0:
		actx, cancel = context.WithCancel(ctx)
	case req.Stream:
		actx, cancel = context.WithCancel(ctx)
		timer = time.AfterFunc(timeout, cancel)
	default:
		actx, cancel = context.WithTimeout(ctx, timeout)
	}
	hreq, err := http.NewRequestWithContext(actx, req.Method, target, body)
	if err != nil {
		cancel()
		return nil, func() {}, fmt.Errorf("build request: %w", err)
	}
	if body == nil {
		hreq.Body = nil
		hreq.ContentLength = 0
	} else if hreq.ContentLength == 0 {
		hreq.ContentLength = -1
		if _, ok := body.(interface{ Len() int }); ok {
			hreq.ContentLength = int64(body.(interface{ Len() int }).Len())
		}
	}
	for k, v := range c.headers {
		hreq.Header[k] = append([]string(nil), v...)
	}
	for k, v := range req.Header {
		hreq.Header[k] = append([]string(nil), v...)
	}
	hreq.Header.Set("Accept", req.accept())
	if req.ContentType != "" {
		hreq.Header.Set("Content-Type", req.ContentType)
	}
	if c.userAgent != "" {
		hreq.Header.Set("User-Agent", c.userAgent)
	}
	if !req.Anonymous {
		if err := c.authenticate(ctx, hreq); err != nil {
			cancel()
			return nil, func() {}, err
		}
	}
	c.traceRequest(hreq)
	start := time.Now()
	resp, err := c.http.Do(hreq)
	if timer != nil {
		timer.Stop()
	}
	if err != nil {
		c.tracef("! %s %s: %v", req.Method, redactURL(hreq.URL), err)
		return nil, cancel, err
	}
	c.traceResponse(resp, time.Since(start))
	return resp, cancel, nil
}

func (c *Client) url(req *Request) (string, error) {
	if strings.HasPrefix(req.Path, "http://") || strings.HasPrefix(req.Path, "https://") {
		u, err := url.Parse(req.Path)
		if err != nil {
			return "", fmt.Errorf("invalid URL %q: %w", req.Path, err)
		}
		if len(req.Query) > 0 {
			u.RawQuery = req.Query.Encode()
		}
		return u.String(), nil
	}
	if !strings.HasPrefix(req.Path, "/") {
		return "", fmt.Errorf("request path %q must start with /", req.Path)
	}
	s := c.base.String() + req.Path
	if len(req.Query) > 0 {
		s += "?" + req.Query.Encode()
	}
	return s, nil
}

// authenticate sets the Authorization header (and any credential-bearing
// extra header) from the credential source.
func (c *Client) authenticate(ctx context.Context, hreq *http.Request) error {
	if c.source == nil {
		return nil
	}
	creds, err := c.credentials(ctx)
	if err != nil {
		return err
	}
	if creds.AuthError != "" {
		return cmderr.New(cmderr.Unauthenticated, "%s", creds.AuthError)
	}
	switch {
	case creds.Token != "":
		hreq.Header.Set("Authorization", "Bearer "+creds.Token)
	case creds.Username != "" || creds.Password != "":
		hreq.SetBasicAuth(creds.Username, creds.Password)
	}
	// An explicit credential header (--header Authorization:...) wins.
	for _, h := range creds.Headers {
		hreq.Header.Set(h.Name, h.Value)
	}
	return nil
}

func (c *Client) credentials(ctx context.Context) (Credentials, error) {
	c.credMu.Lock()
	defer c.credMu.Unlock()
	if c.creds != nil {
		return *c.creds, nil
	}
	cr, err := c.source.Credentials(ctx, false)
	if err != nil {
		return Credentials{}, err
	}
	c.creds = &cr
	return cr, nil
}

// refreshCredentials asks the source again after a 401 and reports whether
// anything changed (only then is the request worth repeating).
func (c *Client) refreshCredentials(ctx context.Context) (bool, error) {
	c.credMu.Lock()
	defer c.credMu.Unlock()
	if c.refreshd {
		return false, nil
	}
	c.refreshd = true
	cr, err := c.source.Credentials(ctx, true)
	if err != nil {
		return false, err
	}
	changed := c.creds == nil || !sameCredentials(*c.creds, cr)
	c.creds = &cr
	return changed, nil
}

func sameCredentials(a, b Credentials) bool {
	if a.Token != b.Token || a.Username != b.Username || a.Password != b.Password || len(a.Headers) != len(b.Headers) {
		return false
	}
	for i := range a.Headers {
		if a.Headers[i] != b.Headers[i] {
			return false
		}
	}
	return true
}

func isHTML(resp *http.Response) bool {
	return strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "text/html")
}

func readAPIError(req *Request, resp *http.Response) *APIError {
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := decodeAPIError(req.Method, req.Path, resp.StatusCode, resp.Header.Get("Content-Type"), b)
	e.Header, e.Body = resp.Header.Clone(), b
	return e
}

// bodyReadError marks a transport failure while reading a response body.
type bodyReadError struct{ err error }

// ReadError marks err, returned by a Call read function, as a failure to
// read the answer (a dropped connection): Call then repeats the request
// when that is safe, as for any other transport failure.
func ReadError(err error) error {
	if err == nil {
		return nil
	}
	return &bodyReadError{err}
}

func (e *bodyReadError) Error() string { return e.err.Error() }
func (e *bodyReadError) Unwrap() error { return e.err }

// cancelBody releases the request's timeout when the body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
	once   sync.Once
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.cancel)
	return err
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (c *Client) tracef(format string, args ...any) {
	if c.trace != nil {
		c.trace(fmt.Sprintf(format, args...))
	}
}
