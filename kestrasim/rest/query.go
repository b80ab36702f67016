package rest

import (
	"net/http"
	"strconv"
)

// QueryBool reads a boolean query parameter, def when it is absent; a
// value that is no boolean is Kestra's "Failed to convert argument" 400.
func QueryBool(r *http.Request, name string, def bool) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, BadRequest("Failed to convert argument [%s] for value [%s]", name, v)
	}
	return b, nil
}

// QueryInt reads an integer query parameter (0 when absent) that must be
// >= min.
func QueryInt(r *http.Request, name string, min int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min {
		return 0, BadRequest("Failed to convert argument [%s] for value [%s]", name, v)
	}
	return n, nil
}

// BaseURL is the scheme://host the client used to reach the server, which
// the links of responses (executions in the UI, invitations) start with.
func BaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
