package settings

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// ParseHeader parses one Key:Value header (split at the first colon, both
// sides trimmed).
func ParseHeader(s string) (kestra.Header, error) {
	k, v, ok := strings.Cut(s, ":")
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	if !ok || k == "" || !validToken(k) {
		return kestra.Header{}, fmt.Errorf("invalid header %q: expected Key:Value, e.g. --header 'X-Team:data'", s)
	}
	if strings.ContainsAny(v, "\r\n\x00") {
		return kestra.Header{}, fmt.Errorf("invalid header %q: the value holds a line break", k)
	}
	return kestra.Header{Name: http.CanonicalHeaderKey(k), Value: v}, nil
}

// resolveHeaders merges context headers with --header flags: a flag header
// replaces a context header of the same name.
func resolveHeaders(fromContext, fromEnv, fromFlags []string) ([]kestra.Header, error) {
	var out []kestra.Header
	index := map[string]int{}
	add := func(list []string) error {
		for _, raw := range list {
			h, err := ParseHeader(raw)
			if err != nil {
				return err
			}
			if i, ok := index[h.Name]; ok {
				out[i] = h
				continue
			}
			index[h.Name] = len(out)
			out = append(out, h)
		}
		return nil
	}
	if err := add(fromContext); err != nil {
		return nil, fmt.Errorf("context headers: %w", err)
	}
	if err := add(fromEnv); err != nil {
		return nil, fmt.Errorf("%s: %w", EnvHeader, err)
	}
	if err := add(fromFlags); err != nil {
		return nil, err
	}
	return out, nil
}

// validToken reports whether s is an RFC 7230 header name.
func validToken(s string) bool {
	for _, r := range s {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune("()<>@,;:\\\"/[]?={}", r) {
			return false
		}
	}
	return true
}

// EnvHeader holds extra headers, as the public kestractl reads them:
// "Key:Value" entries separated by newlines, or by commas when on one line.
const EnvHeader = "KESTRACTL_HEADER"

// splitEnvHeaders reads KESTRACTL_HEADER.
func splitEnvHeaders(v string) []string {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	sep := ","
	if strings.Contains(v, "\n") {
		sep = "\n"
	}
	var out []string
	for _, h := range strings.Split(v, sep) {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, h)
		}
	}
	return out
}
