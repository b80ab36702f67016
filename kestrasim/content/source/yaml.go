// Package source reads the YAML sources of the content-as-code resources:
// one document, a mapping, turned into JSON-compatible values (the source
// itself is stored verbatim by the caller), strict decoding into typed
// models, and Kestra-shaped constraint violations.
package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// MaxSize bounds a YAML source.
const MaxSize = 16 << 20

// maxNodes bounds how many values one document may expand to (aliases can
// multiply a small source into a huge value).
const maxNodes = 200_000

// ErrTooLarge reports an alias bomb.
var ErrTooLarge = errors.New("document expands to too many values")

// Node parses a single YAML document that must be a mapping.
func Node(src []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, errors.New("the source is empty")
		}
		return nil, cleanError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, errors.New("the source holds more than one YAML document")
	} else if err != io.EOF {
		return nil, cleanError(err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, errors.New("the source must be a YAML mapping")
	}
	return root, nil
}

// Map parses a single YAML mapping into JSON-compatible values.
func Map(src []byte) (map[string]any, error) {
	root, err := Node(src)
	if err != nil {
		return nil, err
	}
	v, err := Value(root)
	if err != nil {
		return nil, err
	}
	return v.(map[string]any), nil
}

// Value converts a YAML node into JSON-compatible Go values
// (map[string]any, []any, string, int64, float64, bool, nil). Timestamps
// stay the strings they were written as.
func Value(n *yaml.Node) (any, error) {
	budget := maxNodes
	return value(n, &budget)
}

func value(n *yaml.Node, budget *int) (any, error) {
	*budget--
	if *budget < 0 {
		return nil, ErrTooLarge
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return value(n.Content[0], budget)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		return value(n.Alias, budget)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := value(c, budget)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Tag == "!!merge" {
				merged, err := value(v, budget)
				if err != nil {
					return nil, err
				}
				if m, ok := merged.(map[string]any); ok {
					for mk, mv := range m {
						if _, exists := out[mk]; !exists {
							out[mk] = mv
						}
					}
				}
				continue
			}
			key, err := value(k, budget)
			if err != nil {
				return nil, err
			}
			val, err := value(v, budget)
			if err != nil {
				return nil, err
			}
			out[fmt.Sprint(key)] = val
		}
		return out, nil
	case yaml.ScalarNode:
		return scalar(n), nil
	}
	return nil, nil
}

func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			return n.Value
		}
		return b
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return i
		}
		return n.Value
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return n.Value
		}
		return f
	}
	return n.Value
}

// Decode decodes one YAML mapping into v strictly: a field the model does
// not know is an error, as Kestra's YAML parser (Jackson with
// FAIL_ON_UNKNOWN_PROPERTIES) reports it.
func Decode(src []byte, v any) error {
	root, err := Node(src)
	if err != nil {
		return err
	}
	budget := maxNodes
	if _, err := value(root, &budget); err != nil {
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
