package executions

import (
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// act performs an action on execution id and returns the execution the
// server answered (read again when the answer was empty).
func act(c *plugin.Context, id string, do func(cl *api.Client) (*api.Execution, error)) (*api.Client, *api.Execution, error) {
	if err := cmdutil.CheckExecutionID(id); err != nil {
		return nil, nil, err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return nil, nil, err
	}
	e, err := do(cl)
	if err != nil {
		return nil, nil, actionError(c, cl, id, err)
	}
	if e == nil {
		if e, err = cl.GetExecution(c, id); err != nil {
			return nil, nil, err
		}
	}
	return cl, e, nil
}

// actionError says "execution not found" when the server answered 404
// because the execution does not exist; another missing thing (a flow
// revision, a file) keeps the server's message.
func actionError(c *plugin.Context, cl *api.Client, id string, err error) error {
	if !kestra.IsNotFound(err) {
		return err
	}
	if _, gerr := cl.GetExecution(c, id); kestra.IsNotFound(gerr) {
		return cmderr.New(cmderr.NotFound, "execution %q not found", id)
	}
	return err
}

// getExecution reads an execution, with a clear not-found.
func getExecution(c *plugin.Context, id string) (*api.Client, *api.Execution, error) {
	if err := cmdutil.CheckExecutionID(id); err != nil {
		return nil, nil, err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return nil, nil, err
	}
	e, err := cl.GetExecution(c, id)
	if err != nil {
		return nil, nil, kestra.NotFoundAs(err, "execution %q not found", id)
	}
	return cl, e, nil
}

// checkState rejects a state given on the line that Kestra does not know.
func checkState(flag, s string, allowed ...string) (string, error) {
	states := allowed
	if len(states) == 0 {
		states = plugin.ExecutionStates
	}
	st, err := plugin.StateFlag{State: []string{s}}.States()
	if err != nil || len(st) != 1 || !slices.Contains(states, st[0]) {
		return "", cmderr.Usagef("invalid %s %q: use one of %s", flag, s, strings.Join(states, ", "))
	}
	return st[0], nil
}
