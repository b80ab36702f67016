// Package params reads the query parameters and bodies the content areas
// share (booleans, integers, paging with sort, YAML sources) with Kestra's
// "Failed to convert argument" errors, and builds the base URL links point
// at.
package params

import (
	"net/http"
	"strconv"

	"github.com/kestractl/kestractl/kestrasim/content/source"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Bool reads a boolean query parameter.
func Bool(r *http.Request, name string, def bool) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, rest.BadRequest("Failed to convert argument [%s] for value [%s]", name, v)
	}
	return b, nil
}

// Int reads an integer query parameter (0 when absent) that must be >= min.
func Int(r *http.Request, name string, min int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min {
		return 0, rest.BadRequest("Failed to convert argument [%s] for value [%s]", name, v)
	}
	return n, nil
}

// Source reads a YAML source body.
func Source(r *http.Request) ([]byte, error) {
	src, err := rest.ReadBody(r, source.MaxSize)
	if err != nil {
		return nil, err
	}
	if len(src) == 0 {
		return nil, rest.BadRequest("Required Body is not specified")
	}
	return src, nil
}

// BaseURL is the scheme and host the request reached.
func BaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
