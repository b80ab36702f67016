package flows

import (
	"slices"
	"strings"
)

// Task-holding properties of flowable tasks (Sequential, Parallel, If,
// Switch, ForEach, WorkingDirectory, AllowFailure, LoopUntil, Dag) and of
// the flow itself, in the order Flow.allTasksWithChilds visits them.
var childLists = []string{"tasks", "then", "else", "defaults", "errors", "finally", "afterExecution"}

// taskMaps returns the task mappings a list value holds (Dag items hold
// theirs under "task").
func taskMaps(v any) []map[string]any {
	list, _ := v.([]any)
	var out []map[string]any
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		if inner, ok := m["task"].(map[string]any); ok && m["type"] == nil {
			m = inner
		}
		out = append(out, m)
	}
	return out
}

// children returns the direct child tasks of a task (or of a flow
// document), Switch cases in key order.
func children(t map[string]any) []map[string]any {
	var out []map[string]any
	for _, k := range childLists {
		if k == "tasks" || k == "then" || k == "else" || k == "errors" || k == "finally" || k == "afterExecution" {
			out = append(out, taskMaps(t[k])...)
		} else if k == "defaults" {
			// Switch defaults are a task list; input defaults are values.
			if _, isSwitch := t["cases"]; isSwitch {
				out = append(out, taskMaps(t[k])...)
			}
		}
	}
	if cases, ok := t["cases"].(map[string]any); ok {
		keys := make([]string, 0, len(cases))
		for k := range cases {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			out = append(out, taskMaps(cases[k])...)
		}
	}
	return out
}

// walkTasks calls fn for every task of a flow document, depth first, with
// flowable tasks before their children (Flow.allTasksWithChilds).
func walkTasks(doc map[string]any, fn func(t map[string]any)) {
	var walk func(ts []map[string]any)
	walk = func(ts []map[string]any) {
		for _, t := range ts {
			fn(t)
			walk(children(t))
		}
	}
	walk(children(doc))
}

// findTask returns the task of that id anywhere in the flow.
func findTask(doc map[string]any, id string) map[string]any {
	var found map[string]any
	walkTasks(doc, func(t map[string]any) {
		if found == nil && t["id"] == id {
			found = t
		}
	})
	return found
}

// typeOf returns the canonical type of a task or trigger mapping.
func typeOf(t map[string]any) string {
	s, _ := t["type"].(string)
	return Canonical(s)
}

// triggersOf returns the trigger mappings of a flow document.
func triggersOf(doc map[string]any) []map[string]any {
	return taskMaps(doc["triggers"])
}

// isType reports whether t is of type name (after resolving aliases), or of
// a type whose simple class name is name when name has no dot.
func isType(t map[string]any, name string) bool {
	got := typeOf(t)
	if strings.Contains(name, ".") {
		return got == name
	}
	return strings.HasSuffix(got, "."+name)
}
