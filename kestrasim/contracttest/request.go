package contracttest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// CheckRequests makes the validator also validate the requests of the
// routes accepted by match — their path and query parameters and their
// body — whenever the server accepted them (2xx): a request the simulator
// accepts must be one the document allows, so that clients tested against
// it send what a real Kestra expects. The filters query parameter is left
// out: Kestra reads it in the bracketed form filters[field][OP]=value,
// which the document cannot express.
func (v *Validator) CheckRequests(match func(rest.Route) bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.requests = match
	if v.requestsChecked == nil {
		v.requestsChecked = map[string]int{}
	}
}

// RequestsChecked returns how many requests were validated per route
// pattern.
func (v *Validator) RequestsChecked() map[string]int {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make(map[string]int, len(v.requestsChecked))
	for k, n := range v.requestsChecked {
		out[k] = n
	}
	return out
}

// maxRequestBody bounds the request bodies kept for validation.
const maxRequestBody = 1 << 20

// captureRequest keeps a copy of the request body of a route whose requests
// are checked, and gives the handler an identical body.
func (v *Validator) captureRequest(rt rest.Route, r *http.Request) []byte {
	v.mu.Lock()
	match := v.requests
	v.mu.Unlock()
	if match == nil || !match(rt) || r.Body == nil {
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	orig := r.Body
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(body), orig), orig}
	if err != nil {
		return nil
	}
	return body
}

var pathParam = regexp.MustCompile(`\{([^}.]+)(?:\.\.\.)?\}`)

// checkRequest validates an accepted request of a checked route.
func (v *Validator) checkRequest(rt rest.Route, r *http.Request, body []byte, status int) {
	v.mu.Lock()
	match := v.requests
	v.mu.Unlock()
	if match == nil || !match(rt) || status < 200 || status >= 300 {
		return
	}
	item, op := Operation(v.doc, rt.Method, rt.Path)
	if op == nil {
		return // reported by the response check
	}
	v.mu.Lock()
	v.requestsChecked[rt.Pattern()]++
	v.mu.Unlock()
	params := map[string]string{}
	for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
		params[m[1]] = r.PathValue(m[1])
	}
	req := r.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(body))
	input := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      &routers.Route{Spec: v.doc, Path: rt.Path, PathItem: item, Method: rt.Method, Operation: op},
		Options: &openapi3filter.Options{
			AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
			SchemaValidationOptions: validationOptions(),
		},
	}
	where := fmt.Sprintf("request %s %s", r.Method, r.URL.RequestURI())
	for _, p := range append(openapi3.Parameters{}, append(item.Parameters, op.Parameters...)...) {
		if p == nil || p.Value == nil || (p.Value.In == openapi3.ParameterInQuery && p.Value.Name == "filters") {
			continue
		}
		if err := openapi3filter.ValidateParameter(context.Background(), input, p.Value); err != nil {
			v.fail("%s: %v", where, err)
		}
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		if err := openapi3filter.ValidateRequestBody(context.Background(), input, op.RequestBody.Value); err != nil {
			v.fail("%s: %v", where, err)
		}
	}
}
