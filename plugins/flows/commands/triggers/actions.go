package triggers

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// triggerArgs are the positional arguments naming one trigger.
type triggerArgs struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	TriggerID string `arg:"" name:"trigger_id" help:"Trigger id."`
}

func (a triggerArgs) ref() (api.TriggerRef, error) {
	ref := api.TriggerRef{Namespace: a.Namespace, FlowID: a.FlowID, TriggerID: a.TriggerID}
	return ref, cmdutil.CheckTriggerRef(ref)
}

// open checks the trigger the arguments name and returns the API client.
func (a triggerArgs) open(c *plugin.Context) (*api.Client, api.TriggerRef, error) {
	ref, err := a.ref()
	if err != nil {
		return nil, ref, err
	}
	cl, err := cmdutil.Client(c)
	return cl, ref, err
}

// act runs action on the trigger the arguments name and shows the state it
// answers: the server's object with -o json, else "Trigger <name> <done>.".
func (a triggerArgs) act(c *plugin.Context, action func(context.Context, *api.Client, api.TriggerRef) (json.RawMessage, error), done string) error {
	cl, ref, err := a.open(c)
	if err != nil {
		return err
	}
	raw, err := action(c, cl, ref)
	if err != nil {
		return notFound(err, ref)
	}
	return showState(c, raw, "Trigger %s %s.", name(ref), done)
}

// setDisabled disables or enables the trigger the arguments name.
func (a triggerArgs) setDisabled(c *plugin.Context, disabled bool) error {
	done := "enabled"
	if disabled {
		done = "disabled"
	}
	return a.act(c, func(ctx context.Context, cl *api.Client, ref api.TriggerRef) (json.RawMessage, error) {
		return cl.SetTriggerDisabled(ctx, ref, disabled)
	}, done)
}

// notFound rewords a 404 on a trigger.
func notFound(err error, ref api.TriggerRef) error {
	return kestra.NotFoundAs(err, "trigger %q of flow %q in namespace %q not found", ref.TriggerID, ref.FlowID, ref.Namespace)
}

// name is how messages name a trigger.
func name(ref api.TriggerRef) string {
	return fmt.Sprintf("'%s' of flow %s/%s", ref.TriggerID, ref.Namespace, ref.FlowID)
}

// showState prints the trigger state an action answered: the server's
// object with -o json, else a message.
func showState(c *plugin.Context, raw json.RawMessage, format string, args ...any) error {
	if c.Structured() {
		return c.Object(raw)
	}
	return c.Success(format, args...)
}

// filters are the filters of the trigger lists and by-query commands.
type filters struct {
	plugin.NamespaceFlag `embed:""`
	plugin.FlowFlag      `embed:""`
	plugin.QueryFlag     `embed:""`
	plugin.FilterFlag    `embed:""`
}

func (f filters) query() (url.Values, error) {
	q, err := plugin.Query(f.NamespaceFlag, f.FlowFlag, f.QueryFlag, f.FilterFlag)
	if err != nil {
		return nil, err
	}
	q.Set("sort", "namespace:asc,flowId:asc,triggerId:asc")
	return q, nil
}

// columns show the triggers of a search (ApiTriggerAndState items).
var columns = []plugin.Column{
	plugin.Col("NAMESPACE", "state.namespace"), plugin.Col("FLOW", "state.flowId"), plugin.Col("TRIGGER", "state.triggerId"),
	{Header: "NEXT EXECUTION", Path: "state.nextEvaluationDate", Format: "age"},
	{Header: "LAST TRIGGERED", Path: "state.lastTriggeredDate", Format: "age"},
	{Header: "DISABLED", Path: "state.disabled", Format: "bool"}, {Header: "LOCKED", Path: "state.locked", Format: "bool"},
	plugin.Col("BACKFILL", "backfillProgress"),
	{Header: "BACKFILL AT", Path: "state.backfill.currentDate", Format: "time"},
	{Header: "BACKFILL END", Path: "state.backfill.end", Format: "time"},
}

// condition says which triggers an action applies to: why is "" for a
// trigger it can act on, else why not; none says that no match qualifies.
type condition struct {
	why  func(api.TriggerState) string
	none string
}

var (
	withBackfill = &condition{none: "none has a backfill", why: func(st api.TriggerState) string {
		if st.Backfill == nil {
			return "the trigger has no backfill"
		}
		return ""
	}}
	whenLocked = &condition{none: "none is locked", why: func(st api.TriggerState) string {
		if !st.Locked {
			return "the trigger is not locked"
		}
		return ""
	}}
)

// triggerBulk describes an action on triggers for BulkByIDs and
// BulkByQuery. The by-triggers endpoints answer only a count, and skip
// triggers that do not exist (or, to unlock, that are not locked): the
// states are read first, so that the report says per trigger what
// happened.
func triggerBulk(c *plugin.Context, action api.TriggerAction, verb, done string, can *condition) (plugin.Bulk, error) {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return plugin.Bulk{}, err
	}
	k := cl.Kestra()
	return plugin.Bulk{
		Noun: "trigger", Verb: verb, Done: done,
		Path: k.TenantPath("triggers", "search"), Columns: columns,
		ID: plugin.JSONField("state.namespace", "state.flowId", "state.triggerId"),
		Act: func(ctx context.Context, ids []string) (map[string]string, error) {
			failures := map[string]string{}
			states := map[[2]string]map[string]api.TriggerState{}
			var refs []api.TriggerRef
			for _, id := range ids {
				ref, err := cmdutil.ParseTriggerRef(id)
				if err != nil {
					return nil, err
				}
				flow := [2]string{ref.Namespace, ref.FlowID}
				if states[flow] == nil {
					list, err := cl.TriggersOfFlow(ctx, ref.Namespace, ref.FlowID)
					if err != nil && !kestra.IsNotFound(err) {
						return nil, err
					}
					states[flow] = map[string]api.TriggerState{}
					for _, st := range list {
						states[flow][st.TriggerID] = st
					}
				}
				st, ok := states[flow][ref.TriggerID]
				switch {
				case !ok:
					failures[id] = "trigger not found"
				case can != nil && can.why(st) != "":
					failures[id] = can.why(st)
				default:
					refs = append(refs, ref)
				}
			}
			if len(refs) == 0 {
				return failures, nil
			}
			if _, err := cl.TriggersByIDs(ctx, action, refs); err != nil {
				return nil, err
			}
			return failures, nil
		},
	}, nil
}

// byIDs runs an action on triggers given as namespace/flow/trigger.
func byIDs(c *plugin.Context, args []string, action api.TriggerAction, verb, done string, can *condition, confirm bool) error {
	refs, err := cmdutil.ParseTriggerRefs(args)
	if err != nil {
		return err
	}
	b, err := triggerBulk(c, action, verb, done, can)
	if err != nil {
		return err
	}
	b.NoConfirm = !confirm
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.String()
	}
	return c.BulkByIDs(ids, b)
}

// byQuery runs an action on the triggers the filters match. When the
// action applies only to some triggers (those with a backfill, those
// locked), only those are counted, listed and acted on.
func byQuery(c *plugin.Context, f filters, flags plugin.ByQueryFlags, action api.TriggerAction, verb, done string, can *condition, confirm bool) error {
	q, err := f.query()
	if err != nil {
		return err
	}
	b, err := triggerBulk(c, action, verb, done, can)
	if err != nil {
		return err
	}
	b.Query, b.NoConfirm, b.Row = q, !confirm, progressRow("state")
	if can != nil {
		// Only the matches the action applies to (those with a backfill,
		// those locked) are counted, listed and acted on.
		b.Keep = func(raw json.RawMessage) bool {
			var item struct {
				State api.TriggerState `json:"state"`
			}
			return json.Unmarshal(raw, &item) == nil && can.why(item.State) == ""
		}
		b.KeepNone = can.none
	}
	return c.BulkByQuery(flags, b)
}

// stateOf reads one trigger's state (not-found when it has none), so that
// a typo is reported before any question.
func stateOf(c *plugin.Context, cl *api.Client, ref api.TriggerRef) (api.TriggerState, error) {
	states, err := cl.TriggersOfFlow(c, ref.Namespace, ref.FlowID)
	if err != nil && !kestra.IsNotFound(err) {
		return api.TriggerState{}, err
	}
	for _, st := range states {
		if st.TriggerID == ref.TriggerID {
			return st, nil
		}
	}
	return api.TriggerState{}, cmderr.New(cmderr.NotFound, "trigger %q of flow %q in namespace %q not found", ref.TriggerID, ref.FlowID, ref.Namespace)
}
