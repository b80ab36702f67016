package namespaces

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// changes describes what differs between two namespace documents, in
// words: "description changed", "variables: +region, ~env, -old",
// "concurrency limit 5 (QUEUE)", "quota PT1H: 100, FAIL"...
func changes(before, after map[string]any) []string {
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	var out []string
	for _, k := range sorted {
		b, a := before[k], after[k]
		if sameJSON(b, a) {
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
		case "concurrency":
			var c Concurrency
			if a == nil || remarshal(a, &c) != nil {
				out = append(out, "concurrency limit removed")
			} else {
				out = append(out, fmt.Sprintf("concurrency limit %d (%s)", c.Limit, c.Behavior))
			}
		case "quotas":
			out = append(out, quotaDiff(b, a)...)
		default:
			out = append(out, k+" changed")
		}
	}
	return out
}

func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	var va, vb any
	_ = json.Unmarshal(ja, &va)
	_ = json.Unmarshal(jb, &vb)
	return reflect.DeepEqual(va, vb)
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// mapDiff names the keys added (+), changed (~) and removed (-).
func mapDiff(before, after map[string]any) string {
	var parts []string
	keys := make([]string, 0, len(before)+len(after))
	for k := range after {
		keys = append(keys, k)
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		b, inBefore := before[k]
		a, inAfter := after[k]
		switch {
		case !inBefore:
			parts = append(parts, "+"+k)
		case !inAfter:
			parts = append(parts, "-"+k)
		case !sameJSON(a, b):
			parts = append(parts, "~"+k)
		}
	}
	return strings.Join(parts, ", ")
}

func quotaDiff(before, after any) []string {
	var b, a []Quota
	_ = remarshal(before, &b)
	_ = remarshal(after, &a)
	var out []string
	for _, q := range a {
		i := slices.IndexFunc(b, func(o Quota) bool { return o.window() == q.window() })
		if i < 0 || b[i] != q {
			out = append(out, fmt.Sprintf("quota %s: %d, %s", q.Duration, q.Limit, q.Behavior))
		}
	}
	for _, q := range b {
		if !slices.ContainsFunc(a, func(o Quota) bool { return o.window() == q.window() }) {
			out = append(out, fmt.Sprintf("quota %s removed", q.Duration))
		}
	}
	return out
}
