package commands

import (
	"sort"
	"strings"

	"github.com/kestractl/kestractl/plugins/api/openapi"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Completers of the grammar.
const (
	completePath  = "api-path"
	completeParam = "api-param"
)

// Complete serves the plugin's dynamic completion: paths and operationIds
// for the path argument, and name= for the path parameters that follow.
// Nothing is asked of the server.
func Complete(cat *openapi.Catalog) func(c *plugin.Context, completer string, argv []string, partial string) ([]string, error) {
	return func(c *plugin.Context, completer string, argv []string, partial string) ([]string, error) {
		ix, err := cat.Index()
		if err != nil {
			return nil, err
		}
		switch completer {
		case completePath:
			return PathCandidates(ix, c.Server().Tenant, partial), nil
		case completeParam:
			return paramCandidates(ix, argv, partial), nil
		}
		return nil, nil
	}
}

// PathCandidates completes a path or operationId: absolute paths (with the
// context's tenant) when partial starts with /, else paths relative to
// /api/v1/{tenant}/ (or /api/v1/ for instance-level routes) and
// operationIds. Every candidate starts with partial.
func PathCandidates(ix *openapi.Index, tenant, partial string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if strings.HasPrefix(s, partial) && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, o := range ix.Operations() {
		switch {
		case strings.HasPrefix(partial, "/"):
			p := o.Path
			if tenant != "" {
				p = strings.Replace(p, "{tenant}", tenant, 1)
			}
			add(p)
		default:
			if rest, ok := strings.CutPrefix(o.Path, "/api/v1/{tenant}/"); ok {
				add(rest)
			} else if rest, ok := strings.CutPrefix(o.Path, "/api/v1/"); ok && !ix.HasTemplate("/api/v1/{tenant}/"+rest) {
				add(rest)
			}
			add(o.ID)
		}
	}
	sort.Strings(out)
	return out
}

// paramCandidates offers name= for the {parameters} of the target typed
// before, that are not given yet.
func paramCandidates(ix *openapi.Index, argv []string, partial string) []string {
	var target string
	given := map[string]bool{}
	skip := false
	for _, w := range argv[min(1, len(argv)):] {
		switch {
		case skip:
			skip = false
		case strings.HasPrefix(w, "-"):
			skip = takesValue(w)
		case target == "":
			target = w
		default:
			if name, _, ok := strings.Cut(w, "="); ok {
				given[name] = true
			}
		}
	}
	var tmpl string
	if op := ix.ByID(target); op != nil {
		tmpl = op.Path
	} else if strings.HasPrefix(target, "/") {
		tmpl = target
	} else {
		tmpl = "/api/v1/{tenant}/" + target
	}
	var out []string
	for _, p := range openapi.TemplateParams(tmpl) {
		if p != "tenant" && !given[p] && strings.HasPrefix(p+"=", partial) {
			out = append(out, p+"=")
		}
	}
	return out
}

// takesValue reports whether a flag word is followed by its value.
func takesValue(w string) bool {
	switch w {
	case "-X", "--method", "-f", "--raw-field", "-F", "--field", "-H", "--header", "--input", "--content-type", "-O", "--output-file":
		return true
	}
	return false
}
