package openapi

import (
	"net/url"
	"strings"
)

// router finds the template of a concrete path.
type router struct {
	// bySegments holds the templates by their number of segments.
	bySegments map[int][]*template
}

// template is one path of the document with its operations.
type template struct {
	path     string
	segments []string // "{name}" for a parameter
	ops      []*Operation
}

func newRouter(ops []Operation) *router {
	r := &router{bySegments: map[int][]*template{}}
	byPath := map[string]*template{}
	for i := range ops {
		o := &ops[i]
		t := byPath[o.Path]
		if t == nil {
			t = &template{path: o.Path, segments: splitPath(o.Path)}
			byPath[o.Path] = t
			r.bySegments[len(t.segments)] = append(r.bySegments[len(t.segments)], t)
		}
		t.ops = append(t.ops, o)
	}
	return r
}

func splitPath(p string) []string {
	return strings.Split(strings.Trim(p, "/"), "/")
}

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

// Match is a concrete path matched to a template of the document.
type Match struct {
	// Template is the document's path.
	Template string
	// Params are the values of the template's parameters, unescaped.
	Params map[string]string
	// Operations are the template's operations (one per method).
	Operations []*Operation
}

// Operation returns the match's operation for method, nil when the
// document has none.
func (m *Match) Operation(method string) *Operation {
	for _, o := range m.Operations {
		if o.Method == method {
			return o
		}
	}
	return nil
}

// Methods lists the methods the document has for the template.
func (m *Match) Methods() []string {
	out := make([]string, 0, len(m.Operations))
	for _, o := range m.Operations {
		out = append(out, o.Method)
	}
	return out
}

// Match finds the template of an escaped path (without query), nil when
// none fits. Where several fit, literal segments win over parameters, from
// left to right (/flows/search over /flows/{namespace}), as Kestra's router
// does.
func (ix *Index) Match(escapedPath string) *Match {
	segs := splitPath(escapedPath)
	var best *template
	for _, t := range ix.routes.bySegments[len(segs)] {
		if !fits(t.segments, segs) {
			continue
		}
		if best == nil || moreLiteral(t.segments, best.segments) {
			best = t
		}
	}
	if best == nil {
		return nil
	}
	m := &Match{Template: best.path, Params: map[string]string{}, Operations: best.ops}
	for i, s := range best.segments {
		if isParam(s) {
			v, err := url.PathUnescape(segs[i])
			if err != nil {
				v = segs[i]
			}
			m.Params[s[1:len(s)-1]] = v
		}
	}
	return m
}

// HasTemplate reports whether the document has exactly this template.
func (ix *Index) HasTemplate(path string) bool {
	for _, t := range ix.routes.bySegments[len(splitPath(path))] {
		if t.path == path {
			return true
		}
	}
	return false
}

func fits(tmpl, segs []string) bool {
	for i, s := range tmpl {
		if isParam(s) {
			if segs[i] == "" {
				return false
			}
			continue
		}
		if s != segs[i] {
			return false
		}
	}
	return true
}

// moreLiteral reports whether a has a literal segment where b has a
// parameter, at the first position where they differ in kind.
func moreLiteral(a, b []string) bool {
	for i := range a {
		pa, pb := isParam(a[i]), isParam(b[i])
		if pa != pb {
			return !pa
		}
	}
	return false
}
