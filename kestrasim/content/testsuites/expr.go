package testsuites

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Assertions render their properties the way Kestra's Pebble renderer does
// with strict variables: an unknown variable is an evaluation error (which
// Assertion.run reports as an AssertionRunError), values print as Java
// prints them. Only variable paths are understood ({{ outputs.t.value }},
// {{ inputs['my-input'] }}, {{ outputs.list[0] }}); filters, operators and
// function calls are reported as expressions the simulator cannot evaluate.

var expression = regexp.MustCompile(`\{\{-?\s*(.*?)\s*-?\}\}`)

// errEval is an expression that cannot be evaluated.
type errEval struct{ msg string }

func (e errEval) Error() string { return e.msg }

// render renders text. When the whole text is one expression the value
// itself is returned (nil for a null value, so that isNull can see it),
// else the text with every expression replaced by its printed value.
func render(text string, vars map[string]any) (any, error) {
	trimmed := strings.TrimSpace(text)
	if m := expression.FindStringSubmatchIndex(trimmed); m != nil && m[0] == 0 && m[1] == len(trimmed) {
		v, err := evaluate(trimmed[m[2]:m[3]], vars)
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, nil
		}
		return javaString(v), nil
	}
	var firstErr error
	out := expression.ReplaceAllStringFunc(text, func(m string) string {
		sub := expression.FindStringSubmatch(m)
		v, err := evaluate(sub[1], vars)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		if v == nil {
			return ""
		}
		return javaString(v)
	})
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

// renderString renders text as a string ("" for null).
func renderString(text string, vars map[string]any) (string, error) {
	v, err := render(text, vars)
	if err != nil || v == nil {
		return "", err
	}
	return v.(string), nil
}

// evaluate resolves one variable path.
func evaluate(expr string, vars map[string]any) (any, error) {
	path, err := parsePath(expr)
	if err != nil {
		return nil, err
	}
	var cur any = vars
	for i, seg := range path {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[seg]
			if !ok {
				return nil, errEval{fmt.Sprintf("Missing variable: '%s' on '%s'", strings.Join(path[:i+1], "."), expr)}
			}
			cur = v
		case []any:
			n, err := strconv.Atoi(seg)
			if err != nil || n < 0 || n >= len(c) {
				return nil, errEval{fmt.Sprintf("Index %s out of bounds on '%s'", seg, expr)}
			}
			cur = c[n]
		default:
			return nil, errEval{fmt.Sprintf("Missing variable: '%s' on '%s'", strings.Join(path[:i+1], "."), expr)}
		}
	}
	return cur, nil
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*`)

// parsePath splits a.b['c'][0].d into its segments.
func parsePath(expr string) ([]string, error) {
	s := strings.TrimSpace(expr)
	var out []string
	unsupported := errEval{fmt.Sprintf("Unable to evaluate expression '%s': kestrasim evaluates variable paths only", expr)}
	for len(s) > 0 {
		switch {
		case s[0] == '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return nil, unsupported
			}
			inner := strings.TrimSpace(s[1:end])
			if len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[len(inner)-1] == inner[0] {
				inner = inner[1 : len(inner)-1]
			} else if _, err := strconv.Atoi(inner); err != nil {
				return nil, unsupported
			}
			out = append(out, inner)
			s = s[end+1:]
		case s[0] == '.' && len(out) > 0:
			s = s[1:]
			id := identifier.FindString(s)
			if id == "" {
				return nil, unsupported
			}
			out = append(out, id)
			s = s[len(id):]
		case len(out) == 0:
			id := identifier.FindString(s)
			if id == "" {
				return nil, unsupported
			}
			out = append(out, id)
			s = s[len(id):]
		default:
			return nil, unsupported
		}
	}
	if len(out) == 0 {
		return nil, unsupported
	}
	return out, nil
}

// javaString prints a value as Pebble does (Java's toString): lists as
// [a, b], maps as {k=v}, whole doubles as 1.0.
func javaString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		if x == float64(int64(x)) && x < 1e15 && x > -1e15 {
			return strconv.FormatFloat(x, 'f', 1, 64)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case json.Number:
		return x.String()
	case []any:
		parts := make([]string, len(x))
		for i, it := range x {
			parts[i] = javaString(it)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + javaString(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}
