package executions

import (
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
)

// Launch describes an execution a trigger starts (a schedule, a backfill).
type Launch struct {
	Tenant string
	Flow   *flows.Revision
	// Inputs are typed values (a trigger's or a backfill's inputs),
	// validated like a create request's.
	Inputs       map[string]any
	Labels       []flows.Label
	ScheduleDate *time.Time
	Trigger      *TriggerInfo
}

// Launch creates and starts an execution the way POST
// /executions/{namespace}/{id} does, and returns its id. Its scheduleDate
// and trigger are those of the launch: a past scheduleDate starts at once.
func (s *Store) Launch(l Launch) (string, error) {
	e, err := s.Create(CreateRequest{
		Tenant: l.Tenant, Flow: l.Flow, Values: l.Inputs, Labels: l.Labels,
		ScheduleDate: l.ScheduleDate, Trigger: l.Trigger,
	})
	if err != nil {
		return "", err
	}
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
	st := e.State()
	return st, Terminal(st)
}
