// Package triggers keeps the trigger contexts of flows (Schedule, Flow and
// Webhook triggers), runs Schedule triggers and their backfills on the
// server's clock, and serves Kestra's triggers API.
//
// It follows Kestra 2.0's scheduler model (kestra-io/kestra
// core/.../scheduler/model/TriggerState.java, the scheduler's trigger event
// handler, webserver/.../services/TriggerStateService.java and
// webserver/.../controllers/api/TriggerController.java): a state per
// trigger, created when a flow declares the trigger, updated when its
// definition changes, deleted with the flow or the trigger.
package triggers

import (
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
)

// ID identifies a trigger within a tenant.
type ID struct {
	Namespace string `json:"namespace"`
	FlowID    string `json:"flowId"`
	TriggerID string `json:"triggerId"`
}

func (id ID) String() string { return id.Namespace + "." + id.FlowID + "." + id.TriggerID }

// Backfill is a backfill in progress (Kestra's Backfill): the schedule dates
// from Start to End (both included) are executed one after the other;
// CurrentDate is the next one.
type Backfill struct {
	Start                     time.Time      `json:"start"`
	End                       time.Time      `json:"end"`
	CurrentDate               time.Time      `json:"currentDate"`
	Paused                    bool           `json:"paused"`
	Inputs                    map[string]any `json:"inputs,omitempty"`
	Labels                    []flows.Label  `json:"labels,omitempty"`
	PreviousNextExecutionDate *time.Time     `json:"previousNextExecutionDate,omitempty"`
}

// State is the context of one trigger.
type State struct {
	ID
	Tenant string
	// Type is the trigger's class; Kind its TriggerType (SCHEDULE for
	// Schedule, empty for Flow and Webhook triggers).
	Type string
	Kind string
	// definition is the trigger mapping of the flow revision the state
	// follows.
	definition map[string]any
	revision   int

	UpdatedAt          time.Time
	EvaluatedAt        *time.Time
	NextEvaluationDate *time.Time
	LastTriggeredDate  *time.Time
	Backfill           *Backfill
	StopAfter          []string
	Disabled           bool
	Locked             bool
	ExecutionID        string
	// lastStep is when the backfill last created an execution (rate).
	lastStep time.Time
}

// apiState is ApiTriggerState; null fields are omitted.
type apiState struct {
	Namespace          string     `json:"namespace"`
	FlowID             string     `json:"flowId"`
	TriggerID          string     `json:"triggerId"`
	UpdatedAt          time.Time  `json:"updatedAt"`
	EvaluatedAt        *time.Time `json:"evaluatedAt,omitempty"`
	NextEvaluationDate *time.Time `json:"nextEvaluationDate,omitempty"`
	Backfill           *Backfill  `json:"backfill,omitempty"`
	StopAfter          []string   `json:"stopAfter,omitempty"`
	Disabled           bool       `json:"disabled"`
	Locked             bool       `json:"locked"`
	LastTriggeredDate  *time.Time `json:"lastTriggeredDate,omitempty"`
	ExecutionID        string     `json:"executionId,omitempty"`
	Kind               string     `json:"kind,omitempty"`
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// api renders the state as ApiTriggerState.
func (s *State) api() apiState {
	out := apiState{
		Namespace: s.Namespace, FlowID: s.FlowID, TriggerID: s.TriggerID, UpdatedAt: s.UpdatedAt.UTC(),
		EvaluatedAt: utcPtr(s.EvaluatedAt), NextEvaluationDate: utcPtr(s.NextEvaluationDate),
		StopAfter: s.StopAfter, Disabled: s.Disabled, Locked: s.Locked,
		LastTriggeredDate: utcPtr(s.LastTriggeredDate), ExecutionID: s.ExecutionID, Kind: s.Kind,
	}
	if b := s.Backfill; b != nil {
		c := *b
		c.Start, c.End, c.CurrentDate = b.Start.UTC(), b.End.UTC(), b.CurrentDate.UTC()
		c.PreviousNextExecutionDate = utcPtr(b.PreviousNextExecutionDate)
		out.Backfill = &c
	}
	return out
}

// clone returns a copy safe to read outside the store's lock.
func (s *State) clone() *State {
	c := *s
	if s.Backfill != nil {
		b := *s.Backfill
		c.Backfill = &b
	}
	return &c
}
