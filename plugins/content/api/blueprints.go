package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// Blueprint is the part of a blueprint the commands read.
type Blueprint struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Source string `json:"source"`
}

// BlueprintBody is BlueprintController.FlowBlueprintCreateOrUpdate (and,
// with Kind, ApiBlueprintItemWithSource for custom blueprints).
type BlueprintBody struct {
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Source      string   `json:"source"`
	Tags        []string `json:"tags,omitempty"`
	Kind        string   `json:"kind,omitempty"`
}

// CommunityPath is the community blueprint search of a kind (FLOW,
// DASHBOARD, APP).
func (c *Client) CommunityPath(kind string) string { return c.path("blueprints", "community", kind) }

// CustomBlueprintsPath is the search of the tenant's blueprints.
func (c *Client) CustomBlueprintsPath() string { return c.path("blueprints", "custom") }

// CommunityBlueprint reads a community blueprint (with its source).
func (c *Client) CommunityBlueprint(ctx context.Context, kind, id string) (json.RawMessage, error) {
	return c.get(ctx, c.path("blueprints", "community", kind, id), nil)
}

// CommunityGraph reads the topology graph of a community flow blueprint.
func (c *Client) CommunityGraph(ctx context.Context, kind, id string) (json.RawMessage, error) {
	return c.get(ctx, c.path("blueprints", "community", kind, id, "graph"), nil)
}

// CommunitySource reads the YAML source of a community blueprint.
func (c *Client) CommunitySource(ctx context.Context, kind, id string) ([]byte, error) {
	return c.text(ctx, c.path("blueprints", "community", kind, id, "source"))
}

// CustomSource reads the YAML source of a tenant blueprint.
func (c *Client) CustomSource(ctx context.Context, id string) ([]byte, error) {
	return c.text(ctx, c.path("blueprints", "custom", id, "source"))
}

// text reads a text answer.
func (c *Client) text(ctx context.Context, path string) ([]byte, error) {
	var b []byte
	err := c.K.JSON(ctx, &kestra.Request{Method: http.MethodGet, Path: path, Accept: "application/yaml, text/plain, */*"}, &b)
	return b, err
}

// FlowBlueprint reads a tenant flow blueprint; legacy uses the older
// /blueprints/flow/{id} route.
func (c *Client) FlowBlueprint(ctx context.Context, id string, legacy bool) (json.RawMessage, *Blueprint, error) {
	p := c.path("blueprints", "flows", id)
	if legacy {
		p = c.path("blueprints", "flow", id)
	}
	raw, err := c.get(ctx, p, nil)
	if err != nil {
		return nil, nil, err
	}
	b, err := decode[Blueprint](raw)
	return raw, &b, err
}

// CustomBlueprint reads a tenant blueprint through the custom routes.
func (c *Client) CustomBlueprint(ctx context.Context, id string) (json.RawMessage, *Blueprint, error) {
	raw, err := c.get(ctx, c.path("blueprints", "custom", id), nil)
	if err != nil {
		return nil, nil, err
	}
	b, err := decode[Blueprint](raw)
	return raw, &b, err
}

// SaveFlowBlueprint creates (id "") or updates a flow blueprint.
func (c *Client) SaveFlowBlueprint(ctx context.Context, id string, body BlueprintBody) (json.RawMessage, *Blueprint, error) {
	method, p := http.MethodPost, c.path("blueprints", "flows")
	if id != "" {
		method, p = http.MethodPut, c.path("blueprints", "flows", id)
	}
	raw, err := c.sendJSON(ctx, method, p, nil, body, false)
	if err != nil {
		return nil, nil, err
	}
	b, err := decode[Blueprint](raw)
	return raw, &b, err
}

// SaveCustomBlueprint creates (id "") or updates a custom blueprint.
func (c *Client) SaveCustomBlueprint(ctx context.Context, id string, body BlueprintBody) (json.RawMessage, *Blueprint, error) {
	method, p := http.MethodPost, c.path("blueprints", "custom")
	if id != "" {
		method, p = http.MethodPut, c.path("blueprints", "custom", id)
	}
	raw, err := c.sendJSON(ctx, method, p, nil, body, false)
	if err != nil {
		return nil, nil, err
	}
	b, err := decode[Blueprint](raw)
	return raw, &b, err
}

// DeleteFlowBlueprint deletes a flow blueprint (custom: through the
// custom route).
func (c *Client) DeleteFlowBlueprint(ctx context.Context, id string, custom bool) error {
	if custom {
		return c.del(ctx, c.path("blueprints", "custom", id))
	}
	return c.del(ctx, c.path("blueprints", "flows", id))
}

// UseTemplate renders a templated flow blueprint with its arguments.
func (c *Client) UseTemplate(ctx context.Context, id string, args map[string]any) (json.RawMessage, string, error) {
	body := map[string]any{}
	if len(args) > 0 {
		body["templateArgumentsInputs"] = args
	}
	raw, err := c.sendJSON(ctx, http.MethodPost, c.path("blueprints", "flows", id, "use-template"), nil, body, true)
	if err != nil {
		return nil, "", err
	}
	out, err := decode[struct {
		Source string `json:"generatedFlowSource"`
	}](raw)
	return raw, out.Source, err
}

// CreateFlow creates a flow from its source (use-template --deploy).
func (c *Client) CreateFlow(ctx context.Context, src []byte) (json.RawMessage, error) {
	return c.sendYAML(ctx, http.MethodPost, c.path("flows"), nil, src)
}

// UpdateFlow replaces a flow's source.
func (c *Client) UpdateFlow(ctx context.Context, ns, id string, src []byte) (json.RawMessage, error) {
	return c.sendYAML(ctx, http.MethodPut, c.path("flows", ns, id), nil, src)
}
