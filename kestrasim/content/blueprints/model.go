// Package blueprints serves Kestra's blueprints: the community catalog (a
// handful of bundled blueprints of each kind, searchable, with their
// source and flow graph), and a tenant's own flow blueprints ("custom" or
// "internal" blueprints), optionally templated: use-template renders the
// template arguments into a flow source.
//
// The Enterprise blueprint controller is not public (kestra-ee); this
// package follows the OpenAPI document (BlueprintController.ApiBlueprintItem,
// ApiBlueprintItemWithSource, ApiFlowBlueprint, FlowBlueprintCreateOrUpdate,
// UseBlueprintTemplateRequest/Response, Blueprint, BlueprintTemplate,
// BlueprintWithFlowEntity) and Kestra's documentation of templated
// blueprints.
package blueprints

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/kestrasim/content/source"
	"github.com/kestractl/kestractl/kestrasim/content/store"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Kinds of blueprints (BlueprintController.Kind).
var kinds = []string{"APP", "DASHBOARD", "FLOW"}

// Blueprint is a tenant's blueprint.
type Blueprint struct {
	Title       string
	Description string
	Tags        []string
	Kind        string
}

func invalid(path, format string, args ...any) error {
	return rest.Invalid(rest.Violation{Path: path, Message: fmt.Sprintf(format, args...)})
}

// validate checks the parts of a blueprint request.
func validate(title, src string) error {
	var vs source.Violations
	switch n := len([]rune(strings.TrimSpace(title))); {
	case n == 0:
		vs.Add("title", "must not be blank")
	case n > 150:
		vs.Add("title", "size must be between 1 and 150")
	}
	if strings.TrimSpace(src) == "" {
		vs.Add("source", "must not be blank")
	} else if _, err := Arguments(src); err != nil {
		vs.Add("source", "%v", err)
	}
	return vs.Err()
}

// includedTasks lists the plugin types a source uses (tasks, triggers,
// conditions, charts, blocks), in the order they appear.
func includedTasks(src string) []string {
	out := []string{}
	root, err := source.Node([]byte(src))
	if err != nil {
		return out
	}
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "type" && v.Kind == yaml.ScalarNode && depth > 0 && strings.Contains(v.Value, ".") && !slices.Contains(out, v.Value) {
					out = append(out, v.Value)
				}
				walk(v, depth+1)
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, depth+1)
			}
		}
	}
	walk(root, 0)
	return out
}

// template is BlueprintTemplate, present when the source declares
// template arguments.
type template struct {
	Source            string              `json:"source"`
	TemplateArguments map[string]Argument `json:"templateArguments,omitempty"`
}

func templateOf(src string) *template {
	args, err := Arguments(src)
	if err != nil || len(args) == 0 {
		return nil
	}
	t := &template{Source: src, TemplateArguments: map[string]Argument{}}
	for _, a := range args {
		t.TemplateArguments[a.ID()] = a
	}
	return t
}

// item is BlueprintController.ApiBlueprintItem; the other views of a
// blueprint embed it.
type item struct {
	ID            string    `json:"id"`
	Title         string    `json:"title"`
	Description   string    `json:"description,omitempty"`
	IncludedTasks []string  `json:"includedTasks"`
	Tags          []string  `json:"tags"`
	PublishedAt   time.Time `json:"publishedAt"`
}

// itemOf is the item of a tenant blueprint.
func itemOf(it *store.Item[*Blueprint]) item {
	b := it.Value
	return item{ID: it.Key, Title: b.Title, Description: b.Description, IncludedTasks: includedTasks(it.Source),
		Tags: tagsOf(b.Tags), PublishedAt: it.Created}
}

// itemFields are the fields a list of blueprints sorts on.
func itemFields[T any](of func(T) item) rest.Comparators[T] {
	return rest.Comparators[T]{
		"id":          rest.By(func(b T) string { return of(b).ID }),
		"title":       rest.By(func(b T) string { return of(b).Title }),
		"publishedAt": rest.ByTime(func(b T) time.Time { return of(b).PublishedAt }),
	}
}

// flowBlueprint is BlueprintController.ApiFlowBlueprint.
type flowBlueprint struct {
	item
	Source   string    `json:"source"`
	Template *template `json:"template,omitempty"`
}

// blueprintJSON is Blueprint (and, with Flow, BlueprintWithFlowEntity).
type blueprintJSON struct {
	item
	Deleted  bool      `json:"deleted"`
	Template *template `json:"template,omitempty"`
	Flow     string    `json:"flow,omitempty"`
}

// itemWithSource is BlueprintController.ApiBlueprintItemWithSource.
type itemWithSource struct {
	item
	Source string `json:"source"`
	Kind   string `json:"kind"`
}

func tagsOf(tags []string) []string {
	if tags == nil {
		return []string{}
	}
	return tags
}
