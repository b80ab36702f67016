package commands

import (
	"net/http"
	"net/textproto"
	"strings"

	"github.com/kestractl/kestractl/plugins/api/openapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// defaultAccept is sent when the document does not say what the operation
// answers: JSON first, anything else accepted (an HTML page is still
// refused as the login page of a wrong host).
const defaultAccept = "application/json, */*;q=0.8"

// parseHeaders parses -H "Name: value". Credentials are refused: a value
// given here is in the plugin's command line, visible to every process of
// the machine; they come from the context (or the core's --header, which
// keeps them out of plugins).
func parseHeaders(list []string) (http.Header, error) {
	h := http.Header{}
	for _, s := range list {
		name, value, ok := strings.Cut(s, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, cmderr.Usagef("invalid header %q: use -H 'Name: value'", s)
		}
		if kestra.IsSensitiveHeader(name) {
			return nil, cmderr.Usagef("-H %s: credentials do not go on the api command line", name).
				WithHint("they come from the context (kestractl config add ... --token, KESTRACTL_TOKEN), or from the global --header given before the command, which the core keeps")
		}
		h.Add(textproto.CanonicalMIMEHeaderKey(name), strings.TrimSpace(value))
	}
	return h, nil
}

// contentType is --content-type, or a Content-Type header.
func (a *API) contentType(h http.Header) (string, error) {
	ct := strings.TrimSpace(a.ContentType)
	if hv := h.Get("Content-Type"); hv != "" {
		if ct != "" && !strings.EqualFold(ct, hv) {
			return "", cmderr.Usagef("--content-type %s and -H 'Content-Type: %s' disagree: give one", ct, hv)
		}
		ct = hv
	}
	return ct, nil
}

// accept is the Accept header: -H Accept, else what the operation
// answers, else defaultAccept.
func accept(op *openapi.Operation, h http.Header) string {
	if v := h.Get("Accept"); v != "" {
		return v
	}
	if op != nil && len(op.Produces) > 0 {
		return strings.Join(op.Produces, ", ")
	}
	return defaultAccept
}
