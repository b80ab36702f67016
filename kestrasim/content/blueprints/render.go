package blueprints

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/pebble"
)

// Templated blueprints render with kestrasim's Pebble (package pebble)
// under the delimiters `<< expr >>` (prints) and `<% tag %>` (for/endfor,
// if/elseif/else/endif), so that Kestra expressions ({{ }}) pass through.

// tagLine is a line holding only a control tag: the tag stays, the line
// goes.
var tagLine = regexp.MustCompile(`(?m)^[ \t]*(<%.*?%>)[ \t]*\r?\n`)

var renderOptions = pebble.Options{Delims: pebble.Blueprint, Tags: true}

// render renders a template against vars.
func render(src string, vars map[string]any) (string, error) {
	out, err := pebble.Render(tagLine.ReplaceAllString(src, "$1"), vars, renderOptions)
	if err != nil {
		return "", renderError(err)
	}
	return out, nil
}

// renderError says what failed in a template.
func renderError(err error) error {
	var (
		re          *pebble.Error
		missing     *pebble.MissingError
		unsupported *pebble.UnsupportedError
		syntax      *pebble.SyntaxError
	)
	if !errors.As(err, &re) || re.Expr == "" {
		return err
	}
	switch {
	case errors.As(re.Err, &missing) && missing.Path[0] == "arg" && len(missing.Path) > 1:
		return fmt.Errorf("missing template argument '%s'", strings.Join(missing.Path, "."))
	case errors.As(re.Err, &missing):
		return fmt.Errorf("missing variable '%s'", strings.Join(missing.Path, "."))
	case errors.As(re.Err, &unsupported) && unsupported.Kind == "filter":
		return fmt.Errorf("unknown filter '%s'", unsupported.Name)
	case errors.As(re.Err, &syntax):
		return fmt.Errorf("cannot read expression '%s'", re.Expr)
	}
	return fmt.Errorf("%s: %w", re.Raw, re.Err)
}
