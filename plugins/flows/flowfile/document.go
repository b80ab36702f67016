// Package flowfile reads flow files the way `flows deploy` and `flows
// validate` need them: the documents of .yaml/.yml files (sdk/yamldoc:
// collected, split without touching their bytes), each flow's id and
// namespace, and rewrites of only the top-level namespace scalar (or the
// triggers' disabled flags), keeping comments, key order and layout.
package flowfile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/yamldoc"
	"gopkg.in/yaml.v3"
)

// Document is one YAML document of a flow file (File, Index, Count,
// Source, Err and Label from yamldoc.Document; Fields is not read).
type Document struct {
	yamldoc.Document
	// ID and Namespace are the flow's top-level id and namespace, when the
	// document is a mapping that has them.
	ID, Namespace string
}

// ValidateID checks a flow id, as Kestra does.
func ValidateID(id string) error { return plugin.ValidateID("flow id", id, 100) }

// ValidateNamespace checks a namespace, as Kestra does.
func ValidateNamespace(ns string) error { return plugin.ValidateNamespace(ns) }

// IsFlowFile reports whether the name has a .yaml or .yml extension.
func IsFlowFile(name string) bool { return yamldoc.IsYAML(name) }

// Parse splits a file's text into documents and reads each one's id and
// namespace. A document that is not a flow gets Err; the others are kept.
// A file without any document gives none.
func Parse(file string, data []byte) []*Document {
	raw := yamldoc.Split(data)
	docs := make([]*Document, 0, len(raw))
	for i, src := range raw {
		d := &Document{Document: yamldoc.Document{File: file, Index: i, Count: len(raw), Source: src}}
		d.ID, d.Namespace, d.Err = identify(src)
		docs = append(docs, d)
	}
	return docs
}

// Failed is a document standing for a file that could not be used (it
// cannot be read, it holds no document).
func Failed(file string, err error) *Document {
	return &Document{Document: yamldoc.Document{File: file, Count: 1, Err: err}}
}

// identify reads the top-level id and namespace of a document.
func identify(src []byte) (id, namespace string, err error) {
	root, err := parseMapping(src)
	if err != nil {
		return "", "", err
	}
	idNode := yamldoc.Value(root, "id")
	nsNode := yamldoc.Value(root, "namespace")
	switch {
	case nsNode == nil:
		return "", "", errors.New("the flow has no top-level 'namespace' field")
	case nsNode.Kind != yaml.ScalarNode || strings.TrimSpace(nsNode.Value) == "":
		return "", "", errors.New("the flow's 'namespace' must be a non-empty string")
	case idNode == nil:
		return "", "", errors.New("the flow has no top-level 'id' field")
	case idNode.Kind != yaml.ScalarNode || strings.TrimSpace(idNode.Value) == "":
		return "", "", errors.New("the flow's 'id' must be a non-empty string")
	}
	return idNode.Value, nsNode.Value, nil
}

// parseMapping parses one document and returns its top-level mapping,
// with an error worded for a flow.
func parseMapping(src []byte) (*yaml.Node, error) {
	root, err := yamldoc.Mapping(src)
	var nm *yamldoc.NotMappingError
	if errors.As(err, &nm) {
		return nil, fmt.Errorf("a flow must be a YAML mapping (key: value pairs), not a %s", nm.Kind)
	}
	return root, err
}
