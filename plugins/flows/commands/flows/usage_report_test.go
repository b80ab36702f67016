package flows

import (
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestFlowTasksAndDeprecatedFeatures(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		tasks     []string
		features  []string
	}{
		{"flat", "id: a\nnamespace: n\ntasks:\n  - id: t\n    type: T1\n", []string{"T1"}, nil},
		{"nested and errors",
			"id: a\nnamespace: n\ninputs:\n  - id: i\n    type: STRING\ntasks:\n  - id: p\n    type: Parallel\n    tasks:\n      - id: c1\n        type: T1\n      - id: c2\n        type: T2\nerrors:\n  - id: e\n    type: T3\ntriggers:\n  - id: s\n    type: Schedule\n",
			[]string{"Parallel", "T1", "T2", "T3"}, nil},
		{"legacy",
			"id: a\nnamespace: n\ntaskDefaults: []\nlisteners:\n  - tasks:\n      - id: l\n        type: T9\ninputs:\n  - name: x\n    type: STRING\ntasks:\n  - id: t\n    type: T1\ntriggers:\n  - id: f\n    type: io.kestra.plugin.core.trigger.Flow\n    conditions:\n      - type: ExecutionFlow\n",
			[]string{"T1", "T9"}, []string{"taskDefaults", "listeners", "inputs[0].name", "triggers[0].conditions"}},
	} {
		var flow map[string]any
		if err := yaml.Unmarshal([]byte(tc.src), &flow); err != nil {
			t.Fatal(err)
		}
		tasks := flowTasks(flow)
		slices.Sort(tasks)
		if strings.Join(tasks, ",") != strings.Join(tc.tasks, ",") {
			t.Errorf("%s: tasks %v, want %v", tc.name, tasks, tc.tasks)
		}
		var paths []string
		for _, f := range deprecatedFeatures(flow) {
			paths = append(paths, f.Path)
		}
		if strings.Join(paths, ",") != strings.Join(tc.features, ",") {
			t.Errorf("%s: features %v, want %v", tc.name, paths, tc.features)
		}
	}
	a, b := hashName("ns", "a"), hashName("ns", "a")
	if a != b || a == hashName("flow", "a") || !strings.HasPrefix(a, "ns-") || strings.Contains(a, "a\x00") {
		t.Fatalf("hashes are not stable per kind: %s %s", a, hashName("flow", "a"))
	}
}
