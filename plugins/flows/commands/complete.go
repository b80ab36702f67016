package commands

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxCompletions bounds the values offered to the shell.
const maxCompletions = 200

// Complete serves dynamic completion: namespaces, flow ids and execution
// ids (most recent first) from the server.
func Complete(c *plugin.Context, completer string, argv []string, partial string) ([]string, error) {
	cl, err := cmdutil.Client(c)
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
		return c.CompleteNamespaces(partial)
	case "flow":
		// The flows of the namespace typed before the flow id, or given
		// with -n; all of them otherwise.
		ns := c.CompletionLine(argv).Namespace()
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
	case "execution":
		q := url.Values{"sort": {"state.startDate:desc"}}
		err = cl.SearchExecutions(c, q, 1, 100, func(items []json.RawMessage, _ int64) error {
			for _, raw := range items {
				var e struct {
					ID string `json:"id"`
				}
				if json.Unmarshal(raw, &e) == nil {
					add(e.ID)
				}
			}
			return nil
		})
	}
	return out, err
}
