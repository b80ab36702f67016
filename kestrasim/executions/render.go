package executions

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

var expression = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// render expands {{ path.to.value }} expressions against vars; expressions
// the simulator cannot resolve (filters, functions, unknown names) are kept
// as written.
func render(s string, vars map[string]any) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	return expression.ReplaceAllStringFunc(s, func(m string) string {
		path := strings.TrimSpace(expression.FindStringSubmatch(m)[1])
		v, ok := lookup(vars, path)
		if !ok {
			return m
		}
		switch x := v.(type) {
		case string:
			return x
		case nil:
			return ""
		case map[string]any, []any:
			data, err := json.Marshal(x)
			if err != nil {
				return m
			}
			return string(data)
		default:
			return fmt.Sprint(x)
		}
	})
}

func lookup(vars map[string]any, path string) (any, bool) {
	if path == "" || strings.ContainsAny(path, " |()'\"+") {
		return nil, false
	}
	var cur any = vars
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}
