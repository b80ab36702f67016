package flows

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/kestrasim/yamldoc"
)

// flowSubject names a flow source in the errors of yamldoc.
const flowSubject = "flow source"

// parseDocument parses one flow (or task, trigger) source, a single YAML
// mapping, into JSON-compatible values.
func parseDocument(src []byte) (map[string]any, error) {
	return yamldoc.Map(src, flowSubject)
}

// ExtractIdentity returns the top-level id and namespace scalars of a flow
// source.
func ExtractIdentity(src []byte) (id, namespace string, err error) {
	root, err := yamldoc.Mapping(src, flowSubject)
	if err != nil {
		return "", "", err
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			continue
		}
		switch k.Value {
		case "id":
			id = v.Value
		case "namespace":
			namespace = v.Value
		}
	}
	if id == "" {
		return "", "", fmt.Errorf("flow has no id")
	}
	if namespace == "" {
		return "", "", fmt.Errorf("flow has no namespace")
	}
	return id, namespace, nil
}
