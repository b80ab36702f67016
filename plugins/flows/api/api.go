// Package api is the part of the Kestra API the flows plugin uses — flows,
// executions, logs and namespaces — on top of the SDK's client.
package api

import (
	"github.com/kestractl/kestractl/sdk/kestra"
)

// Client calls the Kestra API for one tenant.
type Client struct {
	k *kestra.Client
}

// New wraps an SDK client.
func New(k *kestra.Client) *Client { return &Client{k: k} }

// Kestra is the underlying client.
func (c *Client) Kestra() *kestra.Client { return c.k }
