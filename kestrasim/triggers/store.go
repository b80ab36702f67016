package triggers

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/executions"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// FlowSource gives the flows triggers belong to.
type FlowSource interface {
	Get(tenant, ns, id string, revision int, allowDeleted bool) (*flows.Revision, error)
}

// Launcher starts executions and tells how they ended.
type Launcher interface {
	Launch(l executions.Launch) (string, error)
	Outcome(tenant, id string) (state string, ended bool)
}

// DefaultBackfillInterval is the least time between two executions of one
// backfill (the bounded rate).
const DefaultBackfillInterval = 100 * time.Millisecond

// Store holds the trigger states of every tenant. It is safe for
// concurrent use.
type Store struct {
	mu     sync.Mutex
	states map[string]map[ID]*State
	now    func() time.Time
	flows  FlowSource
	launch Launcher
	// BackfillInterval bounds a backfill's rate.
	BackfillInterval time.Duration
}

// NewStore returns an empty store reading flows from fs and starting
// executions with l.
func NewStore(fs FlowSource, l Launcher, now func() time.Time) *Store {
	return &Store{states: map[string]map[ID]*State{}, now: now, flows: fs, launch: l, BackfillInterval: DefaultBackfillInterval}
}

func notFound(id ID) error {
	return rest.NotFound("Trigger %s not found", id)
}

// kindOf is TriggerType.from: Schedule triggers are SCHEDULE; Flow and
// Webhook triggers have none.
func kindOf(typ string) string {
	if typ == flows.TypeSchedule {
		return "SCHEDULE"
	}
	return ""
}

// stopAfterOf reads a trigger's stopAfter states.
func stopAfterOf(t map[string]any) []string {
	var out []string
	list, _ := t["stopAfter"].([]any)
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func triggerMaps(def *flows.Definition) []map[string]any {
	list, _ := def.Doc["triggers"].([]any)
	var out []map[string]any
	for _, item := range list {
		if m, ok := item.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// Observe applies a stored flow revision, as the scheduler handles
// TriggerCreated, TriggerUpdated and TriggerDeleted: new triggers get a
// state, changed ones are reset to their definition (disabled, stopAfter,
// next date), removed ones and those of a deleted flow lose theirs.
func (s *Store) Observe(c flows.Change) {
	rev := c.New
	tenant := rev.Tenant
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.states[tenant]
	if m == nil {
		m = map[ID]*State{}
		s.states[tenant] = m
	}
	now := s.now()
	declared := map[string]bool{}
	if !rev.Deleted {
		for _, t := range triggerMaps(rev.Def) {
			tid, _ := t["id"].(string)
			typ, _ := t["type"].(string)
			typ = flows.Canonical(typ)
			if tid == "" {
				continue
			}
			declared[tid] = true
			id := ID{Namespace: rev.Def.Namespace, FlowID: rev.Def.ID, TriggerID: tid}
			st := m[id]
			if st != nil && reflect.DeepEqual(st.definition, t) {
				st.revision = rev.Revision
				continue
			}
			if st == nil {
				st = &State{ID: id, Tenant: tenant}
				m[id] = st
			}
			disabled, _ := t["disabled"].(bool)
			st.Type, st.Kind, st.definition, st.revision = typ, kindOf(typ), t, rev.Revision
			st.Disabled, st.StopAfter, st.UpdatedAt = disabled, stopAfterOf(t), now
			st.NextEvaluationDate = nil
			if st.Backfill == nil {
				st.NextEvaluationDate = nextDate(t, now)
			}
		}
	}
	for id := range m {
		if id.Namespace == rev.Def.Namespace && id.FlowID == rev.Def.ID && !declared[id.TriggerID] {
			delete(m, id)
		}
	}
}

// nextDate is the first schedule date after t of a Schedule trigger (nil
// for other triggers or an invalid schedule).
func nextDate(t map[string]any, after time.Time) *time.Time {
	if flows.Canonical(fmt.Sprint(t["type"])) != flows.TypeSchedule {
		return nil
	}
	sch, err := flows.ScheduleOf(t)
	if err != nil {
		return nil
	}
	n := sch.Next(after)
	if n.IsZero() {
		return nil
	}
	return &n
}

// list returns copies of the states of a tenant accepted by keep, sorted
// by namespace, flow and trigger.
func (s *Store) list(tenant string, keep func(*State) bool) []*State {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*State
	for _, st := range s.states[tenant] {
		if keep == nil || keep(st) {
			out = append(out, st.clone())
		}
	}
	slices.SortFunc(out, func(a, b *State) int {
		return strings.Compare(a.Namespace+"\x00"+a.FlowID+"\x00"+a.TriggerID, b.Namespace+"\x00"+b.FlowID+"\x00"+b.TriggerID)
	})
	return out
}

// Get returns a copy of one state.
func (s *Store) Get(tenant string, id ID) (*State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.states[tenant][id]
	if st == nil {
		return nil, notFound(id)
	}
	return st.clone(), nil
}

// update applies fn to a state under the lock and returns a copy of the
// result.
func (s *Store) update(tenant string, id ID, fn func(st *State, now time.Time) error) (*State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.states[tenant][id]
	if st == nil {
		return nil, notFound(id)
	}
	now := s.now()
	if err := fn(st, now); err != nil {
		return nil, err
	}
	st.UpdatedAt = now
	return st.clone(), nil
}

// SetDisabled enables or disables a trigger. Re-enabling a Schedule
// recomputes its next date from now, so that the dates missed while
// disabled are not run (the scheduler's onSetTriggerDisable).
func (s *Store) SetDisabled(tenant string, id ID, disabled bool) (*State, error) {
	return s.update(tenant, id, func(st *State, now time.Time) error {
		if st.Disabled && !disabled && st.Backfill == nil {
			st.NextEvaluationDate = nextDate(st.definition, now)
		}
		st.Disabled = disabled
		return nil
	})
}

// Unlock releases a locked trigger; 409 when it is not locked.
func (s *Store) Unlock(tenant string, id ID) (*State, error) {
	return s.update(tenant, id, func(st *State, now time.Time) error {
		if !st.Locked {
			return rest.Conflict("trigger %s is already unlocked", id)
		}
		s.reset(st, now)
		return nil
	})
}

// Restart resets a trigger: unlocked, its next date recomputed from now.
func (s *Store) Restart(tenant string, id ID) (*State, error) {
	return s.update(tenant, id, func(st *State, now time.Time) error {
		s.reset(st, now)
		return nil
	})
}

// reset is TriggerState.reset followed by a new next date.
func (s *Store) reset(st *State, now time.Time) {
	st.Locked = false
	if st.Backfill != nil {
		d := st.Backfill.CurrentDate
		st.NextEvaluationDate = &d
		return
	}
	st.NextEvaluationDate = nextDate(st.definition, now)
}

// Delete removes a trigger's state; the next revision of its flow creates
// it anew.
func (s *Store) Delete(tenant string, id ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.states[tenant][id] == nil {
		return notFound(id)
	}
	delete(s.states[tenant], id)
	return nil
}

// BackfillRequest is a backfill to create.
type BackfillRequest struct {
	Start  *time.Time
	End    *time.Time
	Inputs map[string]any
	Labels []flows.Label
}

// CreateBackfill starts a backfill of a Schedule trigger: its schedule
// dates from start to end (now when absent), both included, each run once,
// oldest first; the live schedule waits until the backfill ends.
func (s *Store) CreateBackfill(tenant string, id ID, req BackfillRequest) (*State, error) {
	return s.update(tenant, id, func(st *State, now time.Time) error {
		if st.Type != flows.TypeSchedule {
			return rest.Conflict("Cannot create a backfill for trigger %s: only Schedule triggers can be backfilled", id)
		}
		if st.Backfill != nil {
			return rest.Conflict("Trigger %s already has a backfill; delete it before creating another", id)
		}
		if req.Start == nil {
			return rest.Invalid(rest.Violation{Path: "backfill.start", Message: "must not be null"})
		}
		end := now
		if req.End != nil {
			end = *req.End
		}
		if end.Before(*req.Start) {
			return rest.Invalid(rest.Violation{Path: "backfill.end", Message: "must not be before backfill.start"})
		}
		sch, err := flows.ScheduleOf(st.definition)
		if err != nil {
			return rest.Conflict("Cannot create a backfill for trigger %s: %v", id, err)
		}
		first := sch.NextOrSame(*req.Start)
		b := &Backfill{Start: *req.Start, End: end, CurrentDate: first, Inputs: req.Inputs, Labels: req.Labels, PreviousNextExecutionDate: st.NextEvaluationDate}
		st.Backfill = b
		st.NextEvaluationDate = &first
		st.lastStep = time.Time{}
		if first.IsZero() || first.After(end) {
			s.endBackfill(st)
		}
		return nil
	})
}

// endBackfill clears a backfill and restores the next date it replaced.
func (s *Store) endBackfill(st *State) {
	st.NextEvaluationDate = st.Backfill.PreviousNextExecutionDate
	st.Backfill = nil
}

// SetBackfillPaused pauses or resumes a backfill; 409 when there is none.
func (s *Store) SetBackfillPaused(tenant string, id ID, paused bool) (*State, error) {
	return s.update(tenant, id, func(st *State, now time.Time) error {
		if st.Backfill == nil {
			return rest.Conflict("Trigger %s has no backfill", id)
		}
		st.Backfill.Paused = paused
		return nil
	})
}

// DeleteBackfill drops a backfill, restoring the live schedule's next date;
// 409 when there is none.
func (s *Store) DeleteBackfill(tenant string, id ID) (*State, error) {
	return s.update(tenant, id, func(st *State, now time.Time) error {
		if st.Backfill == nil {
			return rest.Conflict("Trigger %s has no backfill", id)
		}
		s.endBackfill(st)
		return nil
	})
}

// definition returns the trigger mapping of a state (for ApiTriggerAndState).
func (s *Store) definition(tenant string, id ID) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.states[tenant][id]; st != nil {
		return maps.Clone(st.definition)
	}
	return nil
}
