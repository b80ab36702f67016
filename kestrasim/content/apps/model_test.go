package apps

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	good := "id: form\ntype: io.kestra.plugin.ee.apps.Execution\ndisplayName: Form\nnamespace: shop\nflowId: f\ntags: [a, b]\ndisabled: true\nlayout: []\n"
	a, vs := Parse([]byte(good))
	if len(vs) > 0 || a.name() != "Form" || !a.Disabled || len(a.Tags) != 2 {
		t.Fatalf("%v %+v", vs.Constraints(), a)
	}
	for _, c := range []struct{ src, want string }{
		{"type: io.kestra.plugin.ee.apps.Execution\nnamespace: shop\nflowId: f\n", "id: must not be null"},
		{"id: a\ntype: io.kestra.plugin.ee.apps.Execution\nnamespace: shop\n", "flowId: must not be null"},
		{"id: a\ntype: Other\nnamespace: shop\n", "type: Invalid type: Other"},
		{"id: a\ntype: io.kestra.plugin.ee.apps.Execution\nnamespace: Shop\nflowId: f\n", "namespace: must match"},
		{"id: a\ntype: io.kestra.plugin.ee.apps.Execution\nnamespace: shop\nflowId: f\ntags: x\n", "tags: must be a list"},
		{"id: a\ntype: io.kestra.plugin.ee.apps.Execution\nnamespace: shop\nflowId: f\nlayout: x\n", "layout: must be a list of blocks"},
		{"id: a\ntype: io.kestra.plugin.ee.apps.Execution\nnamespace: shop\nflowId: f\ndisabled: maybe\n", "disabled: must be a boolean"},
	} {
		if _, vs := Parse([]byte(c.src)); !strings.Contains(vs.Constraints(), c.want) {
			t.Errorf("%q: %q, want %q", c.src, vs.Constraints(), c.want)
		}
	}
}
