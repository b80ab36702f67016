// Package yamldoc reads the YAML documents the simulator takes as sources
// (flows and the content-as-code resources): one document that must be a
// mapping, turned into JSON-compatible values with a bound on how far
// aliases may expand it, and multi-document texts split byte for byte.
package yamldoc

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

// maxNodes bounds how many values one document may expand to (aliases can
// multiply a small source into a huge value).
const maxNodes = 200_000

// ErrTooLarge reports an alias bomb.
var ErrTooLarge = errors.New("document expands to too many values")

// Mapping parses a single YAML document that must be a mapping. subject
// names the source in the errors Mapping words itself ("flow source is
// empty"); yaml.v3's own errors are returned as they are.
func Mapping(src []byte, subject string) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%s is empty", subject)
		}
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("%s holds more than one YAML document", subject)
	} else if err != io.EOF {
		return nil, err
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s must be a YAML mapping", subject)
	}
	return root, nil
}

// Map parses a single YAML mapping into JSON-compatible values (Mapping,
// then Value).
func Map(src []byte, subject string) (map[string]any, error) {
	root, err := Mapping(src, subject)
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
// (map[string]any, []any, string, int64, float64, bool, nil), failing with
// ErrTooLarge past maxNodes values. Timestamps stay the strings they were
// written as.
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

// docSeparator is a YAML document separator line, as Kestra splits
// multi-document bodies.
var docSeparator = regexp.MustCompile(`(?m)^---[ \t]*(#.*)?\r?$`)

// SplitDocuments splits a multi-document YAML text into the source of each
// document, byte for byte. A leading separator does not start an empty
// document; empty documents between separators are kept (they validate as
// errors, keeping indexes aligned with what the client sent).
func SplitDocuments(src []byte) [][]byte {
	locs := docSeparator.FindAllIndex(src, -1)
	var docs [][]byte
	start := 0
	for i, loc := range locs {
		part := src[start:loc[0]]
		start = loc[1]
		if start < len(src) && src[start] == '\n' {
			start++
		}
		if i == 0 && len(bytes.TrimSpace(part)) == 0 {
			continue
		}
		docs = append(docs, part)
	}
	tail := src[start:]
	if len(docs) == 0 || len(bytes.TrimSpace(tail)) > 0 {
		docs = append(docs, tail)
	}
	return docs
}
