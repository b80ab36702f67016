// Package reusableinputs serves Kestra's reusable inputs (Enterprise): a
// named set of inputs defined once in a namespace, visible from its child
// namespaces (a child's set with the same id wins), and versioned: each
// save is a new revision.
//
// The controller is Enterprise; this package follows the OpenAPI document
// (ReusableInputs, PagedResults_ReusableInputs_) and the reusable inputs
// documentation; the revision fields (source, revision, last, created,
// updated, deleted) are those of the newer client models.
package reusableinputs

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/content/source"
)

var idPattern = regexp.MustCompile(`^[a-zA-Z0-9][.a-zA-Z0-9_-]*$`)

// inputTypes is the input Type enum of the document.
var inputTypes = []string{
	"STRING", "SELECT", "INT", "FLOAT", "BOOL", "DATETIME", "DATE", "TIME", "DURATION", "FILE",
	"JSON", "URI", "SECRET", "ARRAY", "MULTISELECT", "YAML", "EMAIL", "FORM", "REUSABLE_INPUTS",
}

// Set is a parsed set of reusable inputs.
type Set struct {
	Namespace   string
	ID          string
	Description string
	Inputs      []any
}

// Parse reads and validates a set saved as namespace/id: the source's
// namespace defaults to the path's, its id must be the path's.
func Parse(src []byte, namespace, id string) (*Set, source.Violations) {
	var vs source.Violations
	m, err := source.Map(src)
	if err != nil {
		vs.Add("", "Unable to parse reusable inputs: %v", err)
		return nil, vs
	}
	str := func(key string) string {
		s, _ := m[key].(string)
		return s
	}
	s := &Set{Namespace: str("namespace"), ID: str("id"), Description: str("description")}
	if s.Namespace == "" {
		s.Namespace = namespace
	}
	if s.ID == "" {
		s.ID = id
	}
	vs.Identifier("id", s.ID, idPattern, 0)
	switch {
	case s.ID != id:
		vs.Add("id", "Illegal id update: the source says '%s', the path '%s'", s.ID, id)
	case s.Namespace != namespace:
		vs.Add("namespace", "Illegal namespace update: the source says '%s', the path '%s'", s.Namespace, namespace)
	}
	list, ok := m["inputs"].([]any)
	if !ok || len(list) == 0 {
		vs.Add("inputs", "must not be empty")
	}
	seen := map[string]bool{}
	for i, item := range list {
		path := fmt.Sprintf("inputs[%d]", i)
		in, ok := item.(map[string]any)
		if !ok {
			vs.Add(path, "must be an input")
			continue
		}
		iid, _ := in["id"].(string)
		typ, _ := in["type"].(string)
		switch {
		case iid == "":
			vs.Add(path+".id", "must not be null")
		case !idPattern.MatchString(iid):
			vs.Add(path+".id", "must match \"^[a-zA-Z0-9][.a-zA-Z0-9_-]*\"")
		case seen[iid]:
			vs.Add("inputs", "Duplicate input with name [%s]", iid)
		}
		seen[iid] = true
		switch {
		case typ == "":
			vs.Add(path+".type", "must not be null")
		case !slices.Contains(inputTypes, typ):
			vs.Add(path+".type", "Invalid input type '%s', allowed values: %s", typ, strings.Join(inputTypes, ", "))
		}
	}
	s.Inputs = list
	return s, vs
}

// Key is the store key of a set.
func Key(ns, id string) string { return ns + "/" + id }
