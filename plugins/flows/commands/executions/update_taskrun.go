package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UpdateTaskRun is "executions update-taskrun <execution_id> <task_run_id> <state>".
type UpdateTaskRun struct {
	ID        string `arg:"" name:"execution_id" completer:"execution" help:"Execution id (ended, not KILLED)."`
	TaskRunID string `arg:"" name:"task_run_id" help:"Task run id (see 'executions get ID -o json')."`
	State     string `arg:"" values:"SUCCESS,WARNING,FAILED,KILLED,CANCELLED,SKIPPED,RUNNING" help:"New state of the task run, e.g. SUCCESS to go on after it or FAILED to run it again."`
	WaitFlags `embed:""`
}

// Help implements kong's HelpProvider.
func (*UpdateTaskRun) Help() string {
	return "The execution runs on from the changed task run (it is RESTARTED), except with CANCELLED, which cancels it; --wait follows it to its end."
}

// Examples implements manifest.Exampler.
func (*UpdateTaskRun) Examples() []string {
	return []string{
		"# skip a failed task: mark its run SUCCESS and let the execution go on\nkestractl executions update-taskrun 4wjtkzwVGBM9yKnjm3yv8r 2Hx9mHS7ZUC0nk0MFTuAoW SUCCESS --wait",
	}
}

// Run changes the task run's state.
func (u *UpdateTaskRun) Run(c *plugin.Context) error {
	if err := u.check(); err != nil {
		return err
	}
	state, err := checkState("state", u.State)
	if err != nil {
		return err
	}
	cl, e, err := act(c, u.ID, func(cl *api.Client) (*api.Execution, error) {
		return cl.SetTaskRunState(c, u.ID, u.TaskRunID, state)
	})
	if err != nil {
		return err
	}
	_ = c.Success("Task run %s of execution %s set to %s; the execution is %s.", u.TaskRunID, e.ID, state, e.State.Current)
	return u.finish(c, cl, e)
}
