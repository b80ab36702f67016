package permissions

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// maxFileSize bounds a permissions file.
const maxFileSize = 1 << 20

// ReadFile reads a --permissions-file: a YAML or JSON map of resource to a
// list of actions (FLOW: [VIEW, LIST]); a role document with such a map
// under "permissions" is accepted too.
func ReadFile(path string) (Set, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, cmderr.Usagef("--permissions-file %s: no such file", path)
		}
		return nil, cmderr.Usagef("--permissions-file %s: %v", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, cmderr.Usagef("--permissions-file %s: %v", path, err)
	}
	if len(data) > maxFileSize {
		return nil, cmderr.Usagef("--permissions-file %s: larger than %d bytes, is it the right file?", path, maxFileSize)
	}
	return ParseFile(path, data)
}

// ParseFile parses the content of a permissions file; name is used in
// messages.
func ParseFile(name string, data []byte) (Set, error) {
	where := "--permissions-file " + name
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, cmderr.Usagef("%s is empty: expected a map such as FLOW: [VIEW, LIST]", where)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, cmderr.Usagef("%s is not valid YAML or JSON: %s", where, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind == yaml.MappingNode && len(root.Content) == 2 && strings.EqualFold(root.Content[0].Value, "permissions") &&
		root.Content[1].Kind == yaml.MappingNode {
		root = root.Content[1]
	}
	if root.Kind != yaml.MappingNode {
		return nil, cmderr.Usagef("%s: line %d: expected a map of resource to actions, such as FLOW: [VIEW, LIST]", where, root.Line)
	}
	set := Set{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		at := fmt.Sprintf("%s (line %d)", where, k.Line)
		if k.Kind != yaml.ScalarNode {
			return nil, cmderr.Usagef("invalid %s: a key must be a permission type such as FLOW", at)
		}
		res, err := resource(at, k.Value)
		if err != nil {
			return nil, err
		}
		var items []*yaml.Node
		switch v.Kind {
		case yaml.SequenceNode:
			items = v.Content
		case yaml.ScalarNode:
			if v.Tag != "!!null" {
				for _, part := range strings.Split(v.Value, ",") {
					items = append(items, &yaml.Node{Kind: yaml.ScalarNode, Value: part, Line: v.Line})
				}
			}
		default:
			return nil, cmderr.Usagef("invalid %s: %s must be a list of actions, such as [VIEW, LIST]", at, res)
		}
		var acts []string
		for _, it := range items {
			if it.Kind != yaml.ScalarNode {
				return nil, cmderr.Usagef("invalid %s (line %d): the actions of %s must be names such as VIEW", where, it.Line, res)
			}
			if strings.TrimSpace(it.Value) == "" {
				continue
			}
			act, err := action(fmt.Sprintf("%s (line %d)", where, it.Line), it.Value)
			if err != nil {
				return nil, err
			}
			acts = append(acts, act)
		}
		if len(acts) == 0 {
			return nil, cmderr.Usagef("invalid %s: no actions for %s, e.g. %s: [VIEW, LIST]", at, res, res)
		}
		set.add(res, acts...)
	}
	if len(set) == 0 {
		return nil, cmderr.Usagef("%s grants nothing: expected a map such as FLOW: [VIEW, LIST]", where)
	}
	return set, nil
}
