// Command kestractl-hello is an example third-party kestractl plugin: it
// adds the group `kestractl hello`, using only the SDK.
package main

import (
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CLI is the grammar: the top-level groups this plugin serves.
type CLI struct {
	Hello struct {
		Namespaces Namespaces `cmd:"" help:"List the namespaces of the server, with the user's context."`
		Greet      Greet      `cmd:"" offline:"" help:"Greet someone, offline."`
	} `cmd:"" help:"An example plugin."`
}

// Namespaces lists namespaces through the Kestra API.
type Namespaces struct{}

// Run pages through /api/v1/{tenant}/namespaces/search.
func (Namespaces) Run(c *plugin.Context) error {
	k, err := c.Kestra() // host, tenant and credentials come from the core
	if err != nil {
		return err
	}
	t := c.Table(plugin.Col("NAMESPACE", "id"))
	err = kestra.Paginate(c, k, k.TenantPath("namespaces", "search"), url.Values{"existing": {"true"}}, 100,
		func(page []json.RawMessage, _ int64) error {
			for _, ns := range page {
				if err := t.Add(ns); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	return t.Close("")
}

// Greet says hello.
type Greet struct {
	Name string `arg:"" optional:"" default:"world" help:"Who to greet."`
}

// Run greets.
func (g Greet) Run(c *plugin.Context) error {
	return c.Object(map[string]string{"greeting": fmt.Sprintf("Hello, %s!", g.Name)})
}

func main() {
	plugin.Serve(plugin.Plugin{Name: "hello", Version: "0.1.0", New: func() any { return &CLI{} }})
}
