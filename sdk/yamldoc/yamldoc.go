// Package yamldoc reads YAML resource files the way the deploy and
// validate commands take them (flows, test suites, apps, dashboards...):
// it collects the .yaml/.yml files of the paths given, splits each file
// into its documents without touching their bytes (what is deployed is the
// file's text, comments and layout kept), and reads each document's
// top-level mapping.
package yamldoc

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Document is one YAML document of a file.
type Document struct {
	// File names the file as the user gave it.
	File string
	// Index is the document's position among the file's non-empty
	// documents; Count is how many the file holds.
	Index, Count int
	// Source is the document's text, byte for byte as in the file (without
	// the "---" separator lines).
	Source []byte
	// Fields are the top-level fields whose values are scalars (Parse).
	Fields map[string]string
	// Err says why the document cannot be used.
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

// Number is the document's 1-based number in a multi-document file, else 0.
func (d *Document) Number() int {
	if d.Count > 1 {
		return d.Index + 1
	}
	return 0
}

// Require returns the values of the named top-level fields, or an error
// naming the first one missing (noun: "test suite").
func (d *Document) Require(noun string, names ...string) ([]string, error) {
	if d.Err != nil {
		return nil, d.Err
	}
	out := make([]string, len(names))
	for i, n := range names {
		v := strings.TrimSpace(d.Fields[n])
		if v == "" {
			return nil, fmt.Errorf("the %s has no top-level '%s' field", noun, n)
		}
		out[i] = v
	}
	return out, nil
}

// ErrNoDocument is the error of a file without any YAML document.
var ErrNoDocument = errors.New("the file holds no YAML document")

// NotMappingError is the error of a document that is not a YAML mapping.
type NotMappingError struct {
	// Kind is what it is instead: "list", "single value", "alias".
	Kind string
}

func (e *NotMappingError) Error() string {
	return fmt.Sprintf("the document must be a YAML mapping (key: value pairs), not a %s", e.Kind)
}

// SameSource reports whether the source a server stores is a document's,
// trailing white space aside (servers may trim it): deploying it again
// would change nothing.
func SameSource(stored string, local []byte) bool {
	return strings.TrimRight(stored, " \t\r\n") == string(bytes.TrimRight(local, " \t\r\n"))
}

// Split cuts a file's text into its YAML documents at "---" lines (and
// after "..." end markers). Empty documents (only blank lines, comments
// and directives) are dropped. Each document keeps its exact bytes.
func Split(data []byte) [][]byte {
	var docs [][]byte
	start, pos := 0, 0
	flush := func(end int) {
		if doc := data[start:end]; !isEmpty(doc) {
			docs = append(docs, doc)
		}
	}
	for pos < len(data) {
		lineEnd, next := len(data), len(data)
		if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
			lineEnd, next = pos+i, pos+i+1
		}
		line := strings.TrimRight(string(data[pos:lineEnd]), "\r")
		switch {
		case line == "---" || strings.HasPrefix(line, "--- ") || strings.HasPrefix(line, "---\t"):
			flush(pos)
			start = next
			// "--- key: value" starts the next document on the marker line.
			if rest := strings.TrimSpace(line[3:]); rest != "" && !strings.HasPrefix(rest, "#") {
				start = pos + strings.Index(string(data[pos:lineEnd]), rest)
			}
		case line == "...":
			flush(pos)
			start = next
		}
		pos = next
	}
	flush(len(data))
	return docs
}

func isEmpty(doc []byte) bool {
	for _, line := range strings.Split(string(doc), "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "%") {
			return false
		}
	}
	return true
}

// Mapping parses one document and returns its top-level mapping node.
// Errors: "invalid YAML: ...", ErrNoDocument, *NotMappingError.
func Mapping(src []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("invalid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, ErrNoDocument
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &NotMappingError{Kind: kindName(root.Kind)}
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

// Value returns the value node of key in a mapping, nil when absent.
func Value(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// Parse splits a file's text into documents and reads each one's
// top-level scalar fields; a document that is not a YAML mapping gets Err.
// A file without any document is one document carrying ErrNoDocument.
func Parse(file string, data []byte) []*Document {
	raw := Split(data)
	if len(raw) == 0 {
		return []*Document{{File: file, Count: 1, Err: ErrNoDocument}}
	}
	docs := make([]*Document, 0, len(raw))
	for i, src := range raw {
		d := &Document{File: file, Index: i, Count: len(raw), Source: src}
		root, err := Mapping(src)
		if err != nil {
			d.Err = err
		} else {
			d.Fields = map[string]string{}
			for i := 0; i+1 < len(root.Content); i += 2 {
				if v := root.Content[i+1]; v.Kind == yaml.ScalarNode {
					d.Fields[root.Content[i].Value] = v.Value
				}
			}
		}
		docs = append(docs, d)
	}
	return docs
}
