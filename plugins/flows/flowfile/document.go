package flowfile

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/sdk/plugin"
	"gopkg.in/yaml.v3"
)

// Document is one YAML document of a flow file.
type Document struct {
	// File is the path the document was read from.
	File string
	// Index is the document's position in its file (0-based) among the
	// non-empty documents; Count is how many the file holds.
	Index, Count int
	// Source is the document's text, byte for byte as in the file (without
	// the "---" separator lines).
	Source []byte
	// ID and Namespace are the flow's top-level id and namespace, when the
	// document is a mapping that has them.
	ID, Namespace string
	// Err says why the document is not a deployable flow.
	Err error
}

// Label names the document in reports: the file, with "#N" (1-based) when
// the file holds several documents.
func (d *Document) Label() string {
	if d.Count > 1 {
		return fmt.Sprintf("%s#%d", d.File, d.Index+1)
	}
	return d.File
}

// ValidateID checks a flow id, as Kestra does.
func ValidateID(id string) error { return plugin.ValidateID("flow id", id, 100) }

// ValidateNamespace checks a namespace, as Kestra does.
func ValidateNamespace(ns string) error { return plugin.ValidateNamespace(ns) }

// Split cuts a file's text into its YAML documents at "---" lines (and
// after "..." end markers). Empty documents (only blank lines and comments)
// are dropped. Each document keeps its exact bytes.
func Split(data []byte) [][]byte {
	var docs [][]byte
	start := 0
	pos := 0
	flush := func(end int) {
		doc := data[start:end]
		if !isEmptyDoc(doc) {
			docs = append(docs, doc)
		}
	}
	for pos < len(data) {
		end := bytes.IndexByte(data[pos:], '\n')
		lineEnd := len(data)
		next := len(data)
		if end >= 0 {
			lineEnd = pos + end
			next = lineEnd + 1
		}
		line := strings.TrimRight(string(data[pos:lineEnd]), "\r")
		if isSeparator(line) {
			flush(pos)
			start = next
			// "--- key: value" starts the next document on the marker line.
			if rest := strings.TrimSpace(strings.TrimPrefix(line, "---")); rest != "" && !strings.HasPrefix(rest, "#") {
				start = pos + strings.Index(string(data[pos:lineEnd]), rest)
			}
		} else if line == "..." {
			flush(pos)
			start = next
		}
		pos = next
	}
	flush(len(data))
	return docs
}

func isSeparator(line string) bool {
	return line == "---" || strings.HasPrefix(line, "--- ") || strings.HasPrefix(line, "---\t")
}

func isEmptyDoc(doc []byte) bool {
	for _, line := range strings.Split(string(doc), "\n") {
		t := strings.TrimSpace(line)
		if t != "" && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "%") {
			return false
		}
	}
	return true
}

// Parse splits a file's text into documents and reads each one's id and
// namespace. A document that is not a flow gets Err; the others are kept.
func Parse(file string, data []byte) []*Document {
	raw := Split(data)
	docs := make([]*Document, 0, len(raw))
	for i, src := range raw {
		d := &Document{File: file, Index: i, Count: len(raw), Source: src}
		d.ID, d.Namespace, d.Err = identify(src)
		docs = append(docs, d)
	}
	return docs
}

// ErrNoDocument is returned for a file without any YAML document.
var ErrNoDocument = errors.New("the file holds no YAML document")

// identify reads the top-level id and namespace of a document.
func identify(src []byte) (id, namespace string, err error) {
	root, err := parseMapping(src)
	if err != nil {
		return "", "", err
	}
	idNode := mappingValue(root, "id")
	nsNode := mappingValue(root, "namespace")
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

// parseMapping parses one document and returns its top-level mapping.
func parseMapping(src []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("invalid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, ErrNoDocument
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("a flow must be a YAML mapping (key: value pairs), not a %s", kindName(root.Kind))
	}
	return root, nil
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value"
	case yaml.AliasNode:
		return "alias"
	}
	return "document"
}

// mappingValue returns the value node of key in a mapping, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
