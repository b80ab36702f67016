// Package faults injects failures into matching requests: error statuses
// (429 with Retry-After), latency and dropped connections.
package faults

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Spec is a parsed --faults value, for example
// "rate=0.1,codes=500+503+429,retry-after=1,latency=20ms,drop=0.02,paths=/api/v1/".
type Spec struct {
	// Rate is the share of matching requests answered with one of Codes
	// before the handler runs (so nothing is changed).
	Rate float64
	// Codes are the injected statuses (default 503).
	Codes []int
	// RetryAfter is the Retry-After value, in seconds, sent with 429 and 503.
	RetryAfter int
	// Latency delays every matching request.
	Latency time.Duration
	// Drop is the share of matching requests whose connection is dropped
	// mid-response, after the handler has applied the request.
	Drop float64
	// Paths are the path prefixes faults apply to (default "/": all).
	Paths []string
	// Methods, when set, restrict faults to these HTTP methods.
	Methods []string
	// Seed makes the random draws reproducible (0: seeded from the clock).
	Seed uint64
}

// Parse reads a --faults value: comma-separated key=value pairs; lists use '+'.
func Parse(s string) (*Spec, error) {
	spec := &Spec{RetryAfter: 1}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("empty fault spec")
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		key, value, ok := strings.Cut(part, "=")
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		if !ok || key == "" || value == "" {
			return nil, fmt.Errorf("fault %q: want key=value", part)
		}
		if seen[key] {
			return nil, fmt.Errorf("fault %q given twice", key)
		}
		seen[key] = true
		var err error
		switch key {
		case "rate":
			spec.Rate, err = parseShare(value)
		case "drop":
			spec.Drop, err = parseShare(value)
		case "codes":
			spec.Codes, err = parseCodes(value)
		case "retry-after":
			spec.RetryAfter, err = strconv.Atoi(value)
			if err == nil && (spec.RetryAfter < 0 || spec.RetryAfter > 86400) {
				err = fmt.Errorf("want 0..86400 seconds")
			}
		case "latency":
			spec.Latency, err = time.ParseDuration(value)
			if err == nil && (spec.Latency < 0 || spec.Latency > time.Hour) {
				err = fmt.Errorf("want a duration between 0 and 1h")
			}
		case "paths":
			spec.Paths, err = parsePaths(value)
		case "methods":
			spec.Methods, err = parseMethods(value)
		case "seed":
			spec.Seed, err = strconv.ParseUint(value, 10, 64)
		default:
			return nil, fmt.Errorf("unknown fault %q (known: rate, codes, retry-after, latency, drop, paths, methods, seed)", key)
		}
		if err != nil {
			return nil, fmt.Errorf("fault %s=%s: %w", key, value, err)
		}
	}
	if spec.Rate+spec.Drop > 1 {
		return nil, fmt.Errorf("rate + drop must not exceed 1 (got %g)", spec.Rate+spec.Drop)
	}
	if len(spec.Codes) == 0 {
		spec.Codes = []int{503}
	}
	if len(spec.Paths) == 0 {
		spec.Paths = []string{"/"}
	}
	return spec, nil
}

func parseShare(v string) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > 1 || f != f {
		return 0, fmt.Errorf("want a share between 0 and 1")
	}
	return f, nil
}

func parseCodes(v string) ([]int, error) {
	var codes []int
	for _, c := range strings.Split(v, "+") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 400 || n > 599 {
			return nil, fmt.Errorf("status %q: want an HTTP error status 400..599", c)
		}
		if !slices.Contains(codes, n) {
			codes = append(codes, n)
		}
	}
	return codes, nil
}

func parsePaths(v string) ([]string, error) {
	var paths []string
	for _, p := range strings.Split(v, "+") {
		p = strings.TrimSpace(p)
		if !strings.HasPrefix(p, "/") {
			return nil, fmt.Errorf("path prefix %q must start with /", p)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

func parseMethods(v string) ([]string, error) {
	var methods []string
	for _, m := range strings.Split(v, "+") {
		m = strings.ToUpper(strings.TrimSpace(m))
		switch m {
		case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE":
			if !slices.Contains(methods, m) {
				methods = append(methods, m)
			}
		default:
			return nil, fmt.Errorf("unknown HTTP method %q", m)
		}
	}
	return methods, nil
}

// String renders the spec in the form Parse reads.
func (s *Spec) String() string {
	codes := make([]string, len(s.Codes))
	for i, c := range s.Codes {
		codes[i] = strconv.Itoa(c)
	}
	out := fmt.Sprintf("rate=%s,codes=%s,retry-after=%d,latency=%s,drop=%s,paths=%s",
		strconv.FormatFloat(s.Rate, 'g', -1, 64), strings.Join(codes, "+"), s.RetryAfter,
		s.Latency, strconv.FormatFloat(s.Drop, 'g', -1, 64), strings.Join(s.Paths, "+"))
	if len(s.Methods) > 0 {
		out += ",methods=" + strings.Join(s.Methods, "+")
	}
	if s.Seed != 0 {
		out += ",seed=" + strconv.FormatUint(s.Seed, 10)
	}
	return out
}

// Matches reports whether faults apply to a request.
func (s *Spec) Matches(method, path string) bool {
	if len(s.Methods) > 0 && !slices.Contains(s.Methods, method) {
		return false
	}
	for _, p := range s.Paths {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
