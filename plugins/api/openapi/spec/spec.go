// Package spec reads the operations out of the Kestra OpenAPI document. It
// is used by the index generator (openapi/gen) and by the test that keeps
// the embedded index in step with the document; the plugin binary does not
// link it.
package spec

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/plugins/api/openapi"
)

type document struct {
	Paths map[string]map[string]yaml.Node `yaml:"paths"`
}

type parameter struct {
	Name string `yaml:"name"`
	In   string `yaml:"in"`
}

type operation struct {
	OperationID string      `yaml:"operationId"`
	Summary     string      `yaml:"summary"`
	Tags        []string    `yaml:"tags"`
	Deprecated  bool        `yaml:"deprecated"`
	Parameters  []parameter `yaml:"parameters"`
	RequestBody *struct {
		Content yaml.Node `yaml:"content"`
	} `yaml:"requestBody"`
	Responses map[string]struct {
		Content yaml.Node `yaml:"content"`
	} `yaml:"responses"`
	XKestra struct {
		Edition string `yaml:"edition"`
	} `yaml:"x-kestra"`
}

func isMethod(s string) bool {
	switch s {
	case "get", "post", "put", "patch", "delete", "head", "options":
		return true
	}
	return false
}

// Operations returns every operation of the document, sorted by path and
// method.
func Operations(doc []byte) ([]openapi.Operation, error) {
	var d document
	if err := yaml.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("parse the OpenAPI document: %w", err)
	}
	var out []openapi.Operation
	ids := map[string]string{}
	for path, item := range d.Paths {
		for method, node := range item {
			if !isMethod(method) {
				if method == "parameters" {
					return nil, fmt.Errorf("%s: path-level parameters are not supported by the index", path)
				}
				continue
			}
			var op operation
			if err := node.Decode(&op); err != nil {
				return nil, fmt.Errorf("%s %s: %w", method, path, err)
			}
			o := openapi.Operation{
				ID:         op.OperationID,
				Method:     strings.ToUpper(method),
				Path:       path,
				Summary:    strings.TrimSpace(op.Summary),
				Tags:       op.Tags,
				Enterprise: op.XKestra.Edition == "ee",
				Deprecated: op.Deprecated,
			}
			if o.ID == "" {
				return nil, fmt.Errorf("%s %s has no operationId", o.Method, path)
			}
			if prev, dup := ids[o.ID]; dup {
				return nil, fmt.Errorf("operationId %s is used by %s and %s %s", o.ID, prev, o.Method, path)
			}
			ids[o.ID] = o.Method + " " + path
			for _, p := range op.Parameters {
				if p.In == "query" {
					o.Query = append(o.Query, p.Name)
				}
			}
			if op.RequestBody != nil {
				o.Consumes = keys(op.RequestBody.Content)
			}
			codes := make([]string, 0, len(op.Responses))
			for code := range op.Responses {
				codes = append(codes, code)
			}
			sort.Strings(codes)
			for _, code := range codes {
				if !strings.HasPrefix(code, "2") {
					continue
				}
				for _, ct := range keys(op.Responses[code].Content) {
					if !slices.Contains(o.Produces, ct) {
						o.Produces = append(o.Produces, ct)
					}
				}
			}
			out = append(out, o)
		}
	}
	slices.SortFunc(out, openapi.Less)
	return out, nil
}

// keys returns a mapping node's keys in the document's order.
func keys(n yaml.Node) []string {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	var out []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, n.Content[i].Value)
	}
	return out
}
