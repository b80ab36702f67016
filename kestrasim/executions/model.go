package executions

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
)

// TriggerInfo is what started an execution other than an API call: a
// trigger of the flow (Schedule, Webhook, Flow...), or a parent
// execution's Subflow task (Kestra's ExecutionTrigger).
type TriggerInfo struct {
	ID        string         `json:"id"`
	Type      string         `json:"type"`
	Variables map[string]any `json:"variables,omitempty"`
}

type attempt struct {
	state state
}

// taskRun is the run of one task, with one attempt per time it ran.
type taskRun struct {
	id       string
	taskID   string
	state    state
	attempts []*attempt
	outputs  map[string]any
}

// lastAttempt returns the current attempt (nil before the first).
func (tr *taskRun) lastAttempt() *attempt {
	if len(tr.attempts) == 0 {
		return nil
	}
	return tr.attempts[len(tr.attempts)-1]
}

// attemptNumber is the number Kestra gives the current attempt's logs:
// 0 for the first.
func (tr *taskRun) attemptNumber() int {
	if len(tr.attempts) == 0 {
		return 0
	}
	return len(tr.attempts) - 1
}

func (tr *taskRun) clone(id string) *taskRun {
	c := &taskRun{id: id, taskID: tr.taskID, state: tr.state.clone(), outputs: maps.Clone(tr.outputs)}
	for _, a := range tr.attempts {
		c.attempts = append(c.attempts, &attempt{state: a.state.clone()})
	}
	return c
}

// Execution is one run of a flow. Its fields are guarded by mu; every change
// closes changed, so that followers and the runner wake up.
type Execution struct {
	store *Store

	mu           sync.Mutex
	tenant       string
	id           string
	namespace    string
	flowID       string
	flowRevision int
	def          *flows.Definition
	inputs       map[string]any
	outputs      map[string]any
	labels       []flows.Label
	state        state
	taskRuns     []*taskRun
	created      time.Time
	scheduleDate *time.Time
	kind         string
	trigger      *TriggerInfo
	parentID     string
	originalID   string
	attempt      int
	// parent is the execution whose Subflow task started this one.
	parent string
	files  map[string]*outputFile
	// test holds the fixtures of an execution a test suite started
	// (testrun.go); nil otherwise.
	test *testRun
	// fileDir holds the files the execution wrote (inputs and outputs).
	fileDir string
	deleted bool

	changed chan struct{}
	// run is the runner goroutine, nil when none runs.
	run *runControl
}

// runControl stops one runner goroutine.
type runControl struct {
	cancel context.CancelFunc
	done   chan struct{}
	// halt says why the run was cancelled: "kill" ends the execution
	// KILLED; "stop" (a restart replaces the run, the execution is deleted)
	// leaves the state to the caller.
	halt string
}

// notify wakes followers; the caller holds mu.
func (e *Execution) notify() {
	close(e.changed)
	e.changed = make(chan struct{})
}

func (e *Execution) now() time.Time { return e.store.now().UTC() }

// ID returns the execution id.
func (e *Execution) ID() string { return e.id }

// Namespace returns the namespace of the execution.
func (e *Execution) Namespace() string { return e.namespace }

// State returns the current state.
func (e *Execution) State() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.state.current()
}

// setState moves the execution to next; the caller holds mu. It reports
// whether the move was legal.
func (e *Execution) setState(next string) bool {
	if !e.state.to(executionTransitions, next, e.now()) {
		return false
	}
	e.notify()
	return true
}

// setTaskRunState moves a task run and its current attempt to next; the
// caller holds mu.
func (e *Execution) setTaskRunState(tr *taskRun, next string) bool {
	now := e.now()
	if !tr.state.to(taskRunTransitions, next, now) {
		return false
	}
	if a := tr.lastAttempt(); a != nil && next != Restarted && next != Retrying {
		a.state.to(attemptTransitions, next, now)
	}
	e.notify()
	return true
}

// taskRunByTask returns the task run of a task (nil when it never ran).
func (e *Execution) taskRunByTask(taskID string) *taskRun {
	for _, tr := range e.taskRuns {
		if tr.taskID == taskID {
			return tr
		}
	}
	return nil
}

func (e *Execution) taskRunByID(id string) *taskRun {
	for _, tr := range e.taskRuns {
		if tr.id == id {
			return tr
		}
	}
	return nil
}

// labelMap returns the labels as a map.
func (e *Execution) labelMap() map[string]string {
	m := make(map[string]string, len(e.labels))
	for _, l := range e.labels {
		m[l.Key] = l.Value
	}
	return m
}

// setLabel adds or replaces one label; the caller holds mu.
func (e *Execution) setLabel(key, value string) {
	i := slices.IndexFunc(e.labels, func(l flows.Label) bool { return l.Key == key })
	if i >= 0 {
		e.labels[i].Value = value
		return
	}
	e.labels = append(e.labels, flows.Label{Key: key, Value: value})
}

type attemptJSON struct {
	State stateJSON `json:"state"`
}

type taskRunJSON struct {
	ID          string         `json:"id"`
	ExecutionID string         `json:"executionId"`
	Namespace   string         `json:"namespace"`
	FlowID      string         `json:"flowId"`
	TaskID      string         `json:"taskId"`
	Attempts    []attemptJSON  `json:"attempts,omitzero"`
	Outputs     map[string]any `json:"outputs,omitzero"`
	State       stateJSON      `json:"state"`
}

type metadataJSON struct {
	AttemptNumber       int       `json:"attemptNumber"`
	OriginalCreatedDate time.Time `json:"originalCreatedDate"`
}

// ExecutionJSON is Kestra's Execution (the ApiExecution and
// ExecutionResponse shapes too); null fields are omitted.
type ExecutionJSON struct {
	TenantID     string         `json:"tenantId"`
	ID           string         `json:"id"`
	Namespace    string         `json:"namespace"`
	FlowID       string         `json:"flowId"`
	FlowRevision int            `json:"flowRevision"`
	TaskRunList  []taskRunJSON  `json:"taskRunList,omitzero"`
	Inputs       map[string]any `json:"inputs,omitzero"`
	Outputs      map[string]any `json:"outputs,omitzero"`
	Labels       []flows.Label  `json:"labels"`
	State        stateJSON      `json:"state"`
	ParentID     string         `json:"parentId,omitempty"`
	OriginalID   string         `json:"originalId"`
	Trigger      *TriggerInfo   `json:"trigger,omitempty"`
	Deleted      bool           `json:"deleted"`
	Metadata     metadataJSON   `json:"metadata"`
	ScheduleDate *time.Time     `json:"scheduleDate,omitempty"`
	Kind         string         `json:"kind,omitempty"`
	URL          string         `json:"url,omitempty"`
}

// lightJSON is ApiLightExecution, the search result shape.
type lightJSON struct {
	TenantID     string         `json:"tenantId"`
	ID           string         `json:"id"`
	Namespace    string         `json:"namespace"`
	FlowID       string         `json:"flowId"`
	FlowRevision int            `json:"flowRevision"`
	Inputs       map[string]any `json:"inputs,omitzero"`
	Outputs      map[string]any `json:"outputs,omitzero"`
	Labels       []flows.Label  `json:"labels"`
	State        stateJSON      `json:"state"`
	ParentID     string         `json:"parentId,omitempty"`
	OriginalID   string         `json:"originalId"`
	Trigger      *TriggerInfo   `json:"trigger,omitempty"`
	ScheduleDate *time.Time     `json:"scheduleDate,omitempty"`
	Kind         string         `json:"kind,omitempty"`
}

// snapshot renders the execution; the caller holds mu.
func (e *Execution) snapshot() ExecutionJSON {
	now := e.now()
	out := ExecutionJSON{
		TenantID: e.tenant, ID: e.id, Namespace: e.namespace, FlowID: e.flowID,
		FlowRevision: e.flowRevision, Inputs: maps.Clone(e.inputs), Outputs: maps.Clone(e.outputs),
		Labels: slices.Clone(e.labels), State: e.state.json(now), ParentID: e.parentID,
		OriginalID: e.originalID, Trigger: e.trigger, Deleted: e.deleted,
		Metadata:     metadataJSON{AttemptNumber: e.attempt, OriginalCreatedDate: e.created},
		ScheduleDate: e.scheduleDate, Kind: e.kind,
	}
	if out.Labels == nil {
		out.Labels = []flows.Label{}
	}
	for _, tr := range e.taskRuns {
		j := taskRunJSON{
			ID: tr.id, ExecutionID: e.id, Namespace: e.namespace, FlowID: e.flowID, TaskID: tr.taskID,
			State: tr.state.json(now), Outputs: tr.outputs,
		}
		for _, a := range tr.attempts {
			j.Attempts = append(j.Attempts, attemptJSON{State: a.state.json(now)})
		}
		out.TaskRunList = append(out.TaskRunList, j)
	}
	return out
}

// Snapshot renders the execution as Kestra's Execution JSON.
func (e *Execution) Snapshot() ExecutionJSON {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snapshot()
}

// watch returns the current snapshot and a channel closed on the next
// change.
func (e *Execution) watch() (ExecutionJSON, <-chan struct{}) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snapshot(), e.changed
}

func (e *Execution) light() lightJSON {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.snapshot()
	return lightJSON{
		TenantID: s.TenantID, ID: s.ID, Namespace: s.Namespace, FlowID: s.FlowID,
		FlowRevision: s.FlowRevision, Inputs: s.Inputs, Outputs: s.Outputs, Labels: s.Labels,
		State: s.State, ParentID: s.ParentID, OriginalID: s.OriginalID, Trigger: s.Trigger,
		ScheduleDate: s.ScheduleDate, Kind: s.Kind,
	}
}
