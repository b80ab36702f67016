// Package openapi is what the api plugin knows of the Kestra API: every
// operation of the OpenAPI document (api/kestra-openapi.yaml, copied here as
// kestra-openapi.yaml), as a compact index generated from it
// (operations.json, see generate.go) and embedded in the plugin. The index
// is decoded once, lazily, when a command needs it (operationIds, --list,
// completion, content types); decoding it takes a few milliseconds, where
// parsing the 740 KB YAML document takes 60 to 250 ms on a loaded machine,
// more than a shell completion can wait.
package openapi

import (
	"slices"
	"strings"
)

// Operation is one operation of the document.
type Operation struct {
	// ID is the operationId (getFlow).
	ID     string `json:"id"`
	Method string `json:"method"`
	// Path is the template, e.g. /api/v1/{tenant}/flows/{namespace}/{id}.
	Path    string   `json:"path"`
	Summary string   `json:"summary,omitempty"`
	Tags    []string `json:"tags,omitempty"`
	// Enterprise: the document marks the operation with
	// `x-kestra: {edition: ee}` (Kestra Enterprise only).
	Enterprise bool `json:"ee,omitempty"`
	Deprecated bool `json:"deprecated,omitempty"`
	// Query are the names of the query parameters.
	Query []string `json:"query,omitempty"`
	// Consumes are the request body's content types, in the document's
	// order (empty: no body).
	Consumes []string `json:"consumes,omitempty"`
	// Produces are the content types of the 2xx answers.
	Produces []string `json:"produces,omitempty"`
}

// PathParams are the names of the template's {parameters}, in order.
func (o *Operation) PathParams() []string { return TemplateParams(o.Path) }

// TakesQuery reports whether name is one of the operation's query
// parameters.
func (o *Operation) TakesQuery(name string) bool { return slices.Contains(o.Query, name) }

// ConsumesType reports whether the operation takes a body of that media type
// (parameters such as charset ignored).
func (o *Operation) ConsumesType(mediaType string) bool {
	for _, ct := range o.Consumes {
		if strings.EqualFold(ct, mediaType) {
			return true
		}
	}
	return false
}

// Paginated reports whether the operation is a Kestra search taking page
// and size.
func (o *Operation) Paginated() bool { return o.TakesQuery("page") && o.TakesQuery("size") }

// TemplateParams returns the names of a path template's {parameters}.
func TemplateParams(path string) []string {
	var out []string
	for rest := path; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, rest[i+1:i+j])
		rest = rest[i+j+1:]
	}
}

// methodRank orders methods: reads first, then writes.
func methodRank(m string) int {
	switch m {
	case "GET":
		return 0
	case "POST":
		return 1
	case "PUT":
		return 2
	case "PATCH":
		return 3
	case "DELETE":
		return 4
	case "HEAD":
		return 5
	}
	return 6
}

// Less orders operations by path, then method.
func Less(a, b Operation) int {
	if c := strings.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	return methodRank(a.Method) - methodRank(b.Method)
}
