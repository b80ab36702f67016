package pebble

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

var vars = map[string]any{
	"inputs":  map[string]any{"who": "ada", "n": int64(3), "f": 1.5, "list": []any{"a", "b"}, "num": json.Number("7"), "no": "false"},
	"outputs": map[string]any{"my-task": map[string]any{"uri": "kestra:///x"}, "t": map[string]any{"value": "v"}},
	"arg":     map[string]any{"regions": []any{"eu", "us"}, "on": true, "m": map[string]any{"k": "v", "a": int64(1)}},
}

func TestEval(t *testing.T) {
	cases := []struct {
		expr string
		want any
	}{
		{"inputs.who", "ada"},
		{"outputs['my-task'].uri", "kestra:///x"},
		{"inputs.list[1]", "b"},
		{"inputs.n + 2", int64(5)},
		{"inputs.n * inputs.f", 4.5},
		{"8 / 2", int64(4)},
		{"7 % 4", int64(3)},
		{"-inputs.n", int64(-3)},
		{"inputs.n > 2 and not (inputs.who == 'bob')", true},
		{"inputs.num >= 7", true},
		{"inputs.no or false", false},
		{"2 == '2'", true},
		{"'a' ~ inputs.n ~ inputs.list", "a3[a, b]"},
		{"inputs.who | upper | lower | capitalize", "Ada"},
		{"inputs.list | join('-')", "a-b"},
		{"inputs.list | length", int64(2)},
		{"inputs.nope | default('d')", "d"},
		{"inputs.nope.deeper | default('d')", "d"},
		{"arg.m | keys", []any{"a", "k"}},
		{"inputs.list | first", "a"},
		{"'abc' | last", "c"},
		{"(-2) | abs", int64(2)},
		{"'x' | md5", "9dd4e461268c8034f5c8564e155c67a6"},
		{"'x' | sha256", "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"},
		{"[1, 'b']", []any{int64(1), "b"}},
		{"null", nil},
	}
	for _, c := range cases {
		got, err := Eval(c.expr, vars)
		if err != nil || String(got) != String(c.want) {
			t.Errorf("%s: %#v %v, want %#v", c.expr, got, err, c.want)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	var missing *MissingError
	_, err := Eval("inputs.missing.x.y", vars)
	if !errors.As(err, &missing) || missing.Name() != "missing" || missing.Upto() != "inputs.missing" || strings.Join(missing.Path, ".") != "inputs.missing.x.y" {
		t.Errorf("missing: %#v", err)
	}
	_, err = Eval("inputs.list[5]", vars)
	if !errors.As(err, &missing) || !missing.Index || missing.Name() != "5" {
		t.Errorf("index: %#v", err)
	}
	cases := []struct{ expr, want string }{
		{"now()", "the function now()"},
		{"inputs.who | slugify", "the filter slugify"},
		{"inputs.who.trim()", "the method call .trim()"},
		{"1 +", "Unexpected end of expression"},
		{"'x' < 1", "cannot compare"},
		{"'open", "Unclosed string literal"},
		{"", "An expression was expected"},
		{"1 / 0", "/ by zero"},
	}
	for _, c := range cases {
		_, err := Eval(c.expr, vars)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.expr, err, c.want)
		}
	}
}

func TestRender(t *testing.T) {
	kestra := Options{Delims: Kestra, Print: JSON}
	tags := Options{Delims: Kestra, Tags: true}
	blueprint := Options{Delims: Blueprint, Tags: true}
	cases := []struct {
		tpl  string
		o    Options
		want string
	}{
		{"plain", kestra, "plain"},
		{"Hi {{inputs.who}}!", kestra, "Hi ada!"},
		{"{{ inputs.list }} {{ arg.m }}", kestra, `["a","b"] {"a":1,"k":"v"}`},
		{"{{ inputs.list }} {{ arg.m }} {{ 2.0 }}", tags, "[a, b] {a=1, k=v} 2.0"},
		{"{# comment #}x", kestra, "x"},
		{"a { b } {{ '}}' }}", kestra, "a { b } }}"},
		{"a  {{- inputs.who -}}\n b", kestra, "aadab"},
		{"{% for r in arg.regions %}[{{ r | upper }}]{% endfor %}", tags, "[EU][US]"},
		{"{% if arg.on %}on{% else %}off{% endif %}", tags, "on"},
		{"{% if not arg.on %}a{% elseif inputs.n == 3 %}b{% else %}c{% endif %}", tags, "b"},
		{"{% if inputs.no %}a{% endif %}", tags, ""},
		{"<% for r in arg.regions %><< r >> {{ flow.id }};<% endfor %>", blueprint, "eu {{ flow.id }};us {{ flow.id }};"},
	}
	for _, c := range cases {
		got, err := Render(c.tpl, vars, c.o)
		if err != nil || got != c.want {
			t.Errorf("%q: %q %v, want %q", c.tpl, got, err, c.want)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	kestra := Options{Delims: Kestra}
	blueprint := Options{Delims: Blueprint, Tags: true}
	cases := []struct {
		tpl       string
		o         Options
		want      string
		expr      string
		line      int
		syntaxErr bool
	}{
		{"line\n{{ inputs.missing }}", kestra, "missing inputs.missing", "inputs.missing", 2, false},
		{"{% if true %}x{% endif %}", kestra, "the tag {% if true %}", "if true", 1, false},
		{"{{ inputs.who ", kestra, "is never closed", "", 1, true},
		{"<% for x in arg.regions %><< x >>", blueprint, "missing <% endfor %>", "", 0, true},
		{"<% endif %>", blueprint, "unexpected <% endif %>", "", 1, true},
		{"<% if true %>a<% else %>b<% else %>c<% endif %>", blueprint, "unexpected <% else %>", "", 1, true},
		{"<% for x %><% endfor %>", blueprint, "invalid <% for x %>", "", 1, true},
		{"<% for x in inputs.who %><% endfor %>", blueprint, "'inputs.who' is not a list", "inputs.who", 1, false},
	}
	for _, c := range cases {
		_, err := Render(c.tpl, vars, c.o)
		var re *Error
		if !errors.As(err, &re) || !strings.Contains(err.Error(), c.want) || re.Expr != c.expr || re.Line != c.line {
			t.Errorf("%q: %#v, want %q in %q at line %d", c.tpl, err, c.want, c.expr, c.line)
			continue
		}
		var syntax *SyntaxError
		if errors.As(err, &syntax) != c.syntaxErr {
			t.Errorf("%q: syntax error %v, want %v", c.tpl, !c.syntaxErr, c.syntaxErr)
		}
	}
}

func TestRenderLenientKeepsWhatItCannotEvaluate(t *testing.T) {
	o := Options{Delims: Kestra, Lenient: true}
	for tpl, want := range map[string]string{
		"{{ inputs.who }} {{ now() }} {{ nope }} {% if x %}": "ada {{ now() }} {{ nope }} {% if x %}",
		"{{ unclosed": "{{ unclosed",
	} {
		if got, err := Render(tpl, vars, o); err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", tpl, got, err, want)
		}
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"{{ inputs.who }}", "{{ a.b[0] | default('x') }}", "{{ 1 + 2 * (3 - 1) }}", "{# c #}{{", "{% for x in arg.regions %}{{ x }}{% endfor %}", "{%- if arg.on -%} y {% elseif z %}{% else %}{% endif %}", "{{ 'a' ~ \"b\" }}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tpl string) {
		strict, err := Render(tpl, vars, Options{Delims: Kestra, Tags: true})
		lenient, _ := Render(tpl, vars, Options{Delims: Kestra, Tags: true, Lenient: true})
		if err == nil && lenient != strict {
			t.Fatalf("%q: strict %q, lenient %q", tpl, strict, lenient)
		}
		if err != nil && !errors.As(err, new(*Error)) {
			t.Fatalf("%q: %T is not an *Error", tpl, err)
		}
	})
}
