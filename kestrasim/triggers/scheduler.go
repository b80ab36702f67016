package triggers

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/kestractl/kestractl/kestrasim/executions"
	"github.com/kestractl/kestractl/kestrasim/flows"
)

// Run evaluates the triggers every interval on the store's clock until ctx
// is done.
func (s *Store) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.Tick()
		}
	}
}

// Tick evaluates every trigger once, as one pass of Kestra's scheduler:
//   - a locked trigger (its last execution has not ended, allowConcurrent
//     unset) waits; when that execution has ended it is unlocked, and
//     disabled when its final state is one of the trigger's stopAfter;
//   - a Schedule with a backfill that is not paused runs the backfill's
//     current date (once the backfill interval has passed since its last
//     execution) and moves to the next date, ending the backfill after its
//     end date; a paused backfill holds the schedule;
//   - otherwise a Schedule whose next date has come runs that date and
//     moves to the following one (missed dates are each run, one a pass).
//
// Disabled triggers and triggers of disabled flows are not run.
func (s *Store) Tick() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for tenant, m := range s.states {
		ids := make([]ID, 0, len(m))
		for id := range m {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(a, b ID) int {
			if a.String() < b.String() {
				return -1
			}
			return 1
		})
		for _, id := range ids {
			s.evaluate(tenant, m[id], now)
		}
	}
}

func (s *Store) evaluate(tenant string, st *State, now time.Time) {
	if st.Locked {
		state, ended := s.launch.Outcome(tenant, st.ExecutionID)
		if !ended {
			return
		}
		st.Locked = false
		if slices.Contains(st.StopAfter, state) {
			st.Disabled = true
		}
		st.UpdatedAt = now
	}
	if st.Type != flows.TypeSchedule || st.Disabled {
		return
	}
	rev, err := s.flows.Get(tenant, st.Namespace, st.FlowID, 0, false)
	if err != nil || rev.Def.Disabled {
		return
	}
	sch, err := flows.ScheduleOf(st.definition)
	if err != nil {
		return
	}
	if b := st.Backfill; b != nil {
		if b.Paused || now.Sub(st.lastStep) < s.BackfillInterval || b.CurrentDate.After(now) {
			return
		}
		date := b.CurrentDate
		s.fire(tenant, st, rev, date, sch.Next(date), sch.Previous(date), now, b)
		st.lastStep = now
		b.CurrentDate = sch.Next(date)
		if b.CurrentDate.IsZero() || b.CurrentDate.After(b.End) {
			s.endBackfill(st)
		} else {
			next := b.CurrentDate
			st.NextEvaluationDate = &next
		}
		return
	}
	if st.NextEvaluationDate == nil || st.NextEvaluationDate.After(now) {
		return
	}
	date := *st.NextEvaluationDate
	next := sch.Next(date)
	s.fire(tenant, st, rev, date, next, sch.Previous(date), now, nil)
	if next.IsZero() {
		st.NextEvaluationDate = nil
	} else {
		st.NextEvaluationDate = &next
	}
}

// fire creates the execution of one schedule date (TriggerService
// .generateScheduledExecution): scheduleDate is the date, the trigger
// variables are date, next and previous in the schedule's zone, the
// inputs and labels those of the trigger and then of the backfill.
func (s *Store) fire(tenant string, st *State, rev *flows.Revision, date, next, previous, now time.Time, b *Backfill) {
	loc := date.Location()
	vars := map[string]any{"date": date.In(loc).Format(time.RFC3339)}
	if !next.IsZero() {
		vars["next"] = next.In(loc).Format(time.RFC3339)
	}
	if !previous.IsZero() {
		vars["previous"] = previous.In(loc).Format(time.RFC3339)
	}
	inputs := map[string]any{}
	if m, ok := st.definition["inputs"].(map[string]any); ok {
		for k, v := range m {
			inputs[k] = v
		}
	}
	labels := triggerLabels(st.definition)
	if b != nil {
		for k, v := range b.Inputs {
			inputs[k] = v
		}
		labels = append(labels, b.Labels...)
	}
	scheduled := date.UTC()
	id, err := s.launch.Launch(executions.Launch{
		Tenant: tenant, Flow: rev, Inputs: inputs, Labels: labels, ScheduleDate: &scheduled,
		Trigger: &executions.TriggerInfo{ID: st.TriggerID, Type: st.Type, Variables: vars},
	})
	evaluated := now
	st.EvaluatedAt = &evaluated
	st.UpdatedAt = now
	if err != nil {
		return
	}
	triggered := now
	st.LastTriggeredDate = &triggered
	st.ExecutionID = id
	if allow, _ := st.definition["allowConcurrent"].(bool); !allow {
		st.Locked = true
	}
}

// triggerLabels reads a trigger's labels, given as a map or a list.
func triggerLabels(t map[string]any) []flows.Label {
	var out []flows.Label
	switch l := t["labels"].(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(l)) {
			out = append(out, flows.Label{Key: k, Value: fmt.Sprint(l[k])})
		}
	case []any:
		for _, item := range l {
			if m, ok := item.(map[string]any); ok {
				out = append(out, flows.Label{Key: fmt.Sprint(m["key"]), Value: fmt.Sprint(m["value"])})
			}
		}
	}
	return out
}
