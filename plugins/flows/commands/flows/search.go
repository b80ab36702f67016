package flows

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Search is "flows search [filters]": the public kestractl's paged
// search, with the list grammar of "flows list".
type Search struct {
	List `embed:""`
}

// Examples implements manifest.Exampler.
func (*Search) Examples() []string {
	return []string{
		"kestractl flows search --page 2 --size 50",
		"kestractl flows search -q etl -n company.team",
		"kestractl flows search --filter namespace:PREFIX:company --all -o json",
	}
}

// Run searches the flows.
func (s *Search) Run(c *plugin.Context) error { return s.List.Run(c) }
