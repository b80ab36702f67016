package executions

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/pebble"
)

// Task properties and the eval route render with kestrasim's Pebble
// (package pebble), without tags, and fail with Kestra's messages: a
// missing variable is Kestra's strict-mode error
// (VariableRenderer.properPebbleException): "Unable to find `x` used in the
// expression `{{ x }}` at line 1"; what kestrasim does not evaluate says so.

// exprError is an evaluation error with Kestra's message.
type exprError struct{ msg string }

func (e *exprError) Error() string { return e.msg }

// renderOptions render as Kestra writes a property: maps and lists as JSON.
var renderOptions = pebble.Options{Delims: pebble.Kestra, Print: pebble.JSON}

// renderStrict renders a template as Kestra does, failing on the first
// error with Kestra's message.
func renderStrict(tpl string, vars map[string]any) (string, error) {
	out, err := pebble.Render(tpl, vars, renderOptions)
	if err != nil {
		return "", kestraError(err, tpl)
	}
	return out, nil
}

// kestraError words a rendering error as Kestra does.
func kestraError(err error, tpl string) error {
	var re *pebble.Error
	if !errors.As(err, &re) {
		return &exprError{msg: "io.pebbletemplates.pebble.error.PebbleException: " + err.Error()}
	}
	var (
		missing     *pebble.MissingError
		unsupported *pebble.UnsupportedError
		syntax      *pebble.SyntaxError
	)
	switch {
	case errors.As(re.Err, &syntax) && re.Expr == "":
		return &exprError{msg: "io.pebbletemplates.pebble.error.ParserException: " + syntax.Msg}
	case errors.As(re.Err, &missing):
		return &exprError{msg: fmt.Sprintf("Unable to find `%s` used in the expression `%s` at line %d", missing.Name(), tpl, re.Line)}
	case errors.As(re.Err, &unsupported) && unsupported.Kind == "tag":
		return &exprError{msg: fmt.Sprintf("io.pebbletemplates.pebble.error.PebbleException: kestrasim does not evaluate Pebble tags such as %s (%s:%d)", re.Raw, tpl, re.Line)}
	case errors.As(re.Err, &unsupported):
		return &exprError{msg: fmt.Sprintf("io.pebbletemplates.pebble.error.PebbleException: kestrasim does not evaluate %s; it evaluates variables, literals, comparisons, and/or/not, arithmetic and the filters upper, lower, trim, capitalize, length, default, toJson, join, first, last, keys, abs, md5, sha1, sha256, sha512 (%s:%d)", unsupported, tpl, re.Line)}
	case errors.As(re.Err, &syntax):
		return &exprError{msg: fmt.Sprintf("io.pebbletemplates.pebble.error.ParserException: %s (%s:%d)", syntax.Msg, tpl, re.Line)}
	}
	return &exprError{msg: fmt.Sprintf("io.pebbletemplates.pebble.error.PebbleException: %v (%s:%d)", re.Err, tpl, re.Line)}
}

// renderLenient renders the expressions it can and keeps the others as
// written (task properties: the simulator must not fail a task over an
// expression it does not implement).
func renderLenient(tpl string, vars map[string]any) string {
	if !strings.Contains(tpl, "{{") && !strings.Contains(tpl, "{#") {
		return tpl
	}
	o := renderOptions
	o.Lenient = true
	out, _ := pebble.Render(tpl, vars, o)
	return out
}
