// Package assets serves Kestra's assets (Enterprise): the data objects
// flows read and write (tables, files, datasets...), created through the
// API or declared by tasks (`assets.inputs` / `assets.outputs`), with the
// lineage events and usages the executions of those tasks record, and the
// dependency graph between assets and flows.
//
// The model follows kestra-io/kestra core/src/main/java/io/kestra/core/
// models/assets (Asset.java, AssetsDeclaration.java, AssetIdentifier.java,
// TableAsset.java); the controller is Enterprise, so its shapes follow the
// OpenAPI document (AssetsController.ApiAsset, ApiAssetLineageEvent,
// ApiAssetUsage, AssetTopologyGraph, BulkResponse, BulkErrorResponse).
package assets

import (
	"fmt"
	"maps"
	"regexp"
	"time"

	"github.com/kestractl/kestractl/kestrasim/content/source"
)

// idPattern is Asset.id.
var idPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._:-]*$`)

// Asset is a stored asset.
type Asset struct {
	Namespace   string
	ID          string
	Type        string
	DisplayName string
	Description string
	// Metadata holds the metadata mapping and any other property of the
	// source (a table's system, database, schema, name...), as Asset's
	// @JsonAnySetter does.
	Metadata map[string]any
}

// known are the properties every asset has.
var known = map[string]bool{"id": true, "namespace": true, "type": true, "displayName": true, "description": true, "metadata": true}

// fromMap reads an asset from its JSON-compatible form (a source, or an
// output declared by a task).
func fromMap(m map[string]any, vs *source.Violations, path string) *Asset {
	at := func(p string) string {
		if path == "" {
			return p
		}
		return path + "." + p
	}
	str := func(key string) string {
		switch v := m[key].(type) {
		case nil:
			return ""
		case string:
			return v
		default:
			return fmt.Sprint(v)
		}
	}
	a := &Asset{ID: str("id"), Namespace: str("namespace"), Type: str("type"), DisplayName: str("displayName"),
		Description: str("description"), Metadata: map[string]any{}}
	vs.Identifier(at("id"), a.ID, idPattern, 150)
	if a.Namespace != "" {
		vs.Identifier(at("namespace"), a.Namespace, source.NamespacePattern, 150)
	}
	if a.Type == "" {
		vs.Add(at("type"), "must not be blank")
	}
	switch md := m["metadata"].(type) {
	case nil:
	case map[string]any:
		maps.Copy(a.Metadata, md)
	default:
		vs.Add(at("metadata"), "must be a mapping")
	}
	for k, v := range m {
		if !known[k] {
			a.Metadata[k] = v
		}
	}
	return a
}

// Parse reads and validates an asset source.
func Parse(src []byte) (*Asset, source.Violations) {
	var vs source.Violations
	m, err := source.Map(src)
	if err != nil {
		vs.Add("", "Unable to parse asset: %v", err)
		return nil, vs
	}
	a := fromMap(m, &vs, "")
	return a, vs
}

// mergeOver is Asset.toUpdated: the new asset over the stored one. Unset
// display name and description keep the stored ones; metadata merge, a
// null value removing its key.
func (a *Asset) mergeOver(prev *Asset) *Asset {
	if prev == nil {
		out := *a
		out.Metadata = maps.Clone(a.Metadata)
		for k, v := range out.Metadata {
			if v == nil {
				delete(out.Metadata, k)
			}
		}
		return &out
	}
	out := *a
	if out.Type == "" {
		out.Type = prev.Type
	}
	if out.DisplayName == "" {
		out.DisplayName = prev.DisplayName
	}
	if out.Description == "" {
		out.Description = prev.Description
	}
	if out.Namespace == "" {
		out.Namespace = prev.Namespace
	}
	out.Metadata = maps.Clone(prev.Metadata)
	if out.Metadata == nil {
		out.Metadata = map[string]any{}
	}
	for k, v := range a.Metadata {
		if v == nil {
			delete(out.Metadata, k)
		} else {
			out.Metadata[k] = v
		}
	}
	return &out
}

// apiAsset is AssetsController.ApiAsset.
type apiAsset struct {
	Namespace   string         `json:"namespace,omitempty"`
	ID          string         `json:"id"`
	Type        string         `json:"type"`
	DisplayName string         `json:"displayName,omitempty"`
	Description string         `json:"description,omitempty"`
	Metadata    map[string]any `json:"metadata"`
	Created     time.Time      `json:"created"`
	Updated     time.Time      `json:"updated"`
	Deleted     bool           `json:"deleted"`
}
