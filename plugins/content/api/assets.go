package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// Asset is the part of an asset the commands read.
type Asset struct {
	ID        string `json:"id"`
	Namespace string `json:"namespace"`
	Type      string `json:"type"`
}

// AssetsPath is the asset search endpoint.
func (c *Client) AssetsPath() string { return c.path("assets", "search") }

// LineageEventsPath is the lineage event search endpoint.
func (c *Client) LineageEventsPath() string { return c.path("assets", "lineage-events", "search") }

// UsagesPath is the asset usage search endpoint.
func (c *Client) UsagesPath() string { return c.path("assets", "usages", "search") }

// GetAsset reads an asset.
func (c *Client) GetAsset(ctx context.Context, id string) (json.RawMessage, *Asset, error) {
	raw, err := c.get(ctx, c.path("assets", id), nil)
	if err != nil {
		return nil, nil, err
	}
	a, err := decode[Asset](raw)
	return raw, &a, err
}

// CreateAsset creates (or updates) an asset from its YAML definition.
func (c *Client) CreateAsset(ctx context.Context, src []byte) (json.RawMessage, *Asset, error) {
	raw, err := c.sendYAML(ctx, http.MethodPost, c.path("assets"), nil, src)
	if err != nil {
		return nil, nil, err
	}
	a, err := decode[Asset](raw)
	return raw, &a, err
}

// DeleteAsset deletes an asset.
func (c *Client) DeleteAsset(ctx context.Context, id string) error {
	return c.del(ctx, c.path("assets", id))
}

// AssetDependencies answers the AssetTopologyGraph of an asset.
func (c *Client) AssetDependencies(ctx context.Context, id string, destinationOnly, expandAll bool) (json.RawMessage, error) {
	q := url.Values{"destinationOnly": {strconv.FormatBool(destinationOnly)}, "expandAll": {strconv.FormatBool(expandAll)}}
	return c.get(ctx, c.path("assets", id, "dependencies"), q)
}

// DeleteAssetsByIDs deletes assets by id and answers how many. Kestra
// refuses the whole call (400) when one id is unknown.
func (c *Client) DeleteAssetsByIDs(ctx context.Context, ids []string) (int, error) {
	raw, err := c.sendJSON(ctx, http.MethodDelete, c.path("assets", "by-ids"), nil, ids, false)
	if err != nil || raw == nil {
		return 0, err
	}
	n, err := decode[BulkCount](raw)
	return n.Count, err
}

// DeleteAssetsByQuery deletes (purge: also purges deleted) the assets the
// filters match and answers how many.
func (c *Client) DeleteAssetsByQuery(ctx context.Context, q url.Values, purge bool) (int, error) {
	q2 := url.Values{}
	for k, v := range q {
		q2[k] = v
	}
	if purge {
		q2.Set("purge", "true")
	}
	return c.deleteByQuery(ctx, c.path("assets", "by-query"), q2)
}

// DeleteLineageEvents deletes the lineage events the filters match.
func (c *Client) DeleteLineageEvents(ctx context.Context, q url.Values) (int, error) {
	return c.deleteByQuery(ctx, c.path("assets", "lineage-events", "by-query"), q)
}

// DeleteUsages deletes the asset usages the filters match.
func (c *Client) DeleteUsages(ctx context.Context, q url.Values) (int, error) {
	return c.deleteByQuery(ctx, c.path("assets", "usages", "by-query"), q)
}

func (c *Client) deleteByQuery(ctx context.Context, path string, q url.Values) (int, error) {
	raw, err := c.sendJSON(ctx, http.MethodDelete, path, q, nil, false)
	if err != nil || raw == nil {
		return 0, err
	}
	n, err := decode[BulkCount](raw)
	return n.Count, err
}
