package blueprints

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/content/source"
)

// Templated blueprints (Kestra EE, "Templated Blueprints" in the custom
// blueprints documentation): the source declares its arguments under a
// top-level `extend.templateArguments` (inputs, with the flow input
// types), and uses them with Pebble under custom delimiters so that Kestra
// expressions ({{ }}) pass through: `<< arg.x >>` prints a value, and
// `<% for v in arg.values %>`, `<% if ... %>`, `<% else %>`, `<% endif %>`,
// `<% endfor %>` drive loops and conditions. The generated flow is the
// rendered source without the extend block.
//
// Expressions are those of package pebble (variables, literals,
// comparisons, and/or/not, arithmetic, ~ and its filters); a line holding
// only a control tag is dropped from the output.

// Argument is one template argument (an Input_Object_).
type Argument map[string]any

// ID is the argument id.
func (a Argument) ID() string { s, _ := a["id"].(string); return s }

// Type is the argument's input type.
func (a Argument) Type() string { s, _ := a["type"].(string); return s }

func (a Argument) required() bool {
	if r, ok := a["required"].(bool); ok {
		return r
	}
	return true
}

var extendLine = regexp.MustCompile(`(?m)^extend\s*:\s*(#.*)?$`)

// splitExtend separates the top-level extend block from the rest of a
// source.
func splitExtend(src string) (rest, extend string) {
	loc := extendLine.FindStringIndex(src)
	if loc == nil {
		return src, ""
	}
	end := loc[1]
	for end < len(src) {
		nl := strings.IndexByte(src[end:], '\n')
		if nl < 0 {
			end = len(src)
			break
		}
		next := end + nl + 1
		line := src[next:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) != "" && line[0] != ' ' && line[0] != '\t' && line[0] != '#' {
			end = next
			break
		}
		end = next
	}
	return src[:loc[0]] + src[end:], src[loc[0]:end]
}

// Arguments reads the template arguments of a source (nil when it has
// none).
func Arguments(src string) ([]Argument, error) {
	_, extend := splitExtend(src)
	if extend == "" {
		return nil, nil
	}
	m, err := source.Map([]byte(extend))
	if err != nil {
		return nil, fmt.Errorf("extend: %w", err)
	}
	ext, _ := m["extend"].(map[string]any)
	list, ok := ext["templateArguments"].([]any)
	if !ok {
		if ext["templateArguments"] != nil {
			return nil, fmt.Errorf("extend.templateArguments must be a list of inputs")
		}
		return nil, nil
	}
	var out []Argument
	var vs source.Violations
	for i, item := range list {
		a, ok := item.(map[string]any)
		if !ok {
			vs.Add(fmt.Sprintf("extend.templateArguments[%d]", i), "must be an input")
			continue
		}
		arg := Argument(a)
		if arg.ID() == "" {
			vs.Add(fmt.Sprintf("extend.templateArguments[%d].id", i), "must not be null")
		}
		if arg.Type() == "" {
			vs.Add(fmt.Sprintf("extend.templateArguments[%d].type", i), "must not be null")
		}
		out = append(out, arg)
	}
	if len(vs) > 0 {
		return nil, fmt.Errorf("%s", vs.Constraints())
	}
	return out, nil
}

// resolveArguments checks the given values against the arguments and
// applies defaults; it returns the `arg` variables.
func resolveArguments(args []Argument, given map[string]any) (map[string]any, source.Violations) {
	out := map[string]any{}
	var vs source.Violations
	for _, a := range args {
		id := a.ID()
		v, ok := given[id]
		if !ok || v == nil {
			if d, has := a["defaults"]; has && d != nil {
				out[id] = d
			} else if a.required() {
				vs.Add("templateArgumentsInputs."+id, "Invalid input for `%s`, missing required input, but received `null`", id)
			}
			continue
		}
		typed, err := coerce(a, v)
		if err != nil {
			vs.Add("templateArgumentsInputs."+id, "Invalid input for `%s`, %v, but received `%v`", id, err, v)
			continue
		}
		out[id] = typed
	}
	return out, vs
}

func coerce(a Argument, v any) (any, error) {
	if n, ok := v.(int64); ok {
		switch a.Type() {
		case "INT":
			return n, nil
		case "FLOAT":
			return float64(n), nil
		}
	}
	s, isString := v.(string)
	switch a.Type() {
	case "INT":
		switch n := v.(type) {
		case float64:
			if n == float64(int64(n)) {
				return int64(n), nil
			}
		case json.Number:
			if i, err := n.Int64(); err == nil {
				return i, nil
			}
		case string:
			if i, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64); err == nil {
				return i, nil
			}
		}
		return nil, fmt.Errorf("it must be an integer")
	case "FLOAT":
		switch n := v.(type) {
		case float64:
			return n, nil
		case json.Number:
			return n.Float64()
		case string:
			if f, err := strconv.ParseFloat(strings.TrimSpace(n), 64); err == nil {
				return f, nil
			}
		}
		return nil, fmt.Errorf("it must be a number")
	case "BOOL":
		if b, ok := v.(bool); ok {
			return b, nil
		}
		if b, err := strconv.ParseBool(s); isString && err == nil {
			return b, nil
		}
		return nil, fmt.Errorf("it must be true or false")
	case "ARRAY", "MULTISELECT":
		var items []any
		switch x := v.(type) {
		case []any:
			items = x
		case string:
			for _, p := range strings.Split(x, ",") {
				if p = strings.TrimSpace(p); p != "" {
					items = append(items, p)
				}
			}
		default:
			return nil, fmt.Errorf("it must be a list")
		}
		if a.Type() == "MULTISELECT" {
			allowed := values(a)
			for _, it := range items {
				if len(allowed) > 0 && !slices.Contains(allowed, fmt.Sprint(it)) {
					return nil, fmt.Errorf("value `%v` is not one of `%v`", it, allowed)
				}
			}
		}
		return items, nil
	case "SELECT":
		allowed := values(a)
		if !isString || (len(allowed) > 0 && !slices.Contains(allowed, s)) {
			return nil, fmt.Errorf("it must match the values `%v`", allowed)
		}
		return s, nil
	case "JSON":
		return v, nil
	}
	if !isString {
		return fmt.Sprint(v), nil
	}
	return s, nil
}

func values(a Argument) []string {
	list, _ := a["values"].([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// Generate renders a templated source with the given argument values.
func Generate(src string, given map[string]any) (string, error) {
	args, err := Arguments(src)
	if err != nil {
		return "", invalid("source", "%v", err)
	}
	vars, vs := resolveArguments(args, given)
	if err := vs.Err(); err != nil {
		return "", err
	}
	body, _ := splitExtend(src)
	out, err := render(body, map[string]any{"arg": vars})
	if err != nil {
		return "", invalid("source", "Unable to render the template: %v", err)
	}
	return out, nil
}
