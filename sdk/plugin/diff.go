package plugin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"
)

// UnifiedDiff is the unified diff (as `diff -u` and `kubectl diff` print it)
// that turns before into after, labelled with the two names; "" when they
// are equal.
func UnifiedDiff(beforeName, afterName, before, after string) string {
	if before == after {
		return ""
	}
	d := udiff.Unified(beforeName, afterName, ensureNewline(before), ensureNewline(after))
	return d
}

func ensureNewline(s string) string {
	if s == "" || strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}

// ChangedKeys returns, sorted, the keys of two documents decoded from JSON
// whose values differ as JSON: added, removed or changed (what an update's
// message lists).
func ChangedKeys(before, after map[string]any) []string {
	var out []string
	for k, a := range after {
		if b, ok := before[k]; !ok || !sameJSON(a, b) {
			out = append(out, k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// sameJSON reports whether two values are the same once written as JSON
// (a json.Number and a float, a struct and a map, are compared by value).
func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	var va, vb any
	_ = json.Unmarshal(ja, &va)
	_ = json.Unmarshal(jb, &vb)
	return reflect.DeepEqual(va, vb)
}

// DecodeDocument reads a JSON object the server sent (what names it in the
// error: "namespace"), keeping every number's digits (json.Number): the
// document an update changes and sends back.
func DecodeDocument(raw json.RawMessage, what string) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil || doc == nil {
		return nil, fmt.Errorf("cannot read the server's %s: %v", what, err)
	}
	return doc, nil
}
