package executions

import (
	"net/url"
	"strings"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// ExecutionFilters are the filters of the executions list and of every
// by-query command.
type ExecutionFilters struct {
	plugin.NamespaceFlag `embed:""`
	plugin.FlowFlag      `embed:""`
	plugin.StateFlag     `embed:""`
	plugin.LabelFlag     `embed:""`
	plugin.TimeFlags     `embed:""`
	plugin.QueryFlag     `embed:""`
	plugin.FilterFlag    `embed:""`
}

// query builds the search parameters, newest first.
func (f ExecutionFilters) query() (url.Values, error) {
	if f.Flow != "" {
		if err := plugin.ValidateID("flow id", f.Flow, 100); err != nil {
			return nil, err
		}
	}
	q, err := plugin.Query(f.NamespaceFlag, f.FlowFlag, f.StateFlag, f.LabelFlag, f.TimeFlags, f.QueryFlag, f.FilterFlag)
	if err != nil {
		return nil, err
	}
	q.Set("sort", "state.startDate:desc")
	return q, nil
}

// filtersState says whether the user filtered on the state.
func (f ExecutionFilters) filtersState() bool {
	if len(f.State) > 0 {
		return true
	}
	for _, s := range f.Filter {
		if strings.HasPrefix(s, "state:") {
			return true
		}
	}
	return false
}
