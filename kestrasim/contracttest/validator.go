package contracttest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// maxRecorded bounds the body kept for validation; larger bodies (big file
// downloads) are checked for status and content type only.
const maxRecorded = 4 << 20

// Validator validates every response of the routes it wraps. Failures are
// collected and reported by Report, which a test calls (through t.Cleanup)
// once the server has stopped, so that validation never races the end of a
// test.
type Validator struct {
	doc *openapi3.T

	mu       sync.Mutex
	failures []string
	checked  map[string]int
	// requests, when set, selects the routes whose requests are checked
	// too (see CheckRequests).
	requests        func(rest.Route) bool
	requestsChecked map[string]int
}

// NewValidator returns a validator for the (patched) document.
func NewValidator(doc *openapi3.T) *Validator {
	return &Validator{doc: doc, checked: map[string]int{}}
}

// Middleware wraps the handler of route rt; routes outside the Kestra API
// (plugin catalog, Maven) pass through.
func (v *Validator) Middleware(rt rest.Route, h http.Handler) http.Handler {
	if rt.Outside {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{ResponseWriter: w}
		body := v.captureRequest(rt, r)
		defer func() {
			// a dropped connection (fault injection) panics through here
			if p := recover(); p != nil {
				panic(p)
			}
			v.check(rt, r, rec)
			v.checkRequest(rt, r, body, rec.statusCode())
		}()
		h.ServeHTTP(rec, r)
	})
}

// Report fails t with every collected validation failure.
func (v *Validator) Report(t testing.TB) {
	t.Helper()
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, f := range v.failures {
		t.Errorf("contract: %s", f)
	}
	v.failures = nil
}

// Checked returns how many responses were validated per route pattern.
func (v *Validator) Checked() map[string]int {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make(map[string]int, len(v.checked))
	for k, n := range v.checked {
		out[k] = n
	}
	return out
}

func (v *Validator) fail(format string, args ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.failures = append(v.failures, fmt.Sprintf(format, args...))
}

// Operation finds the document's operation for a method and path template.
func Operation(doc *openapi3.T, method, path string) (*openapi3.PathItem, *openapi3.Operation) {
	item := doc.Paths.Value(path)
	if item == nil {
		return nil, nil
	}
	return item, item.GetOperation(method)
}

func (v *Validator) check(rt rest.Route, r *http.Request, rec *recorder) {
	item, op := Operation(v.doc, rt.Method, rt.Path)
	if op == nil {
		v.fail("%s: route not in the OpenAPI document", rt.Pattern())
		return
	}
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	v.mu.Lock()
	v.checked[rt.Pattern()]++
	v.mu.Unlock()
	where := fmt.Sprintf("%s %s -> %d", r.Method, r.URL.RequestURI(), status)
	if status >= 400 {
		v.checkError(where, rec)
	}
	ct := rec.Header().Get("Content-Type")
	mediaType, _, _ := mime.ParseMediaType(ct)
	if mediaType == "text/event-stream" {
		v.checkEvents(where, op, status, rec)
		return
	}
	if rec.truncated {
		return
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: r,
			Route: &routers.Route{
				Spec: v.doc, Path: rt.Path, PathItem: item, Method: rt.Method, Operation: op,
			},
		},
		Status: status,
		Header: rec.Header(),
		Body:   io.NopCloser(bytes.NewReader(rec.body.Bytes())),
		Options: &openapi3filter.Options{
			IncludeResponseStatus:   false,
			SchemaValidationOptions: validationOptions(),
		},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		v.fail("%s: %v", where, err)
	}
}

// checkError holds every error response to Kestra's shape: JSON with a
// message.
func (v *Validator) checkError(where string, rec *recorder) {
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		v.fail("%s: error with Content-Type %q, want application/json", where, ct)
		return
	}
	var body struct {
		Message *string `json:"message"`
	}
	if err := json.Unmarshal(rec.body.Bytes(), &body); err != nil || body.Message == nil || *body.Message == "" {
		v.fail("%s: error body %q has no message", where, rec.body.String())
	}
}

// checkEvents validates each server-sent event against the operation's
// Event_X schema (kin-openapi has no decoder for event streams).
func (v *Validator) checkEvents(where string, op *openapi3.Operation, status int, rec *recorder) {
	resp := op.Responses.Status(status)
	if resp == nil || resp.Value == nil {
		return
	}
	mt := resp.Value.Content.Get("text/event-stream")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		v.fail("%s: text/event-stream not documented", where)
		return
	}
	events, err := ParseEvents(rec.body.Bytes())
	if err != nil {
		v.fail("%s: %v", where, err)
		return
	}
	for i, ev := range events {
		obj := map[string]any{}
		if ev.ID != "" {
			obj["id"] = ev.ID
		}
		if ev.Name != "" {
			obj["name"] = ev.Name
		}
		if ev.Data != "" {
			var data any
			if err := json.Unmarshal([]byte(ev.Data), &data); err != nil {
				v.fail("%s: event %d data is not JSON: %v", where, i, err)
				continue
			}
			obj["data"] = data
		}
		if err := ValidateValue(mt.Schema.Value, obj); err != nil {
			v.fail("%s: event %d (%s): %v", where, i, ev.ID, err)
		}
	}
}

// Event is one server-sent event.
type Event struct {
	ID, Name, Data string
}

// ParseEvents splits a text/event-stream body into events.
func ParseEvents(body []byte) ([]Event, error) {
	var events []Event
	var cur Event
	var data []string
	has := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64<<10), maxRecorded)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			if has {
				cur.Data = strings.Join(data, "\n")
				events = append(events, cur)
			}
			cur, data, has = Event{}, nil, false
			continue
		}
		if strings.HasPrefix(line, ":") {
			continue
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		has = true
		switch field {
		case "id":
			cur.ID = value
		case "event":
			cur.Name = value
		case "data":
			data = append(data, value)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	if has {
		cur.Data = strings.Join(data, "\n")
		events = append(events, cur)
	}
	return events, nil
}

// Undocumented returns the routes of rs missing from the document, sorted.
func Undocumented(doc *openapi3.T, rs []rest.Route) []string {
	var out []string
	for _, rt := range rs {
		if rt.Outside {
			continue
		}
		if _, op := Operation(doc, rt.Method, rt.Path); op == nil {
			out = append(out, rt.Pattern())
		}
	}
	sort.Strings(out)
	return out
}

// recorder passes the response through while keeping a bounded copy.
type recorder struct {
	http.ResponseWriter
	status    int
	body      bytes.Buffer
	truncated bool
}

// statusCode is the status written (200 when the handler wrote nothing).
func (r *recorder) statusCode() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if !r.truncated {
		if r.body.Len()+len(p) > maxRecorded {
			r.truncated = true
			r.body.Reset()
		} else {
			r.body.Write(p)
		}
	}
	return r.ResponseWriter.Write(p)
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
