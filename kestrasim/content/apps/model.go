// Package apps serves Kestra's Enterprise apps: custom UIs in front of a
// flow, kept as YAML (CRUD, enable/disable, ZIP export and import, tags,
// catalog), and what an app shows of its executions (file metadata and
// previews, logs).
//
// Kestra's app sources are not public (kestra-ee); this package follows
// the OpenAPI document (AppsController.ApiApp, ApiAppSource,
// ApiAppCatalogItem, ApiBulkOperationRequest/Response,
// ApiBulkImportResponse) and the app YAML of Kestra's documentation (id,
// type, displayName, description, namespace, flowId, access, tags,
// thumbnail, layout, disabled).
package apps

import (
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/content/source"
)

// typePrefix is the package of the app plugins (Execution, ...).
const typePrefix = "io.kestra.plugin.ee.apps."

// App is a parsed app.
type App struct {
	ID          string
	Type        string
	DisplayName string
	Description string
	Namespace   string
	FlowID      string
	Tags        []string
	Thumbnail   string
	Disabled    bool
}

// Parse reads and validates an app source.
func Parse(src []byte) (*App, source.Violations) {
	var vs source.Violations
	doc, err := source.Map(src)
	if err != nil {
		vs.Add("", "Unable to parse app: %v", err)
		return nil, vs
	}
	str := func(key string) string {
		switch v := doc[key].(type) {
		case string:
			return v
		case nil:
			return ""
		default:
			vs.Add(key, "must be a string")
			return ""
		}
	}
	a := &App{
		ID: str("id"), Type: str("type"), DisplayName: str("displayName"), Description: str("description"),
		Namespace: str("namespace"), FlowID: str("flowId"), Thumbnail: str("thumbnail"),
	}
	if d, ok := doc["disabled"].(bool); ok {
		a.Disabled = d
	} else if doc["disabled"] != nil {
		vs.Add("disabled", "must be a boolean")
	}
	switch tags := doc["tags"].(type) {
	case nil:
	case []any:
		for _, t := range tags {
			a.Tags = append(a.Tags, fmt.Sprint(t))
		}
	default:
		vs.Add("tags", "must be a list")
	}
	vs.Identifier("id", a.ID, source.FlowIDPattern, 100)
	vs.Identifier("namespace", a.Namespace, source.NamespacePattern, 150)
	switch {
	case a.Type == "":
		vs.Add("type", "must not be null")
	case !strings.HasPrefix(a.Type, typePrefix):
		vs.Add("type", "Invalid type: %s", a.Type)
	}
	if a.Type == typePrefix+"Execution" {
		vs.Identifier("flowId", a.FlowID, source.FlowIDPattern, 100)
	}
	if l, ok := doc["layout"]; ok {
		if _, isList := l.([]any); !isList {
			vs.Add("layout", "must be a list of blocks")
		}
	}
	return a, vs
}

// name is what the API calls an app: its display name, else its id.
func (a *App) name() string {
	if a.DisplayName != "" {
		return a.DisplayName
	}
	return a.ID
}
