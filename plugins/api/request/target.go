package request

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/api/openapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Target is where a request goes.
type Target struct {
	Method string
	// Path is the escaped absolute path (/api/v1/main/flows/search).
	Path string
	// Query holds the parameters written in the path (?a=b).
	Query url.Values
	// Operation is the document's operation for Method and Path, nil when
	// the document has none.
	Operation *openapi.Operation
	// Match is the document's template for Path, nil when none fits.
	Match *openapi.Match
	// FromOperationID: the target was named by its operationId.
	FromOperationID bool
}

// Spec is what the command line says about the target.
type Spec struct {
	// Target is a path (/api/v1/{tenant}/flows/search, api/v1/configs), a
	// shorthand relative to /api/v1/{tenant}/ (flows/search), or an
	// operationId (searchFlows).
	Target string
	// Method is -X (empty: chosen from the operation or the fields).
	Method string
	// Params are the positional name=value path parameters.
	Params map[string]string
	// HasBody: body fields or --input were given (POST by default).
	HasBody bool
	Tenant  string
}

// Resolve finds the target. Fields whose name is a {parameter} of the path
// and that no positional parameter gave fill it: their indexes are
// returned so that they go nowhere else.
func Resolve(ix *openapi.Index, s Spec, fields []Field) (*Target, []int, error) {
	method := strings.ToUpper(s.Method)
	if method != "" && !validMethod(method) {
		return nil, nil, cmderr.Usagef("invalid method %q: use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS", s.Method)
	}
	raw := strings.TrimSpace(s.Target)
	if raw == "" {
		return nil, nil, cmderr.Usagef("give a path (flows/search, /api/v1/{tenant}/flows/search) or an operationId").
			WithHint("list them with 'kestractl api --list [words]'")
	}
	if strings.HasPrefix(raw, "http://") || strings.HasPrefix(raw, "https://") {
		return nil, nil, cmderr.Usagef("give a path relative to the server (/api/v1/...), not a URL: the server is the context's host").
			WithHint("use --host or --context to talk to another server")
	}
	t := &Target{}
	var template string
	if !strings.ContainsAny(raw, "/?") {
		if op := ix.ByID(raw); op != nil {
			if method != "" && method != op.Method {
				return nil, nil, cmderr.Usagef("%s is a %s operation, not %s: drop -X", op.ID, op.Method, method)
			}
			t.Operation, t.FromOperationID, method, template = op, true, op.Method, op.Path
		} else if hasUpper(raw) {
			err := cmderr.Usagef("unknown operation %q", raw)
			if near := nearest(ix, raw); near != "" {
				return nil, nil, err.WithHint("did you mean %s? 'kestractl api --list' lists the operations", near)
			}
			return nil, nil, err.WithHint("'kestractl api --list' lists the operations; a path has a /")
		}
	}
	var pathQuery string
	if template == "" {
		template, pathQuery, _ = strings.Cut(raw, "?")
	}
	q, err := url.ParseQuery(pathQuery)
	if err != nil {
		return nil, nil, cmderr.Usagef("invalid query in %q: %v", raw, err)
	}
	t.Query = q

	fill := newFiller(s, fields)
	candidates := []string{template}
	switch {
	case strings.HasPrefix(template, "/"):
	case strings.HasPrefix(template, "api/"):
		candidates = []string{"/" + template}
	default:
		// A shorthand: tenant-scoped, or instance-level when only that
		// exists in the document (configs, users...).
		candidates = []string{"/api/v1/{tenant}/" + template, "/api/v1/" + template}
	}
	var paths []string
	for _, c := range candidates {
		p, err := fill.expand(c)
		if err != nil {
			return nil, nil, err
		}
		paths = append(paths, p)
	}
	t.Path = paths[0]
	t.Match = ix.Match(t.Path)
	if len(paths) > 1 && t.Match == nil {
		if m := ix.Match(paths[1]); m != nil {
			t.Path, t.Match = paths[1], m
		}
	}
	if err := fill.unused(); err != nil {
		return nil, nil, err
	}
	if method == "" {
		method = defaultMethod(t.Match, s.HasBody || fill.bodyFieldsLeft(len(fields)))
	}
	t.Method = method
	if t.Operation == nil && t.Match != nil {
		t.Operation = t.Match.Operation(method)
	}
	return t, fill.consumedFields, nil
}

// defaultMethod: GET, or POST when a body is given (as gh does) unless the
// document has no POST but a GET for the path (a search: the fields are its
// query).
func defaultMethod(m *openapi.Match, hasBody bool) string {
	if !hasBody {
		return http.MethodGet
	}
	if m != nil && m.Operation(http.MethodPost) == nil && m.Operation(http.MethodGet) != nil {
		return http.MethodGet
	}
	return http.MethodPost
}

func validMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead, http.MethodOptions:
		return true
	}
	return false
}

func hasUpper(s string) bool { return strings.ToLower(s) != s }

// filler fills a path's {parameters}.
type filler struct {
	spec           Spec
	fields         []Field
	usedParams     map[string]bool
	consumedFields []int
}

func newFiller(s Spec, fields []Field) *filler {
	return &filler{spec: s, fields: fields, usedParams: map[string]bool{}}
}

// expand fills {tenant} from the context and other {name}s from the
// positional parameters, then from fields of that name, escaping each
// value as one path segment.
func (f *filler) expand(template string) (string, error) {
	var b strings.Builder
	var missing []string
	rest := template
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			i = len(rest)
		}
		if strings.Contains(rest[:i], "}") {
			return "", cmderr.Usagef("invalid path %q: } without {", template)
		}
		if i == len(rest) {
			b.WriteString(rest)
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "", cmderr.Usagef("invalid path %q: unclosed {", template)
		}
		b.WriteString(rest[:i])
		name := rest[i+1 : i+j]
		rest = rest[i+j+1:]
		v, ok := f.value(name)
		if !ok {
			missing = append(missing, name)
			b.WriteString("{" + name + "}")
			continue
		}
		b.WriteString(url.PathEscape(v))
	}
	if len(missing) > 0 {
		return "", cmderr.Usagef("%s needs a value for %s", template, strings.Join(missing, ", ")).
			WithHint("give %s as arguments after the path, or as -f fields", example(missing))
	}
	return b.String(), nil
}

func example(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + "=..."
	}
	return strings.Join(parts, " ")
}

func (f *filler) value(name string) (string, bool) {
	if name == "tenant" {
		if f.spec.Tenant == "" {
			return "", false
		}
		return f.spec.Tenant, true
	}
	if v, ok := f.spec.Params[name]; ok {
		f.usedParams[name] = true
		return v, true
	}
	for i, fl := range f.fields {
		if fl.Key == name && !fl.IsFile() {
			if !slices.Contains(f.consumedFields, i) {
				f.consumedFields = append(f.consumedFields, i)
			}
			return fl.String(), true
		}
	}
	return "", false
}

// unused rejects positional parameters the path has no place for.
func (f *filler) unused() error {
	for name := range f.spec.Params {
		if !f.usedParams[name] {
			return cmderr.Usagef("the path has no {%s} parameter for %s=%s", name, name, f.spec.Params[name]).
				WithHint("arguments after the path fill its {parameters}; give other values with -f %s=...", name)
		}
	}
	return nil
}

// bodyFieldsLeft reports whether fields remain once the path took its own.
func (f *filler) bodyFieldsLeft(n int) bool { return n > len(f.consumedFields) }

// nearest is the operationId closest to id (edit distance at most a third
// of its length), "" when none is close.
func nearest(ix *openapi.Index, id string) string {
	ops := ix.Operations()
	ids := make([]string, len(ops))
	for i, o := range ops {
		ids[i] = o.ID
	}
	return plugin.Closest(id, ids, len(id)/3)
}
