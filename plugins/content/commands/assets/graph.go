package assets

import (
	"encoding/json"
	"fmt"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// showGraph shows an AssetTopologyGraph: one row per node, with the edges
// counted in the footer.
func showGraph(c *plugin.Context, raw json.RawMessage) error {
	var g struct {
		Nodes []json.RawMessage `json:"nodes"`
		Edges []json.RawMessage `json:"edges"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return fmt.Errorf("read the dependency graph: %w", err)
	}
	t := c.Table(plugin.Col("UID", "uid"), plugin.Col("TYPE", "type"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("ID", "id"))
	for _, n := range g.Nodes {
		if err := t.Add(n); err != nil {
			return err
		}
	}
	return t.Close(fmt.Sprintf("%d nodes, %d edges (-o json for the whole graph)", len(g.Nodes), len(g.Edges)))
}
