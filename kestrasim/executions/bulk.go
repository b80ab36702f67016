package executions

import (
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// The bulk routes (ExecutionController *ByIds, *ByQuery): by-query resolves
// the matching executions the caller may list, then both apply the same
// rules to every execution. One invalid execution (unknown, not allowed, in
// a state the action refuses) fails the whole request with 400 and
// BulkErrorResponse listing each; otherwise the action is applied to every
// execution and the answer is 202 ApiAsyncOperationResponse (Kestra
// processes them asynchronously; the simulator has applied them when it
// answers). Deletion answers 200 BulkResponse.

// bulkAction is one action the bulk routes apply.
type bulkAction struct {
	// name ends the error message: "invalid bulk <name>".
	name string
	// perm is the RBAC action checked on each execution's namespace;
	// verb names it in the refusal.
	perm, verb string
	// refuse returns why an execution in state st (id) is refused, or "".
	refuse func(id, st string) string
	// apply applies the action; what the executor would refuse is
	// ignored, as Kestra's asynchronous processing does.
	apply func(s *Store, e *Execution)
}

func notIn(want string) func(id, st string) string {
	return func(_, st string) string {
		if st != want {
			return "execution not in state " + want
		}
		return ""
	}
}

func (h *Handlers) bulkRoutes() []rest.Route {
	const p = "/api/v1/{tenant}/executions"
	kill := bulkAction{name: "kill", perm: "KILL", verb: "kill",
		refuse: func(_, st string) string {
			if Terminal(st) {
				return "execution already finished"
			}
			return ""
		},
		apply: func(s *Store, e *Execution) { _ = s.Kill(e, false) }}
	restart := bulkAction{name: "restart", perm: "RESTART", verb: "restart",
		refuse: func(id, st string) string {
			if !canBeRestarted(st) {
				return fmt.Sprintf("Execution '%s' must be terminated or paused to be restarted, current state is '%s' !", id, st)
			}
			return ""
		},
		apply: func(s *Store, e *Execution) { _, _ = s.Restart(e, 0) }}
	pause := bulkAction{name: "pause", perm: "PAUSE", verb: "pause", refuse: notIn(Running),
		apply: func(s *Store, e *Execution) { _ = s.Pause(e) }}
	resume := bulkAction{name: "resume", perm: "RESUME", verb: "resume", refuse: notIn(Paused),
		apply: func(s *Store, e *Execution) { _ = s.Resume(e, nil) }}
	forceRun := bulkAction{name: "force run", perm: "FORCE_RUN", verb: "force run",
		refuse: func(_, st string) string {
			if Terminal(st) {
				return "execution in a terminated state"
			}
			return ""
		},
		apply: func(s *Store, e *Execution) { _ = s.ForceRun(e) }}
	return []rest.Route{
		{Method: "DELETE", Path: p + "/by-ids", Handler: h.deleteBulk(false), Perm: perm("DELETE")},
		{Method: "DELETE", Path: p + "/by-query", Handler: h.deleteBulk(true), Perm: perm("DELETE")},
		{Method: "DELETE", Path: p + "/kill/by-ids", Handler: h.bulk(kill, false), Perm: perm("KILL")},
		{Method: "DELETE", Path: p + "/kill/by-query", Handler: h.bulk(kill, true), Perm: perm("KILL")},
		{Method: "POST", Path: p + "/restart/by-ids", Handler: h.bulk(restart, false), Perm: perm("RESTART")},
		{Method: "POST", Path: p + "/restart/by-query", Handler: h.bulk(restart, true), Perm: perm("RESTART")},
		{Method: "POST", Path: p + "/pause/by-ids", Handler: h.bulk(pause, false), Perm: perm("PAUSE")},
		{Method: "POST", Path: p + "/pause/by-query", Handler: h.bulk(pause, true), Perm: perm("PAUSE")},
		{Method: "POST", Path: p + "/resume/by-ids", Handler: h.bulk(resume, false), Perm: perm("RESUME")},
		{Method: "POST", Path: p + "/resume/by-query", Handler: h.bulk(resume, true), Perm: perm("RESUME")},
		{Method: "POST", Path: p + "/force-run/by-ids", Handler: h.bulk(forceRun, false), Perm: perm("FORCE_RUN")},
		{Method: "POST", Path: p + "/force-run/by-query", Handler: h.bulk(forceRun, true), Perm: perm("FORCE_RUN")},
		{Method: "POST", Path: p + "/replay/by-ids", Handler: h.replayBulk(false), Perm: perm("REPLAY")},
		{Method: "POST", Path: p + "/replay/by-query", Handler: h.replayBulk(true), Perm: perm("REPLAY")},
		{Method: "POST", Path: p + "/unqueue/by-ids", Handler: h.unqueueBulk(false), Perm: perm("UNQUEUE")},
		{Method: "POST", Path: p + "/unqueue/by-query", Handler: h.unqueueBulk(true), Perm: perm("UNQUEUE")},
		{Method: "POST", Path: p + "/labels/by-ids", Handler: h.labelsBulk(false), Perm: perm("CHANGE_LABELS")},
		{Method: "POST", Path: p + "/labels/by-query", Handler: h.labelsBulk(true), Perm: perm("CHANGE_LABELS")},
		{Method: "POST", Path: p + "/change-status/by-ids", Handler: h.changeStatusBulk(false), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/change-status/by-query", Handler: h.changeStatusBulk(true), Perm: perm("UPDATE")},
	}
}

// invalid is one ManualConstraintViolation of a BulkErrorResponse, as
// Jackson writes it (null getters omitted).
type invalid struct {
	Message              string `json:"message"`
	MessageTemplate      string `json:"messageTemplate"`
	RootBean             string `json:"rootBean"`
	RootBeanClass        string `json:"rootBeanClass"`
	LeafBean             string `json:"leafBean"`
	InvalidValue         string `json:"invalidValue"`
	ExecutableParameters []any  `json:"executableParameters"`
}

func newInvalid(id, msg string) invalid {
	return invalid{Message: msg, MessageTemplate: "{messageTemplate}", RootBean: id, RootBeanClass: "java.lang.String",
		LeafBean: id, InvalidValue: id, ExecutableParameters: []any{}}
}

type bulkError struct {
	Message  string    `json:"message"`
	Invalids []invalid `json:"invalids"`
}

type asyncOperation struct {
	OperationID string `json:"operationId"`
	TotalItems  int    `json:"totalItems"`
}

// targets returns the executions a bulk request names: the JSON list of
// ids of a by-ids request (body read by the caller), or those matching a
// by-query request's filters.
func (h *Handlers) targets(r *http.Request, ids []string, byQuery bool) ([]string, error) {
	if !byQuery {
		return ids, nil
	}
	q, err := parseQuery(r.URL.Query(), h.Store.now(), false)
	if err != nil {
		return nil, err
	}
	_, execs := h.Store.find(auth.From(r.Context()), q, nil)
	out := make([]string, len(execs))
	for i, e := range execs {
		out[i] = e.id
	}
	return out, nil
}

// readIDs reads the JSON list of execution ids of a by-ids request.
func readIDs(r *http.Request, byQuery bool) ([]string, error) {
	if byQuery {
		return nil, nil
	}
	var ids []string
	if err := rest.DecodeJSON(r, &ids); err != nil {
		return nil, err
	}
	return ids, nil
}

// validate resolves ids and applies an action's refusals; it answers the
// executions, or writes the 400 BulkErrorResponse and returns nil.
func (h *Handlers) validate(w http.ResponseWriter, r *http.Request, ids []string, act bulkAction) []*Execution {
	a := auth.From(r.Context())
	var execs []*Execution
	var invalids []invalid
	for _, id := range ids {
		e, err := h.Store.Get(a.Tenant, id)
		switch {
		case err != nil:
			invalids = append(invalids, newInvalid(id, "execution not found"))
		case !a.Allowed("EXECUTION", act.perm, e.namespace):
			invalids = append(invalids, newInvalid(id, "user don't have the authorisation to "+act.verb+" this execution"))
		default:
			if why := act.refuse(id, e.State()); why != "" {
				invalids = append(invalids, newInvalid(id, why))
			} else {
				execs = append(execs, e)
			}
		}
	}
	if len(invalids) > 0 {
		rest.WriteJSON(w, http.StatusBadRequest, bulkError{Message: "invalid bulk " + act.name, Invalids: invalids})
		return nil
	}
	if execs == nil {
		execs = []*Execution{}
	}
	return execs
}

// submit applies an action to validated executions and answers 202.
func (h *Handlers) submit(w http.ResponseWriter, execs []*Execution, apply func(*Execution)) {
	for _, e := range execs {
		apply(e)
	}
	rest.WriteJSON(w, http.StatusAccepted, asyncOperation{OperationID: ids.New(), TotalItems: len(execs)})
}

func (h *Handlers) bulk(act bulkAction, byQuery bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ids, err := readIDs(r, byQuery)
		if err != nil {
			return err
		}
		if ids, err = h.targets(r, ids, byQuery); err != nil {
			return err
		}
		if execs := h.validate(w, r, ids, act); execs != nil {
			h.submit(w, execs, func(e *Execution) { act.apply(h.Store, e) })
		}
		return nil
	}
}

// deleteBulk deletes executions (terminated ones unless
// includeNonTerminated) and answers 200 BulkResponse.
func (h *Handlers) deleteBulk(byQuery bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		opts, err := parseDeleteOptions(r)
		if err != nil {
			return err
		}
		ids, err := readIDs(r, byQuery)
		if err != nil {
			return err
		}
		if ids, err = h.targets(r, ids, byQuery); err != nil {
			return err
		}
		act := bulkAction{name: "delete", perm: "DELETE", verb: "delete", refuse: func(_, st string) string {
			if !Terminal(st) && !opts.nonTerminated {
				return "execution not found"
			}
			return ""
		}}
		execs := h.validate(w, r, ids, act)
		if execs == nil {
			return nil
		}
		for _, e := range execs {
			h.Store.Delete(e, opts.logs, opts.storage)
		}
		rest.WriteJSON(w, http.StatusOK, map[string]int{"count": len(execs)})
		return nil
	}
}

// replayBulk replays terminated executions from scratch, on their revision
// or, with latestRevision, on the flow's latest.
func (h *Handlers) replayBulk(byQuery bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		latest, err := rest.QueryBool(r, "latestRevision", false)
		if err != nil {
			return err
		}
		act := bulkAction{name: "replay", perm: "REPLAY", verb: "replay",
			refuse: func(id, st string) string {
				if !Terminal(st) {
					return fmt.Sprintf("Execution '%s' must be terminated to be replayed, current state is '%s' !", id, st)
				}
				return ""
			},
			apply: func(s *Store, e *Execution) {
				revision := 0
				if latest {
					if rev, err := s.flows.Get(e.tenant, e.namespace, e.flowID, 0, false); err == nil {
						revision = rev.Revision
					}
				}
				_, _ = s.Replay(e, "", revision, nil)
			}}
		return h.bulk(act, byQuery)(w, r)
	}
}

// unqueueBulk unqueues queued executions to state (by-ids, required by the
// document) or newState (by-query, RUNNING by default).
func (h *Handlers) unqueueBulk(byQuery bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		param := "state"
		if byQuery {
			param = "newState"
		}
		target, err := stateParam(r, param, !byQuery)
		if err != nil {
			return err
		}
		act := bulkAction{name: "unqueue", perm: "UNQUEUE", verb: "unqueue", refuse: notIn(Queued),
			apply: func(s *Store, e *Execution) { _ = s.Unqueue(e, target) }}
		return h.bulk(act, byQuery)(w, r)
	}
}

// changeStatusBulk changes terminated, not killed executions to a terminal
// state.
func (h *Handlers) changeStatusBulk(byQuery bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		status, err := stateParam(r, "newStatus", true)
		if err != nil {
			return err
		}
		if !Terminal(status) {
			return illegalArgument("You can only change the state of an execution to a terminal state.")
		}
		act := bulkAction{name: "change executions state", perm: "UPDATE", verb: "change the state of",
			refuse: func(_, st string) string {
				if !canChangeStatus(st) {
					return "execution not in a terminated state or is killed"
				}
				return ""
			},
			apply: func(s *Store, e *Execution) { _ = s.ChangeStatus(e, status) }}
		return h.bulk(act, byQuery)(w, r)
	}
}

// labelsBulk adds labels to terminated executions: by-ids reads
// {executionsId, executionLabels}, by-query a list of labels.
func (h *Handlers) labelsBulk(byQuery bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var ids []string
		var labels []flows.Label
		if byQuery {
			if err := rest.DecodeJSON(r, &labels); err != nil {
				return err
			}
		} else {
			var body struct {
				ExecutionsID    []string      `json:"executionsId"`
				ExecutionLabels []flows.Label `json:"executionLabels"`
			}
			if err := rest.DecodeJSON(r, &body); err != nil {
				return err
			}
			var vs []rest.Violation
			if body.ExecutionsID == nil {
				vs = append(vs, rest.Violation{Path: "setLabelsByIds.executionsId", Message: "must not be null"})
			}
			if body.ExecutionLabels == nil {
				vs = append(vs, rest.Violation{Path: "setLabelsByIds.executionLabels", Message: "must not be null"})
			}
			if len(vs) > 0 {
				return rest.Invalid(vs...)
			}
			ids, labels = body.ExecutionsID, body.ExecutionLabels
		}
		if vs := validateLabels(labels); len(vs) > 0 {
			return rest.Invalid(vs...)
		}
		if err := checkSystemLabels(nil, labels); err != nil {
			return err
		}
		ids, err := h.targets(r, ids, byQuery)
		if err != nil {
			return err
		}
		act := bulkAction{name: "set labels", perm: "CHANGE_LABELS", verb: "set labels on",
			refuse: func(_, st string) string {
				if !Terminal(st) {
					return "execution is not terminated"
				}
				return ""
			},
			apply: func(s *Store, e *Execution) { s.addLabels(e, labels) }}
		if execs := h.validate(w, r, ids, act); execs != nil {
			h.submit(w, execs, func(e *Execution) { act.apply(h.Store, e) })
		}
		return nil
	}
}
