package kestra

import (
	"context"
	"strings"
)

// ServerInfo is what GET /api/v1/configs says of the server.
type ServerInfo struct {
	Version string `json:"version"`
	// Edition is "OSS" or "EE".
	Edition string `json:"edition"`
}

// OSS reports whether the server runs Kestra's open-source edition.
func (s ServerInfo) OSS() bool { return strings.EqualFold(s.Edition, "OSS") }

// Server returns the server's version and edition, asked once per client
// (the zero value when the server does not say).
func (c *Client) Server(ctx context.Context) ServerInfo {
	c.infoOnce.Do(func() {
		var info ServerInfo
		if err := c.JSON(ctx, &Request{Method: "GET", Path: APIPath("configs"), Anonymous: true}, &info); err == nil {
			c.info = info
		}
	})
	return c.info
}
