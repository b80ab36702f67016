package blueprints

import (
	"strings"
	"testing"
)

const templated = `id: << arg.flow_id >>
namespace: company.team

extend:
  templateArguments:
    - id: flow_id
      type: STRING
    - id: regions
      displayName: Regions
      type: MULTISELECT
      values: [eu, us, asia]
    - id: notify
      type: BOOL
      defaults: false
    - id: retries
      type: INT
      required: false

tasks:
  <% for region in arg.regions %>
  - id: sync_<< region >>
    type: io.kestra.plugin.core.log.Log
    message: "Syncing << region | upper >> for {{ flow.id }}"
  <% endfor %>
  <% if arg.notify %>
  - id: notify
    type: io.kestra.plugin.core.log.Log
    message: "<< arg.regions | length >> regions done"
  <% else %>
  - id: quiet
    type: io.kestra.plugin.core.log.Log
    message: no notification
  <% endif %>
`

func TestGenerate(t *testing.T) {
	args, err := Arguments(templated)
	if err != nil || len(args) != 4 || args[1].ID() != "regions" || args[1].Type() != "MULTISELECT" {
		t.Fatalf("arguments %v %v", args, err)
	}
	out, err := Generate(templated, map[string]any{"flow_id": "sync", "regions": []any{"eu", "us"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `id: sync
namespace: company.team

tasks:
  - id: sync_eu
    type: io.kestra.plugin.core.log.Log
    message: "Syncing EU for {{ flow.id }}"
  - id: sync_us
    type: io.kestra.plugin.core.log.Log
    message: "Syncing US for {{ flow.id }}"
  - id: quiet
    type: io.kestra.plugin.core.log.Log
    message: no notification
`
	if out != want {
		t.Errorf("generated:\n%s\nwant:\n%s", out, want)
	}
	out, err = Generate(templated, map[string]any{"flow_id": "x", "regions": "asia", "notify": "true"})
	if err != nil || !strings.Contains(out, `message: "1 regions done"`) {
		t.Errorf("notify branch: %v\n%s", err, out)
	}
	for _, c := range []struct {
		given map[string]any
		want  string
	}{
		{map[string]any{"regions": []any{"eu"}}, "templateArgumentsInputs.flow_id: Invalid input for `flow_id`, missing required input"},
		{map[string]any{"flow_id": "x", "regions": []any{"mars"}}, "value `mars` is not one of"},
		{map[string]any{"flow_id": "x", "regions": []any{"eu"}, "retries": "many"}, "it must be an integer"},
	} {
		if _, err := Generate(templated, c.given); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.given, err, c.want)
		}
	}
}

func TestRender(t *testing.T) {
	vars := map[string]any{"arg": map[string]any{"name": "kestra", "list": []any{"a", "b"}, "n": int64(2), "m": map[string]any{"k": "v"}}}
	cases := []struct{ tpl, want, err string }{
		{"<< arg.name >>", "kestra", ""},
		{"<< arg.list | join(', ') >>", "a, b", ""},
		{"<< arg.m['k'] >>/<< arg.list[1] >>", "v/b", ""},
		{"<% if arg.n == 2 and not (arg.name == 'x') %>yes<% endif %>", "yes", ""},
		{"<% if arg.missing_ok or arg.name != 'kestra' %>a<% elseif arg.n == 2 %>b<% else %>c<% endif %>", "", "missing template argument 'arg.missing_ok'"},
		{"<% if arg.name != 'kestra' %>a<% elseif arg.n == 2 %>b<% else %>c<% endif %>", "b", ""},
		{"{{ outputs.x.value }} << arg.name >>", "{{ outputs.x.value }} kestra", ""},
		{"<< arg.name == >>", "", "cannot read expression"},
		{"<% for x in arg.list %><< x >>", "", "missing <% endfor %>"},
		{"<% endif %>", "", "unexpected"},
		{"<< arg.name | shout >>", "", "unknown filter 'shout'"},
	}
	for _, c := range cases {
		got, err := render(c.tpl, vars)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: %q %v, want error %q", c.tpl, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: %q %v, want %q", c.tpl, got, err, c.want)
		}
	}
}

func TestIncludedTasks(t *testing.T) {
	got := includedTasks("id: f\nnamespace: n\ninputs:\n  - id: i\n    type: STRING\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n  - id: p\n    type: io.kestra.plugin.core.flow.Parallel\n    tasks:\n      - id: b\n        type: io.kestra.plugin.core.log.Log\ntriggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n")
	want := "io.kestra.plugin.core.log.Log,io.kestra.plugin.core.flow.Parallel,io.kestra.plugin.core.trigger.Schedule"
	if strings.Join(got, ",") != want {
		t.Errorf("included %v", got)
	}
}
