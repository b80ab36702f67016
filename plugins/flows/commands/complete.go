package commands

import (
	"encoding/json"
	"strings"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxCompletions bounds the values offered to the shell.
const maxCompletions = 200

// Complete serves dynamic completion: namespaces and flow ids from the
// server.
func Complete(c *plugin.Context, completer string, argv []string, partial string) ([]string, error) {
	cl, err := client(c)
	if err != nil {
		return nil, err
	}
	var out []string
	add := func(v string) {
		if strings.HasPrefix(v, partial) && len(out) < maxCompletions {
			out = append(out, v)
		}
	}
	switch completer {
	case "namespace":
		err = cl.SearchNamespaces(c, "", 500, func(items []json.RawMessage, _ int64) error {
			for _, raw := range items {
				var n struct {
					ID string `json:"id"`
				}
				if json.Unmarshal(raw, &n) == nil {
					add(n.ID)
				}
			}
			return nil
		})
	case "flow":
		ns := ""
		// The namespace is the positional word before the flow id.
		for _, a := range argv {
			if !strings.HasPrefix(a, "-") {
				ns = a
			}
		}
		err = cl.SearchFlows(c, ns, 500, func(items []json.RawMessage, _ int64) error {
			for _, raw := range items {
				var f struct {
					ID string `json:"id"`
				}
				if json.Unmarshal(raw, &f) == nil {
					add(f.ID)
				}
			}
			return nil
		})
	}
	return out, err
}
