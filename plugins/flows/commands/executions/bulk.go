package executions

import (
	"context"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// The states the by-query actions apply to when the filters say nothing of
// the state (Kestra's preconditions, kestra-io/kestra ExecutionController).
var (
	endedStates       = terminalStates
	changeableStates  = []string{"SUCCESS", "WARNING", "FAILED", "CANCELLED", "SKIPPED", "RETRIED"}
	restartableStates = []string{"FAILED", "PAUSED"}
)

// bulkAction is an action on many executions: the *-bulk and *-by-query
// commands.
type bulkAction struct {
	// verb starts the question ("Kill"); done is the status of an
	// execution acted on ("killed").
	verb, done string
	endpoint   api.ExecutionsBulk
	// states, when the filters of a by-query command say nothing of the
	// state, restrict the matches to the executions the action applies
	// to: IN states, or NOT_IN when notIn.
	states []string
	notIn  bool
	// replays: the action makes new executions (replay); --wait follows
	// them.
	replays bool
}

// bulkRun is one bulk command: it records what the action applied to,
// for --wait.
type bulkRun struct {
	c     *plugin.Context
	cl    *api.Client
	a     bulkAction
	w     WaitFlags
	acted []string
	// replayed, with --wait on a replay: the replays that existed before
	// the action, by replayed execution, and each one's flow.
	before map[string]map[string]bool
	flowOf map[string]api.FlowFilter
}

func newBulkRun(c *plugin.Context, a bulkAction, w WaitFlags) (*bulkRun, error) {
	if err := w.check(); err != nil {
		return nil, err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return nil, err
	}
	return &bulkRun{c: c, cl: cl, a: a, w: w, before: map[string]map[string]bool{}, flowOf: map[string]api.FlowFilter{}}, nil
}

// bulk is the SDK's description of the action.
func (r *bulkRun) bulk() plugin.Bulk {
	return plugin.Bulk{
		Noun: "execution", Verb: r.a.verb, Done: r.a.done,
		Columns: listColumns, ID: plugin.JSONField("id"),
		Act: r.act,
	}
}

// act applies the action to a batch through the by-ids endpoint.
func (r *bulkRun) act(ctx context.Context, ids []string) (map[string]string, error) {
	if r.a.replays && r.w.waiting() {
		if err := r.snapshot(ctx, ids); err != nil {
			return nil, err
		}
	}
	failures, err := r.cl.ExecutionsByIDs(ctx, r.a.endpoint, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, failed := failures[id]; !failed {
			r.acted = append(r.acted, id)
		}
	}
	return failures, nil
}

// byIDs runs the action on ids given on the line.
func (r *bulkRun) byIDs(ids []string) error {
	var uniq []string
	for _, id := range ids {
		if err := cmdutil.CheckExecutionID(id); err != nil {
			return err
		}
		if !slices.Contains(uniq, id) {
			uniq = append(uniq, id)
		}
	}
	return r.finish(r.c.BulkByIDs(uniq, r.bulk()))
}

// byQuery runs the action on what the filters match.
func (r *bulkRun) byQuery(f ExecutionFilters, dry plugin.ByQueryFlags) error {
	q, err := f.query()
	if err != nil {
		return err
	}
	if len(r.a.states) > 0 && !f.filtersState() {
		op := "IN"
		if r.a.notIn {
			op = "NOT_IN"
		}
		q.Set("filters[state]["+op+"]", strings.Join(r.a.states, ","))
	}
	k := r.cl.Kestra()
	b := r.bulk()
	b.Path, b.Query = k.TenantPath("executions", "search"), q
	return r.finish(r.c.BulkByQuery(dry, b))
}

// finish follows, with --wait, every execution acted on to its end. A
// failure of the action itself wins over the executions' outcome.
func (r *bulkRun) finish(bulkErr error) error {
	if !r.w.waiting() || len(r.acted) == 0 {
		return bulkErr
	}
	targets := r.acted
	if r.a.replays {
		var err error
		if targets, err = r.findReplays(); err != nil {
			return err
		}
	}
	werr := waitAll(r.c, r.cl, targets, r.w.Timeout)
	if bulkErr != nil {
		if werr != nil {
			_ = r.c.Warn("%v", werr)
		}
		return bulkErr
	}
	return werr
}

// byIDsArgs are the execution ids of a *-bulk command.
type byIDsArgs struct {
	IDs []string `arg:"" name:"execution_id" completer:"execution" help:"Execution ids."`
}

// byQueryFlags are the filters and --dry-run of a *-by-query command.
type byQueryFlags struct {
	ExecutionFilters    `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// checkStatus checks a required state flag against the states it takes.
func checkStatus(flag, s string, allowed []string) (string, error) {
	if s == "" {
		return "", cmderr.Usagef("%s is required: one of %s", flag, strings.Join(allowed, ", "))
	}
	return checkState(flag, s, allowed...)
}

// The bulk actions without options.
var (
	killAction     = bulkAction{verb: "Kill", done: "killed", endpoint: api.BulkKill, states: endedStates, notIn: true}
	restartAction  = bulkAction{verb: "Restart", done: "restarted", endpoint: api.BulkRestart, states: restartableStates}
	pauseAction    = bulkAction{verb: "Pause", done: "paused", endpoint: api.BulkPause, states: []string{"RUNNING"}}
	resumeAction   = bulkAction{verb: "Resume", done: "resumed", endpoint: api.BulkResume, states: []string{"PAUSED"}}
	forceRunAction = bulkAction{verb: "Force-run", done: "forced", endpoint: api.BulkForceRun, states: endedStates, notIn: true}
)

// bulkHelp is the help of the *-bulk commands.
const bulkHelp = "Asks for confirmation naming the count (--yes in scripts), acts through the server's by-ids endpoint in batches " +
	"and reports per execution what happened: -o json prints {summary, results[{status, id, error}]}, the status being the action's " +
	"or failed (exit 1 when any failed). With --wait, every execution acted on is followed to its end (exit 8 when any ended FAILED, KILLED or CANCELLED)."

// byQueryHelp is the help of a *-by-query command whose action applies to
// executions in some states.
func byQueryHelp(applies string) string {
	return "Counts what the filters match, asks for confirmation naming the count and the context (--yes in scripts), then acts on " +
		"exactly those executions through the by-ids endpoint, in batches; --dry-run lists the matches and acts on nothing. " +
		"Without --state or a state filter, only " + applies + " match. " +
		"The report says per execution what happened: -o json prints {summary, results[{status, id, error}]}. " +
		"With --wait, every execution acted on is followed to its end (exit 8 when any ended FAILED, KILLED or CANCELLED)."
}
