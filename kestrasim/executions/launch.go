package executions

import (
	"fmt"
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// TriggerInfo is the ExecutionTrigger of an execution a trigger started.
type TriggerInfo struct {
	ID        string         `json:"id"`
	Type      string         `json:"type"`
	Variables map[string]any `json:"variables,omitempty"`
}

// Launch describes an execution a trigger starts (a schedule, a backfill).
type Launch struct {
	Tenant string
	Flow   *flows.Revision
	// Inputs are typed values (a trigger's or a backfill's inputs), given
	// as their text form to the same input resolution as a create request.
	Inputs       map[string]any
	Labels       []flows.Label
	ScheduleDate *time.Time
	Trigger      *TriggerInfo
}

// Launch creates and starts an execution the way POST
// /executions/{namespace}/{id} does, and returns its id. Its scheduleDate
// and trigger are those of the launch: a past scheduleDate starts at once.
func (s *Store) Launch(l Launch) (string, error) {
	rev := l.Flow
	if rev.Def.Disabled {
		return "", rest.Conflict("Cannot execute disabled flow '%s' in namespace '%s'", rev.Def.ID, rev.Def.Namespace)
	}
	values := map[string]formValue{}
	for k, v := range l.Inputs {
		if s, ok := v.(string); ok {
			values[k] = formValue{value: s}
		} else {
			values[k] = formValue{value: fmt.Sprint(v)}
		}
	}
	inputs, vs := resolveInputs(rev.Def, values, func(input, name string) string { return name })
	if len(vs) > 0 {
		return "", rest.Invalid(vs...)
	}
	now := s.now().UTC()
	e := &Execution{
		tenant: l.Tenant, id: newID(), namespace: rev.Def.Namespace, flowID: rev.Def.ID, flowRevision: rev.Revision,
		def: rev.Def, inputs: inputs, labels: mergeLabels(rev.Def.Labels, l.Labels),
		state: newState(now), created: now, scheduleDate: l.ScheduleDate, trigger: l.Trigger,
		changed: make(chan struct{}), now: s.now,
	}
	if outs, ok := rev.Def.Doc["outputs"].([]any); ok {
		e.flowOutputs = outs
	}
	s.add(e)
	return e.id, nil
}

// Outcome returns the current state of an execution of the tenant and
// whether it has ended (an execution that no longer exists has ended,
// with no state).
func (s *Store) Outcome(tenant, id string) (state string, ended bool) {
	e, err := s.Get(tenant, id)
	if err != nil {
		return "", true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.state.current(), Terminal(e.state.current())
}
