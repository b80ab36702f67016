package testsuites

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/pebble"
)

// Assertions render their properties the way Kestra's Pebble renderer does
// with strict variables (package pebble): an unknown variable is an
// evaluation error (which Assertion.run reports as an AssertionRunError),
// values print as Java prints them.

// errEval is an expression that cannot be evaluated.
type errEval struct{ msg string }

func (e errEval) Error() string { return e.msg }

var renderOptions = pebble.Options{Delims: pebble.Kestra, Print: pebble.String, Tags: true}

// render renders text. When the whole text is one expression the value
// itself is returned (nil for a null value, so that isNull can see it),
// else the text with every expression replaced by its printed value.
func render(text string, vars map[string]any) (any, error) {
	if segs, err := pebble.Scan(strings.TrimSpace(text), pebble.Kestra); err == nil && len(segs) == 1 && segs[0].Kind == pebble.Print {
		v, err := pebble.Eval(segs[0].Text, vars)
		if err != nil {
			return nil, evalError(err, segs[0].Text)
		}
		if v == nil {
			return nil, nil
		}
		return pebble.String(v), nil
	}
	out, err := pebble.Render(text, vars, renderOptions)
	if err != nil {
		var re *pebble.Error
		if errors.As(err, &re) {
			return nil, evalError(re.Err, re.Expr)
		}
		return nil, evalError(err, text)
	}
	return out, nil
}

// renderString renders text as a string ("" for null).
func renderString(text string, vars map[string]any) (string, error) {
	v, err := render(text, vars)
	if err != nil || v == nil {
		return "", err
	}
	return v.(string), nil
}

// evalError words an evaluation error of expr.
func evalError(err error, expr string) error {
	var (
		missing     *pebble.MissingError
		unsupported *pebble.UnsupportedError
	)
	switch {
	case errors.As(err, &missing) && missing.Index:
		return errEval{fmt.Sprintf("Index %s out of bounds on '%s'", missing.Name(), expr)}
	case errors.As(err, &missing):
		return errEval{fmt.Sprintf("Missing variable: '%s' on '%s'", missing.Upto(), expr)}
	case errors.As(err, &unsupported):
		return errEval{fmt.Sprintf("Unable to evaluate expression '%s': kestrasim does not evaluate %v", expr, err)}
	}
	return errEval{fmt.Sprintf("Unable to evaluate expression '%s': %v", expr, err)}
}
