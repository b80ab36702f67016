package executions

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/logs"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// FlowSource gives the flow an execution runs.
type FlowSource interface {
	Get(tenant, ns, id string, revision int, allowDeleted bool) (*flows.Revision, error)
}

// Store holds the executions of every tenant and runs them. It is safe for
// concurrent use. Lock order: Store.mu, then an Execution's mu.
type Store struct {
	mu      sync.RWMutex
	tenants map[string]*tenantExecutions
	now     func() time.Time
	ctx     context.Context
	wg      sync.WaitGroup

	flows FlowSource
	logs  *logs.Store
	// dir holds the files of executions, one directory per tenant and
	// execution.
	dir string
	// Hooks connect the runner to other areas (secrets, quotas); set them
	// before serving.
	Hooks Hooks
}

type tenantExecutions struct {
	byID  map[string]*Execution
	order []*Execution
}

// Config is what a Store needs.
type Config struct {
	// Context ends every runner when done (the server stops).
	Context context.Context
	Now     func() time.Time
	Flows   FlowSource
	Logs    *logs.Store
	// Dir receives input and output files.
	Dir string
}

// NewStore returns an empty store.
func NewStore(c Config) *Store {
	return &Store{
		tenants: map[string]*tenantExecutions{}, now: c.Now, ctx: c.Context,
		flows: c.Flows, logs: c.Logs, dir: c.Dir,
	}
}

// Wait blocks until every runner has returned (after the context is done).
func (s *Store) Wait() { s.wg.Wait() }

// Get returns an execution of tenant.
func (s *Store) Get(tenant, id string) (*Execution, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.tenants[tenant].get(id)
	if e == nil {
		return nil, rest.NotFound("Execution '%s' not found", id)
	}
	return e, nil
}

func (t *tenantExecutions) get(id string) *Execution {
	if t == nil {
		return nil
	}
	return t.byID[id]
}

// Lookup implements logs.Executions.
func (s *Store) Lookup(tenant, id string) (namespace string, ended, ok bool) {
	e, err := s.Get(tenant, id)
	if err != nil {
		return "", true, false
	}
	return e.namespace, Terminal(e.State()), true
}

// All returns the executions of tenant, oldest first.
func (s *Store) All(tenant string) []*Execution {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if t := s.tenants[tenant]; t != nil {
		return slices.Clone(t.order)
	}
	return nil
}

// children returns the executions a Subflow task of parent started.
func (s *Store) children(tenant, parent string) []*Execution {
	var out []*Execution
	for _, e := range s.All(tenant) {
		if e.parent == parent {
			out = append(out, e)
		}
	}
	return out
}

func (s *Store) tenant(t string) *tenantExecutions {
	te := s.tenants[t]
	if te == nil {
		te = &tenantExecutions{byID: map[string]*Execution{}}
		s.tenants[t] = te
	}
	return te
}

// add stores a new execution; the caller starts it.
func (s *Store) add(e *Execution) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenant(e.tenant)
	t.byID[e.id] = e
	t.order = append(t.order, e)
}

// remove forgets an execution.
func (s *Store) remove(e *Execution) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[e.tenant]
	if t == nil {
		return
	}
	delete(t.byID, e.id)
	t.order = slices.DeleteFunc(t.order, func(x *Execution) bool { return x == e })
}

// CreateRequest describes a new execution of a flow: what the create route,
// a Subflow task and the flows area's triggers (Schedule, Flow, backfills)
// start.
type CreateRequest struct {
	Tenant string
	Flow   *flows.Revision
	// Values are the raw input values (strings, numbers, booleans, lists,
	// maps, kestra:// URIs for files); they are validated and converted
	// like the create route's, defaults applied. Ignored when Inputs is set.
	Values map[string]any
	// Inputs are inputs already validated and typed.
	Inputs map[string]any
	// Labels are added to the flow's labels (a same key replaces).
	Labels       []flows.Label
	ScheduleDate *time.Time
	Kind         string
	Trigger      *TriggerInfo
	// ID, when set, is the id to use (the create route makes it before
	// storing file inputs under it).
	ID string
	// Files are the uploaded input files, by URI, stored under the
	// execution's directory.
	Files map[string]string
	// parent is the execution whose Subflow task starts this one.
	parent *Execution
	// test holds the fixtures of a test execution (StartTest).
	test *testRun
}

// Create validates a request, stores the execution and starts it. It fails
// with 409 for a disabled flow and 422 for invalid inputs or labels.
func (s *Store) Create(req CreateRequest) (*Execution, error) {
	e, _, err := s.create(req)
	return e, err
}

// create is Create that also returns the execution as created, before its
// runner could move it (what the create route answers without wait).
func (s *Store) create(req CreateRequest) (*Execution, ExecutionJSON, error) {
	rev := req.Flow
	if rev == nil || rev.Def == nil {
		return nil, ExecutionJSON{}, fmt.Errorf("create execution: no flow")
	}
	if rev.Def.Disabled {
		return nil, ExecutionJSON{}, rest.Conflict("Cannot execute disabled flow '%s' in namespace '%s'", rev.Def.ID, rev.Def.Namespace)
	}
	id := req.ID
	if id == "" {
		id = ids.New()
	}
	inputs := req.Inputs
	if inputs == nil {
		var vs []rest.Violation
		inputs, vs = ResolveValues(rev.Def, req.Values)
		if len(vs) > 0 {
			return nil, ExecutionJSON{}, rest.Invalid(vs...)
		}
	}
	if vs := validateLabels(req.Labels); len(vs) > 0 {
		return nil, ExecutionJSON{}, rest.Invalid(vs...)
	}
	now := s.now().UTC()
	e := &Execution{
		store: s, tenant: req.Tenant, id: id, namespace: rev.Def.Namespace, flowID: rev.Def.ID,
		flowRevision: rev.Revision, def: rev.Def, inputs: inputs,
		labels: mergeLabels(rev.Def.Labels, req.Labels), state: newState(Created, now), created: now,
		scheduleDate: req.ScheduleDate, kind: req.Kind, trigger: req.Trigger, originalID: id, attempt: 1,
		files: map[string]*outputFile{}, fileDir: filepath.Join(s.dir, req.Tenant, id), changed: make(chan struct{}),
		test: req.test,
	}
	correlation := id
	if p := req.parent; p != nil {
		e.parent = p.id
		if v, ok := p.labelMap()[labelCorrelationID]; ok {
			correlation = v
		}
	}
	e.setLabel(labelCorrelationID, correlation)
	for uri, path := range req.Files {
		e.files[uri] = &outputFile{path: path}
	}
	snap := e.snapshot()
	s.add(e)
	s.start(e)
	return e, snap, nil
}

// System labels Kestra sets (io.kestra.core.models.Label).
const (
	labelCorrelationID = "system.correlationId"
	labelRestarted     = "system.restarted"
	labelReplay        = "system.replay"
	labelReplayed      = "system.replayed"
)

// validateLabels checks labels as Kestra's Label constraints do.
func validateLabels(ls []flows.Label) []rest.Violation {
	var vs []rest.Violation
	for i, l := range ls {
		if !labelKeyPattern.MatchString(l.Key) {
			vs = append(vs, rest.Violation{Path: fmt.Sprintf("labels[%d].key", i), Message: "Invalid label key. A valid key contains only lowercase letters numbers hyphens (-) underscores (_) or periods (.) and must begin with a lowercase letter."})
		}
		if l.Value == "" {
			vs = append(vs, rest.Violation{Path: fmt.Sprintf("labels[%d].value", i), Message: "must not be empty"})
		}
	}
	return vs
}

// checkSystemLabels refuses system labels a caller sets (only Kestra sets
// them; the execution's own ones may be sent back unchanged).
func checkSystemLabels(existing, given []flows.Label) error {
	for _, l := range given {
		if !strings.HasPrefix(l.Key, "system.") {
			continue
		}
		if !slices.Contains(existing, l) {
			return rest.Errorf(422, "Illegal argument: System labels can only be set by Kestra itself, offending label: %s=%s", l.Key, l.Value)
		}
	}
	return nil
}

// mergeLabels adds labels to base; a label replaces one with the same key
// (mergeLabels(nil, ls) keeps the last value of each key of ls, in
// first-seen key order).
func mergeLabels(base, add []flows.Label) []flows.Label {
	out := slices.Clone(base)
	for _, l := range add {
		i := slices.IndexFunc(out, func(x flows.Label) bool { return x.Key == l.Key })
		if i >= 0 {
			out[i] = l
		} else {
			out = append(out, l)
		}
	}
	return out
}

// Delete removes an execution: it stops its runner, and removes its logs and
// files when asked (ExecutionService.delete).
func (s *Store) Delete(e *Execution, deleteLogs, deleteStorage bool) {
	s.stopRun(e, "stop")
	s.remove(e)
	e.mu.Lock()
	e.deleted = true
	dir := e.fileDir
	if deleteStorage {
		e.files = map[string]*outputFile{}
	}
	e.notify()
	e.mu.Unlock()
	if deleteLogs {
		s.logs.Delete(e.tenant, e.id, func(logs.Entry) bool { return true })
	}
	if deleteStorage {
		_ = os.RemoveAll(dir)
	}
	s.logs.Notify(e.tenant, e.id)
}

// concurrency is a flow's concurrency limit (Flow.concurrency).
type concurrency struct {
	limit    int
	behavior string
}

func concurrencyOf(def *flows.Definition) (concurrency, bool) {
	m, ok := def.Doc["concurrency"].(map[string]any)
	if !ok {
		return concurrency{}, false
	}
	c := concurrency{behavior: "QUEUE"}
	switch n := m["limit"].(type) {
	case int64:
		c.limit = int(n)
	case float64:
		c.limit = int(n)
	default:
		return concurrency{}, false
	}
	if b, ok := m["behavior"].(string); ok && b != "" {
		c.behavior = strings.ToUpper(b)
	}
	return c, c.limit > 0
}

// occupies reports whether an execution in state st takes a concurrency
// slot of its flow: it has started and not ended.
func occupies(st string) bool {
	switch st {
	case Running, Paused, Restarted, Killing, Retrying:
		return true
	}
	return false
}

// admit decides whether e, about to start, fits its flow's concurrency
// limit; it returns the state e moves to (RUNNING, QUEUED, CANCELLED,
// FAILED). Admission decisions are serialised by the store's lock, so two
// executions cannot take the last slot together.
func (s *Store) admit(e *Execution) string {
	c, limited := concurrencyOf(e.def)
	s.mu.Lock()
	defer s.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.state.current() != Created {
		return e.state.current()
	}
	if !limited {
		e.setState(Running)
		return Running
	}
	busy := 0
	for _, x := range s.tenants[e.tenant].order {
		if x == e || x.namespace != e.namespace || x.flowID != e.flowID {
			continue
		}
		x.mu.Lock()
		if occupies(x.state.current()) {
			busy++
		}
		x.mu.Unlock()
	}
	if busy < c.limit {
		e.setState(Running)
		return Running
	}
	switch c.behavior {
	case "CANCEL":
		e.setState(Cancelled)
		return Cancelled
	case "FAIL":
		e.setState(Failed)
		return Failed
	}
	e.setState(Queued)
	return Queued
}

// release starts the oldest queued execution of e's flow when a slot is
// free (the executor's ExecutionQueued handling when one ends).
func (s *Store) release(e *Execution) {
	c, limited := concurrencyOf(e.def)
	if !limited {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	busy := 0
	var next *Execution
	for _, x := range s.tenants[e.tenant].order {
		if x.namespace != e.namespace || x.flowID != e.flowID {
			continue
		}
		x.mu.Lock()
		st := x.state.current()
		x.mu.Unlock()
		if occupies(st) {
			busy++
		}
		if st == Queued && next == nil {
			next = x
		}
	}
	if next == nil || busy >= c.limit {
		return
	}
	next.mu.Lock()
	if next.state.current() == Queued {
		next.setState(Running)
	}
	next.mu.Unlock()
}
