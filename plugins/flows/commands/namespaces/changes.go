package namespaces

import (
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// changes describes what differs between two namespace documents, in
// words: "description changed", "variables: +region, ~env, -old",
// "concurrency limit 5 (QUEUE)", "quota PT1H: 100, FAIL"...
func changes(before, after map[string]any) []string {
	var out []string
	for _, k := range plugin.ChangedKeys(before, after) {
		b, a := before[k], after[k]
		if limits, ok := plugin.LimitChanges(k, b, a); ok {
			out = append(out, limits...)
			continue
		}
		switch k {
		case "description":
			if a == nil {
				out = append(out, "description cleared")
			} else {
				out = append(out, fmt.Sprintf("description set to %q", a))
			}
		case "variables":
			out = append(out, "variables: "+mapDiff(asMap(b), asMap(a)))
		default:
			out = append(out, k+" changed")
		}
	}
	return out
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// mapDiff names the keys added (+), changed (~) and removed (-).
func mapDiff(before, after map[string]any) string {
	var parts []string
	for _, k := range plugin.ChangedKeys(before, after) {
		_, inBefore := before[k]
		_, inAfter := after[k]
		switch {
		case !inBefore:
			parts = append(parts, "+"+k)
		case !inAfter:
			parts = append(parts, "-"+k)
		default:
			parts = append(parts, "~"+k)
		}
	}
	return strings.Join(parts, ", ")
}
