package kestra

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// IsSensitiveHeader reports whether a header may carry a credential; its
// value is never traced, logged or handed to a plugin in clear.
func IsSensitiveHeader(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "proxy-authorization", "cookie", "set-cookie":
		return true
	}
	for _, s := range []string{"token", "secret", "password", "passwd", "api-key", "apikey", "auth", "session", "credential", "signature"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	// A word ending in "key" (X-Access-Key, X-Gateway-Key, Ocp-Apim-Subscription-Key,
	// X-Accesskey): masking a harmless header costs nothing, showing a key does.
	for _, w := range strings.FieldsFunc(n, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		if strings.HasSuffix(w, "key") {
			return true
		}
	}
	return false
}

// Redacted is shown in place of a sensitive value.
const Redacted = "REDACTED"

func (c *Client) traceRequest(r *http.Request) {
	if c.trace == nil {
		return
	}
	c.trace(fmt.Sprintf("> %s %s", r.Method, redactURL(r.URL)))
	c.traceHeaders(">", r.Header)
}

func (c *Client) traceResponse(resp *http.Response, took time.Duration) {
	if c.trace == nil {
		return
	}
	size := "unknown size"
	if resp.ContentLength >= 0 {
		size = fmt.Sprintf("%d bytes", resp.ContentLength)
	}
	c.trace(fmt.Sprintf("< %s (%s, %s, %s)", resp.Status, took.Round(time.Millisecond), resp.Header.Get("Content-Type"), size))
	c.traceHeaders("<", resp.Header)
}

func (c *Client) traceHeaders(prefix string, h http.Header) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range h[k] {
			if IsSensitiveHeader(k) {
				v = Redacted
			}
			c.trace(fmt.Sprintf("%s %s: %s", prefix, k, v))
		}
	}
}

// redactURL hides user info and sensitive query parameters.
func redactURL(u *url.URL) string {
	c := *u
	if c.User != nil {
		c.User = url.User(Redacted)
	}
	q := c.Query()
	changed := false
	for k := range q {
		if IsSensitiveHeader(k) {
			q.Set(k, Redacted)
			changed = true
		}
	}
	if changed {
		c.RawQuery = q.Encode()
	}
	return c.String()
}
