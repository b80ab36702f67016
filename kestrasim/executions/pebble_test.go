package executions

import (
	"encoding/json"
	"strings"
	"testing"
)

var pebbleVars = map[string]any{
	"inputs":    map[string]any{"who": "ada", "n": int64(3), "f": 1.5, "list": []any{"a", "b"}, "num": json.Number("7")},
	"outputs":   map[string]any{"my-task": map[string]any{"uri": "kestra:///x"}, "t": map[string]any{"value": "v"}},
	"execution": map[string]any{"id": "E1"},
	"taskrun":   map[string]any{"attemptsCount": int64(0)},
}

func TestRenderStrict(t *testing.T) {
	cases := []struct{ tpl, want string }{
		{"plain", "plain"},
		{"{{ inputs.who }}", "ada"},
		{"Hi {{inputs.who}}!", "Hi ada!"},
		{"{{ outputs['my-task'].uri }}", "kestra:///x"},
		{"{{ inputs.list[1] }}", "b"},
		{"{{ inputs.list }}", `["a","b"]`},
		{"{{ inputs.n + 2 }} {{ inputs.n * inputs.f }} {{ 7 / 2 }} {{ 8 / 2 }} {{ 7 % 4 }}", "5 4.5 3.5 4 3"},
		{"{{ inputs.n > 2 and not (inputs.who == 'bob') }}", "true"},
		{"{{ taskrun.attemptsCount < 1 }}", "true"},
		{"{{ inputs.num >= 7 }}", "true"},
		{"{{ 'a' ~ inputs.n ~ \"b\" }}", "a3b"},
		{"{{ inputs.who | upper }} {{ inputs.list | join('-') }} {{ inputs.list | length }}", "ADA a-b 2"},
		{"{{ inputs.nope | default('d') }} {{ inputs.who | default('d') }}", "d ada"},
		{"{{ outputs.t | toJson }}", `{"value":"v"}`},
		{"{# comment #}x", "x"},
		{"{{ null }}|{{ true }}|{{ -inputs.n }}", "|true|-3"},
		{"a { b } {{ '}}' }}", "a { b } }}"},
	}
	for _, c := range cases {
		got, err := renderStrict(c.tpl, pebbleVars)
		if err != nil || got != c.want {
			t.Errorf("%s: %q %v, want %q", c.tpl, got, err, c.want)
		}
	}
}

func TestRenderStrictErrors(t *testing.T) {
	cases := []struct{ tpl, want string }{
		{"{{ nope }}", "Unable to find `nope` used in the expression `{{ nope }}` at line 1"},
		{"line\n{{ inputs.missing }}", "Unable to find `missing` used in the expression `line\n{{ inputs.missing }}` at line 2"},
		{"{{ now() }}", "kestrasim does not evaluate the function now()"},
		{"{{ inputs.who | slugify }}", "kestrasim does not evaluate the filter slugify"},
		{"{% if true %}x{% endif %}", "kestrasim does not evaluate Pebble tags"},
		{"{{ inputs.who ", "ParserException"},
		{"{{ 1 + }}", "ParserException"},
		{"{{ 'x' < 1 }}", "cannot compare"},
	}
	for _, c := range cases {
		_, err := renderStrict(c.tpl, pebbleVars)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.tpl, err, c.want)
		}
	}
}

func TestRenderLenientKeepsWhatItCannotEvaluate(t *testing.T) {
	got := renderLenient("{{ inputs.who }} {{ now() }} {{ nope }}", pebbleVars)
	if got != "ada {{ now() }} {{ nope }}" {
		t.Errorf("got %q", got)
	}
}

func FuzzRenderStrict(f *testing.F) {
	for _, s := range []string{"{{ inputs.who }}", "{{ a.b[0] | default('x') }}", "{{ 1 + 2 * (3 - 1) }}", "{# c #}{{", "{% x %}", "{{ 'a' ~ \"b\" }}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tpl string) {
		out, err := renderStrict(tpl, pebbleVars)
		lenient := renderLenient(tpl, pebbleVars)
		if err == nil && !strings.Contains(tpl, "{%") && lenient != out {
			t.Fatalf("%q: strict %q, lenient %q", tpl, out, lenient)
		}
	})
}
