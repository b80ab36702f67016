package cmdutil

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Outcome is the error of a command for an execution's final state: exit
// 8 when it FAILED, was KILLED or CANCELLED, nil otherwise.
func Outcome(e *api.Execution) error {
	if api.Failed(e.State.Current) {
		return cmderr.New(cmderr.RemoteFailed, "execution %s ended %s", e.ID, e.State.Current).
			WithHint("see its logs with 'kestractl executions logs %s'", e.ID)
	}
	return nil
}
