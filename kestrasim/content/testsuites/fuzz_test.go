package testsuites

import "testing"

func FuzzParse(f *testing.F) {
	f.Add(`id: s
namespace: ns
flowId: f
testCases:
  - id: c
    type: io.kestra.core.tests.flow.UnitTest
    fixtures: {inputs: {a: 1}, tasks: [{id: t, outputs: {v: x}}]}
    assertions:
      - {value: "{{ outputs.t.v }}", equalTo: x, in: [a]}
`)
	f.Add("id: s\ntestCases: [{}]\n")
	f.Fuzz(func(t *testing.T, src string) {
		ts, vs := Parse([]byte(src))
		if len(vs) == 0 && (ts == nil || len(ts.TestCases) == 0) {
			t.Fatalf("%q: valid without test cases", src)
		}
	})
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"{{ outputs.ret.value }}", "a {{ inputs['my-input'] }} b", "{{ outputs.list.items[1] }}", "{{ x | upper }}", "{{", "{{ a[ }}", "{{ a.['b'] }}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		v, err := render(text, testVars())
		if err == nil && v != nil {
			if _, ok := v.(string); !ok {
				t.Fatalf("%q rendered to %T", text, v)
			}
		}
	})
}
