package executions

import (
	"context"
	"crypto/rand"
	"slices"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Execution is one run of a flow. Its fields are guarded by mu; every change
// closes the changed channel so that followers wake up.
type Execution struct {
	mu           sync.Mutex
	tenant       string
	id           string
	namespace    string
	flowID       string
	flowRevision int
	def          *flows.Definition
	flowOutputs  []any
	inputs       map[string]any
	outputs      map[string]any
	labels       []flows.Label
	state        state
	taskRuns     []*taskRun
	logs         []LogEntry
	created      time.Time
	scheduleDate *time.Time
	kind         string
	trigger      *TriggerInfo
	changed      chan struct{}
	kill         context.CancelFunc
	now          func() time.Time
	hooks        Hooks
	// test is set on executions started by a test suite (testrun.go).
	test *testRun
	// files maps the kestra:// URI of each stored input file to its local
	// path (files.go).
	files map[string]string
}

// notify wakes followers; the caller holds mu.
func (e *Execution) notify() {
	close(e.changed)
	e.changed = make(chan struct{})
}

// Namespace returns the namespace of the execution.
func (e *Execution) Namespace() string { return e.namespace }

// snapshot renders the execution; the caller holds mu.
func (e *Execution) snapshot() executionJSON {
	now := e.now()
	out := executionJSON{
		TenantID: e.tenant, ID: e.id, Namespace: e.namespace, FlowID: e.flowID,
		FlowRevision: e.flowRevision, Inputs: e.inputs, Outputs: e.outputs,
		Labels: e.labels, State: e.state.json(now), OriginalID: e.id,
		Metadata:     metadataJSON{AttemptNumber: 1, OriginalCreatedDate: e.created},
		ScheduleDate: e.scheduleDate, Kind: e.kind, Trigger: e.trigger,
	}
	if out.Labels == nil {
		out.Labels = []flows.Label{}
	}
	for _, tr := range e.taskRuns {
		st := tr.State.json(now)
		out.TaskRunList = append(out.TaskRunList, taskRunJSON{
			ID: tr.ID, ExecutionID: e.id, Namespace: e.namespace, FlowID: e.flowID, TaskID: tr.TaskID,
			State: st, Attempts: []attemptJSON{{State: st}}, Outputs: tr.Outputs,
		})
	}
	return out
}

// Snapshot renders the execution as Kestra's Execution JSON.
func (e *Execution) Snapshot() executionJSON {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snapshot()
}

// watch returns the current snapshot and a channel closed on the next
// change.
func (e *Execution) watch() (executionJSON, <-chan struct{}) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snapshot(), e.changed
}

// logsFrom returns the log lines from index i, whether the execution has
// ended, and a channel closed on the next change.
func (e *Execution) logsFrom(i int) ([]LogEntry, bool, <-chan struct{}) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []LogEntry
	if i < len(e.logs) {
		out = slices.Clone(e.logs[i:])
	}
	return out, Terminal(e.state.current()), e.changed
}

func (e *Execution) light() lightJSON {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.snapshot()
	return lightJSON{
		TenantID: s.TenantID, ID: s.ID, Namespace: s.Namespace, FlowID: s.FlowID,
		FlowRevision: s.FlowRevision, Inputs: s.Inputs, Outputs: s.Outputs, Labels: s.Labels,
		State: s.State, OriginalID: s.OriginalID, ScheduleDate: s.ScheduleDate, Kind: s.Kind,
	}
}

// Store holds the executions of every tenant and runs them. It is safe for
// concurrent use.
type Store struct {
	mu      sync.RWMutex
	tenants map[string]map[string]*Execution
	order   map[string][]*Execution
	now     func() time.Time
	ctx     context.Context
	wg      sync.WaitGroup
	// Hooks are given to every execution; set them before serving.
	Hooks Hooks
}

// NewStore returns an empty store; executions stop when ctx is done.
func NewStore(ctx context.Context, now func() time.Time) *Store {
	return &Store{tenants: map[string]map[string]*Execution{}, order: map[string][]*Execution{}, now: now, ctx: ctx}
}

// Wait blocks until every runner has returned (after ctx is done).
func (s *Store) Wait() { s.wg.Wait() }

// newID returns a 22-character base62 id, like Kestra's.
func newID() string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	var b [22]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}

// Get returns an execution of tenant.
func (s *Store) Get(tenant, id string) (*Execution, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.tenants[tenant][id]
	if e == nil {
		return nil, rest.NotFound("Execution '%s' not found", id)
	}
	return e, nil
}

// All returns the executions of tenant, oldest first.
func (s *Store) All(tenant string) []*Execution {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.order[tenant])
}

// add stores a new execution and starts its runner.
func (s *Store) add(e *Execution) {
	ctx, cancel := context.WithCancel(s.ctx)
	e.kill = cancel
	e.hooks = s.Hooks
	s.mu.Lock()
	m := s.tenants[e.tenant]
	if m == nil {
		m = map[string]*Execution{}
		s.tenants[e.tenant] = m
	}
	m[e.id] = e
	s.order[e.tenant] = append(s.order[e.tenant], e)
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer cancel()
		run(ctx, s.ctx, e)
	}()
}

// Kill asks a running execution to stop; it fails with 409 when the
// execution has already ended.
func (s *Store) Kill(e *Execution) (executionJSON, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if Terminal(e.state.current()) {
		return executionJSON{}, rest.Conflict("Execution '%s' is already terminated (%s)", e.id, e.state.current())
	}
	if e.state.current() != Killing {
		e.state.set(Killing, e.now())
		e.notify()
	}
	e.kill()
	return e.snapshot(), nil
}
