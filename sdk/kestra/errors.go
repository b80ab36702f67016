package kestra

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// APIError is a non-2xx answer of the Kestra API (or a 2xx that is not the
// JSON it should be, such as a login page).
type APIError struct {
	Method string
	Path   string
	Status int
	// Message is the server's message, when it sent one.
	Message string
	// HTML is true when the server answered with an HTML page.
	HTML bool
	// Violations are validation details (constraint violations) when given.
	Violations []string
	// Header and Body are the answer's headers and (up to 64 KiB of) body,
	// for callers that show answers as they are (kestractl api -i).
	Header http.Header
	Body   []byte
}

func (e *APIError) Error() string {
	switch {
	case e.HTML && e.Status/100 == 2:
		return "the server answered with an HTML page instead of JSON (is the host the Kestra API, and are the credentials right?)"
	case e.HTML:
		return fmt.Sprintf("%s %s: HTTP %d with an HTML page instead of JSON (is the host the Kestra API?)", e.Method, e.Path, e.Status)
	case e.Message != "":
		return fmt.Sprintf("%s (HTTP %d)", e.Message, e.Status)
	}
	return fmt.Sprintf("%s %s: HTTP %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
}

// ErrorCode classifies the answer for the exit code.
func (e *APIError) ErrorCode() cmderr.Code {
	switch {
	case e.Status == http.StatusUnauthorized:
		return cmderr.Unauthenticated
	case e.Status == http.StatusForbidden:
		return cmderr.PermissionDenied
	case e.Status == http.StatusNotFound:
		return cmderr.NotFound
	case e.Status == http.StatusConflict:
		return cmderr.Conflict
	case e.Status == http.StatusTooManyRequests || e.Status >= 500 || e.HTML:
		return cmderr.Unavailable
	case e.Status == http.StatusRequestTimeout:
		return cmderr.Timeout
	}
	return cmderr.Generic
}

// IsStatus reports whether err is an APIError with one of the statuses.
func IsStatus(err error, statuses ...int) bool {
	var e *APIError
	if !errors.As(err, &e) {
		return false
	}
	for _, s := range statuses {
		if e.Status == s {
			return true
		}
	}
	return false
}

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool { return IsStatus(err, http.StatusNotFound) }

// WriteErrorCode is the exit code of a write the server refused: a
// resource it finds invalid (400, 422) is exit 1, as a validate command
// gives; any other error keeps its code.
func WriteErrorCode(err error) cmderr.Code {
	if IsStatus(err, http.StatusBadRequest, http.StatusUnprocessableEntity) {
		return cmderr.Generic
	}
	return cmderr.CodeOf(err)
}

// NotFoundAs rewords a 404 answer as a precise not-found error ("flow %q
// not found in namespace %q"); other errors are returned as they are.
func NotFoundAs(err error, format string, args ...any) error {
	if IsNotFound(err) {
		return cmderr.New(cmderr.NotFound, format, args...)
	}
	return err
}

// maxErrorBody bounds how much of an error body is read.
const maxErrorBody = 64 << 10

// decodeAPIError builds the APIError of a response whose body was read.
func decodeAPIError(method, path string, status int, contentType string, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, Status: status}
	trimmed := bytes.TrimSpace(body)
	if strings.Contains(contentType, "html") || bytes.HasPrefix(trimmed, []byte("<")) {
		e.HTML = true
		return e
	}
	var doc struct {
		Message  string `json:"message"`
		Error    string `json:"error"`
		Title    string `json:"title"`
		Detail   string `json:"detail"`
		Embedded struct {
			Errors []struct {
				Message string `json:"message"`
			} `json:"errors"`
		} `json:"_embedded"`
	}
	if json.Unmarshal(trimmed, &doc) == nil {
		switch {
		case doc.Message != "":
			e.Message = doc.Message
		case doc.Error != "":
			e.Message = doc.Error
		case doc.Title != "" && doc.Detail != "":
			e.Message = doc.Title + ": " + doc.Detail
		case doc.Title != "" || doc.Detail != "":
			e.Message = doc.Title + doc.Detail
		}
		for _, v := range doc.Embedded.Errors {
			if v.Message != "" && v.Message != e.Message {
				e.Violations = append(e.Violations, v.Message)
			}
		}
		return e
	}
	if len(trimmed) > 0 && len(trimmed) < 300 && !bytes.ContainsAny(trimmed, "\x00") {
		e.Message = string(trimmed)
	}
	return e
}

// NetworkError is a failure to talk to the server at all.
type NetworkError struct {
	URL    string
	Reason string
	Hint   string
	Err    error
}

func (e *NetworkError) Error() string {
	s := fmt.Sprintf("cannot reach Kestra at %s: %s", e.URL, e.Reason)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

func (e *NetworkError) Unwrap() error { return e.Err }

// ErrorCode classifies network failures as unavailable (or a timeout).
func (e *NetworkError) ErrorCode() cmderr.Code {
	var ne net.Error
	if errors.As(e.Err, &ne) && ne.Timeout() {
		return cmderr.Timeout
	}
	return cmderr.Unavailable
}

// classifyTransport turns a transport error into a NetworkError with one
// clear reason and, where there is one, how to fix it.
func classifyTransport(base string, err error) error {
	var (
		dnsErr  *net.DNSError
		certErr *tls.CertificateVerificationError
		unkAuth x509.UnknownAuthorityError
		hostErr x509.HostnameError
		invErr  x509.CertificateInvalidError
		recErr  tls.RecordHeaderError
		urlErr  *url.Error
	)
	ne := &NetworkError{URL: base, Err: err}
	switch {
	case errors.As(err, &dnsErr):
		ne.Reason = fmt.Sprintf("cannot resolve host %q", dnsErr.Name)
		ne.Hint = "check --host or the context's host"
	case errors.As(err, &unkAuth) || errors.As(err, &certErr) && errors.As(certErr.Err, &unkAuth):
		ne.Reason = "TLS certificate signed by an unknown authority"
		ne.Hint = "trust its CA with --ca-cert FILE, or pass --insecure-skip-tls-verify"
	case errors.As(err, &hostErr):
		ne.Reason = "TLS certificate does not match the host: " + hostErr.Error()
		ne.Hint = "check --host"
	case errors.As(err, &invErr):
		ne.Reason = "invalid TLS certificate: " + invErr.Error()
		ne.Hint = "check the server certificate, or pass --insecure-skip-tls-verify"
	case errors.As(err, &certErr):
		ne.Reason = "TLS certificate verification failed: " + certErr.Error()
		ne.Hint = "trust its CA with --ca-cert FILE, or pass --insecure-skip-tls-verify"
	case errors.As(err, &recErr):
		ne.Reason = "the server does not speak TLS"
		ne.Hint = "use an http:// host"
	case errors.Is(err, syscall.ECONNREFUSED):
		ne.Reason = "connection refused"
		ne.Hint = "is Kestra running there? check --host or the context's host"
	case errors.Is(err, syscall.ECONNRESET):
		ne.Reason = "connection reset by the server"
	case isTimeout(err):
		ne.Reason = "timed out"
		ne.Hint = "raise --timeout or check the network"
	default:
		reason := err.Error()
		if errors.As(err, &urlErr) {
			reason = urlErr.Err.Error()
		}
		ne.Reason = reason
	}
	return ne
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
