// Package rest holds the HTTP plumbing shared by every area of the simulator:
// Kestra-shaped JSON errors, JSON encoding, pagination, query filters and the
// route registry.
package rest

import (
	"errors"
	"fmt"
	"net/http"
)

// Violation is one entry of the "_embedded.errors" list Kestra attaches to
// constraint-violation (422) responses.
type Violation struct {
	Message string `json:"message"`
	Path    string `json:"path,omitempty"`
}

// Error is an HTTP error with a Kestra-shaped body.
type Error struct {
	Status     int
	Message    string
	Violations []Violation
	// Header holds extra response headers (for example Retry-After).
	Header http.Header
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Message) }

// Errorf builds an *Error with the given status.
func Errorf(status int, format string, args ...any) *Error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}

// BadRequest is a malformed request (400).
func BadRequest(format string, args ...any) *Error {
	return Errorf(http.StatusBadRequest, format, args...)
}

// NotFound is a missing resource (404).
func NotFound(format string, args ...any) *Error {
	return Errorf(http.StatusNotFound, format, args...)
}

// Conflict is a state conflict (409).
func Conflict(format string, args ...any) *Error {
	return Errorf(http.StatusConflict, format, args...)
}

// Forbidden is an authorization failure (403).
func Forbidden(format string, args ...any) *Error {
	return Errorf(http.StatusForbidden, format, args...)
}

// Unauthorized is an authentication failure (401).
func Unauthorized(format string, args ...any) *Error {
	return Errorf(http.StatusUnauthorized, format, args...)
}

// Invalid is a constraint violation (422), the status Kestra answers when an
// entity (a flow source, execution inputs, ...) does not validate. The message
// follows Kestra's "Invalid entity: path: message" form.
func Invalid(violations ...Violation) *Error {
	msg := "Invalid entity:"
	for i, v := range violations {
		if i > 0 {
			msg += ","
		}
		if v.Path != "" {
			msg += " " + v.Path + ": " + v.Message
		} else {
			msg += " " + v.Message
		}
	}
	return &Error{Status: http.StatusUnprocessableEntity, Message: msg, Violations: violations}
}

// AsError converts any error into an *Error; errors that are not *Error
// become 500s.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Errorf(http.StatusInternalServerError, "Internal Server Error: %v", err)
}

type link struct {
	Href      string `json:"href"`
	Templated bool   `json:"templated"`
}

type errorBody struct {
	Message  string          `json:"message"`
	Links    map[string]link `json:"_links,omitempty"`
	Embedded *embedded       `json:"_embedded,omitempty"`
}

type embedded struct {
	Errors []Violation `json:"errors"`
}

// WriteError writes err as a Kestra/Micronaut style JSON error:
// {"message": "...", "_links": {"self": {...}}, "_embedded": {"errors": [...]}}.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	e := AsError(err)
	body := errorBody{Message: e.Message}
	if r != nil && r.URL != nil {
		body.Links = map[string]link{"self": {Href: r.URL.RequestURI()}}
	}
	if len(e.Violations) > 0 {
		body.Embedded = &embedded{Errors: e.Violations}
	}
	for k, vs := range e.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	WriteJSON(w, e.Status, body)
}
