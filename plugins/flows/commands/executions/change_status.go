package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// terminalStates are the states an execution may be set to
// (ExecutionService: only terminal states).
var terminalStates = []string{"SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "SKIPPED", "RETRIED"}

// ChangeStatus is "executions change-status <execution_id> <state>".
type ChangeStatus struct {
	ID        string `arg:"" name:"execution_id" completer:"execution" help:"Execution id (ended, not KILLED)."`
	State     string `arg:"" values:"SUCCESS,WARNING,FAILED,KILLED,CANCELLED,SKIPPED,RETRIED" help:"New state: SUCCESS, WARNING, FAILED, KILLED, CANCELLED, SKIPPED or RETRIED."`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*ChangeStatus) Examples() []string {
	return []string{
		"# mark a failure as handled\nkestractl executions change-status 4wjtkzwVGBM9yKnjm3yv8r WARNING",
		"kestractl executions change-status 4wjtkzwVGBM9yKnjm3yv8r SUCCESS -o json --jq .state.current",
	}
}

// Run sets the execution's state.
func (s *ChangeStatus) Run(c *plugin.Context) error {
	if err := s.check(); err != nil {
		return err
	}
	state, err := checkState("state", s.State, terminalStates...)
	if err != nil {
		return err
	}
	cl, e, err := act(c, s.ID, func(cl *api.Client) (*api.Execution, error) { return cl.ChangeStatus(c, s.ID, state) })
	if err != nil {
		return err
	}
	_ = c.Success("Execution %s is now %s.", e.ID, e.State.Current)
	return s.finish(c, cl, e)
}
