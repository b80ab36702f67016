package iamapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// Owner is who API tokens belong to: a user or a service account.
type Owner int

// The token owners.
const (
	UserOwner Owner = iota
	ServiceAccountOwner
)

// Segment is the owner's route segment.
func (o Owner) Segment() string {
	if o == ServiceAccountOwner {
		return "service-accounts"
	}
	return "users"
}

// Noun names the owner in messages.
func (o Owner) Noun() string {
	if o == ServiceAccountOwner {
		return "service account"
	}
	return "user"
}

func tokensPath(o Owner, id string, sub ...string) string {
	return kestra.APIPath(append([]string{o.Segment(), id, "api-tokens"}, sub...)...)
}

// ListTokens calls GET /api/v1/{users|service-accounts}/{id}/api-tokens
// (ApiTokenList: not paged).
func (c *Client) ListTokens(ctx context.Context, o Owner, id string) ([]json.RawMessage, error) {
	var out struct {
		Results []json.RawMessage `json:"results"`
	}
	err := c.do(ctx, call{op: fmt.Sprintf("list the API tokens of %s %q", o.Noun(), id), scope: instance,
		method: http.MethodGet, path: tokensPath(o, id)}, &out)
	if out.Results == nil {
		out.Results = []json.RawMessage{}
	}
	return out.Results, err
}

// CreateToken calls POST /api/v1/{users|service-accounts}/{id}/api-tokens.
// The answer holds the full token: never log it.
func (c *Client) CreateToken(ctx context.Context, o Owner, id string, req TokenRequest) (json.RawMessage, error) {
	var out json.RawMessage
	err := c.do(ctx, call{op: fmt.Sprintf("create API token %q for %s %q", req.Name, o.Noun(), id), scope: instance,
		method: http.MethodPost, path: tokensPath(o, id), body: req}, &out)
	return out, err
}

// DeleteToken calls DELETE /api/v1/{users|service-accounts}/{id}/api-tokens/{tokenId}.
func (c *Client) DeleteToken(ctx context.Context, o Owner, id, tokenID string) error {
	return c.do(ctx, call{op: fmt.Sprintf("delete API token %q of %s %q", tokenID, o.Noun(), id), scope: instance,
		method: http.MethodDelete, path: tokensPath(o, id, tokenID)}, nil)
}
