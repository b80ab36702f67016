// Package source reads the YAML sources of the content-as-code resources:
// one document, a mapping, turned into JSON-compatible values (the source
// itself is stored verbatim by the caller), strict decoding into typed
// models, and Kestra-shaped constraint violations.
package source

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/kestrasim/yamldoc"
)

// MaxSize bounds a YAML source.
const MaxSize = 16 << 20

// Node parses a single YAML document that must be a mapping.
func Node(src []byte) (*yaml.Node, error) {
	root, err := yamldoc.Mapping(src, "the source")
	if err != nil {
		return nil, cleanError(err)
	}
	return root, nil
}

// Map parses a single YAML mapping into JSON-compatible values.
func Map(src []byte) (map[string]any, error) {
	m, err := yamldoc.Map(src, "the source")
	if err != nil {
		return nil, cleanError(err)
	}
	return m, nil
}

// Value converts a YAML node into JSON-compatible Go values
// (map[string]any, []any, string, int64, float64, bool, nil). Timestamps
// stay the strings they were written as.
func Value(n *yaml.Node) (any, error) { return yamldoc.Value(n) }

// Decode decodes one YAML mapping into v strictly: a field the model does
// not know is an error, as Kestra's YAML parser (Jackson with
// FAIL_ON_UNKNOWN_PROPERTIES) reports it.
func Decode(src []byte, v any) error {
	if _, err := Map(src); err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return cleanError(err)
	}
	return nil
}

var (
	unknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)
	cannotDecode = regexp.MustCompile(`cannot unmarshal !!(\w+) ` + "`" + `?([^` + "`" + `]*?)` + "`" + `? into (\S+)`)
)

// cleanError turns yaml.v3 errors into messages that speak of the source,
// not of Go types.
func cleanError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	msg = unknownField.ReplaceAllString(msg, `Unrecognized field "$1"`)
	msg = cannotDecode.ReplaceAllStringFunc(msg, func(m string) string {
		parts := cannotDecode.FindStringSubmatch(m)
		return fmt.Sprintf("cannot read %s %q as %s", kindName(parts[1]), parts[2], goKind(parts[3]))
	})
	return errors.New(msg)
}

func kindName(tag string) string {
	switch tag {
	case "str":
		return "string"
	case "seq":
		return "list"
	case "map":
		return "mapping"
	}
	return tag
}

func goKind(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["):
		return "a mapping"
	case t == "string":
		return "a string"
	case t == "bool":
		return "a boolean"
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "float"):
		return "a number"
	}
	return "an object"
}
