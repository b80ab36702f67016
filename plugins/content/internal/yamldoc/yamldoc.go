// Package yamldoc reads YAML resource files the way the deploy commands
// need them: it collects the .yaml/.yml files of a path, splits each file
// into its documents without touching their bytes, and reads each
// document's top-level scalar fields (id, namespace, flowId...).
//
// The flows plugin has the same reader (plugins/flows/flowfile); plugins
// may not import each other, so this is its content-shaped twin until the
// SDK offers one.
package yamldoc

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
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
	// Source is the document's text, byte for byte.
	Source []byte
	// Fields are the top-level fields whose values are scalars.
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

// ErrNoDocument is the error of a file without any YAML document.
var ErrNoDocument = errors.New("the file holds no YAML document")

// IsYAML reports whether a file name ends in .yaml or .yml.
func IsYAML(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// Collect returns the YAML files under path: the file itself, or the
// .yaml/.yml files of a directory (recursively unless recursive is false),
// skipping hidden entries, sorted.
func Collect(path string, recursive bool) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("path %q does not exist", path)
		}
		return nil, fmt.Errorf("cannot access %q: %w", path, err)
	}
	if !st.IsDir() {
		if !IsYAML(path) {
			return nil, fmt.Errorf("%q is not a .yaml or .yml file", path)
		}
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("scan %q: %w", p, err)
		}
		if p == path {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") || (d.IsDir() && !recursive) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !IsYAML(p) {
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, p)
		} else if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			files = append(files, p) // a symbolic link to a file
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no .yaml or .yml files found in directory %q", path)
	}
	sort.Strings(files)
	return files, nil
}

// Split cuts a file's text into its YAML documents at "---" lines (and
// after "..." end markers); empty documents (blank lines and comments)
// are dropped; each document keeps its exact bytes.
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

// Parse splits a file's text into documents and reads each one's
// top-level scalar fields; a document that is not a YAML mapping gets Err.
func Parse(file string, data []byte) []*Document {
	raw := Split(data)
	if len(raw) == 0 {
		return []*Document{{File: file, Count: 1, Err: ErrNoDocument}}
	}
	docs := make([]*Document, 0, len(raw))
	for i, src := range raw {
		d := &Document{File: file, Index: i, Count: len(raw), Source: src}
		d.Fields, d.Err = fields(src)
		docs = append(docs, d)
	}
	return docs
}

// fields reads the top-level scalar fields of a document.
func fields(src []byte) (map[string]string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("invalid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, ErrNoDocument
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, errors.New("the document must be a YAML mapping (key: value pairs)")
	}
	out := map[string]string{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if v := root.Content[i+1]; v.Kind == yaml.ScalarNode {
			out[root.Content[i].Value] = v.Value
		}
	}
	return out, nil
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
