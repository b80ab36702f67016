package triggers

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kestractl/kestractl/kestrasim/executions"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time         { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration)    { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func mustTime(s string) time.Time       { t, _ := time.Parse(time.RFC3339, s); return t }
func ptr[T any](v T) *T                 { return &v }
func (l *launcher) dates() []string     { return l.scheduleDates }
func (l *launcher) finishAll(st string) { l.mu.Lock(); l.state = st; l.mu.Unlock() }

// launcher records launches; executions end in state (empty: running).
type launcher struct {
	mu            sync.Mutex
	scheduleDates []string
	launches      []executions.Launch
	state         string
}

func (l *launcher) Launch(x executions.Launch) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.launches = append(l.launches, x)
	l.scheduleDates = append(l.scheduleDates, x.ScheduleDate.Format(time.RFC3339))
	return fmt.Sprintf("exec-%d", len(l.launches)), nil
}

func (l *launcher) Outcome(string, string) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state, l.state != ""
}

const daily = `id: daily
namespace: company.team
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "{{ trigger.date }}"
triggers:
  - id: every_day
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 2 * * *"
    timezone: Europe/Paris
    inputs:
      who: scheduler
    labels:
      source: schedule
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: secret-key
`

func setup(t *testing.T, src string, now time.Time) (*Store, *flows.Store, *launcher, *clock) {
	t.Helper()
	c := &clock{t: now}
	reg := namespaces.NewRegistry([]string{"main"}, c.Now)
	fs := flows.NewStore(reg, c.Now)
	l := &launcher{state: executions.Success}
	ts := NewStore(fs, l, c.Now)
	ts.BackfillInterval = 0
	fs.OnChange(ts.Observe)
	def, vs := flows.Parse([]byte(src))
	if len(vs) > 0 {
		t.Fatalf("parse: %v", vs)
	}
	if _, err := fs.Create("main", def, src); err != nil {
		t.Fatal(err)
	}
	return ts, fs, l, c
}

var dailyID = ID{Namespace: "company.team", FlowID: "daily", TriggerID: "every_day"}

func TestTriggerContexts(t *testing.T) {
	ts, fs, _, _ := setup(t, daily, mustTime("2025-03-29T12:00:00Z"))
	states := ts.list("main", nil)
	if len(states) != 2 {
		t.Fatalf("%d states, want 2 (schedule and webhook)", len(states))
	}
	sch, _ := ts.Get("main", dailyID)
	if sch.Kind != "SCHEDULE" || sch.NextEvaluationDate == nil {
		t.Fatalf("schedule state %+v", sch)
	}
	// 02:00 Paris on the spring-forward day is in the gap: 03:00 CEST.
	if got := sch.NextEvaluationDate.Format(time.RFC3339); got != "2025-03-30T03:00:00+02:00" {
		t.Errorf("next date %s", got)
	}
	hook, _ := ts.Get("main", ID{Namespace: "company.team", FlowID: "daily", TriggerID: "hook"})
	if hook.Kind != "" || hook.NextEvaluationDate != nil {
		t.Errorf("webhook state %+v", hook)
	}
	// removing the webhook from the flow drops its state; deleting the flow drops all
	src := daily[:len(daily)-len("  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: secret-key\n")]
	def, _ := flows.Parse([]byte(src))
	if _, err := fs.Update("main", "company.team", "daily", def, src); err != nil {
		t.Fatal(err)
	}
	if n := len(ts.list("main", nil)); n != 1 {
		t.Fatalf("%d states after removing the webhook", n)
	}
	if err := fs.Delete("main", "company.team", "daily"); err != nil {
		t.Fatal(err)
	}
	if n := len(ts.list("main", nil)); n != 0 {
		t.Fatalf("%d states after deleting the flow", n)
	}
}

func TestScheduleRunsAndLocks(t *testing.T) {
	ts, _, l, c := setup(t, daily, mustTime("2025-06-01T23:59:00Z"))
	l.finishAll("") // executions keep running
	c.Add(2 * time.Minute)
	ts.Tick()
	if got := l.dates(); len(got) != 1 || got[0] != "2025-06-02T00:00:00Z" {
		t.Fatalf("launches %v", got)
	}
	x := l.launches[0]
	if x.Trigger.Variables["date"] != "2025-06-02T02:00:00+02:00" || x.Trigger.Variables["next"] != "2025-06-03T02:00:00+02:00" ||
		x.Trigger.Variables["previous"] != "2025-06-01T02:00:00+02:00" || x.Inputs["who"] != "scheduler" ||
		len(x.Labels) != 1 || x.Labels[0].Key != "source" {
		t.Fatalf("launch %+v %+v", x, x.Trigger)
	}
	st, _ := ts.Get("main", dailyID)
	if !st.Locked || st.ExecutionID != "exec-1" || st.LastTriggeredDate == nil {
		t.Fatalf("state after firing %+v", st)
	}
	// a day later the trigger is still locked by the running execution
	c.Add(24 * time.Hour)
	ts.Tick()
	if n := len(l.dates()); n != 1 {
		t.Fatalf("%d launches while locked", n)
	}
	if _, err := ts.Unlock("main", dailyID); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Unlock("main", dailyID); err == nil {
		t.Fatal("unlocking an unlocked trigger succeeded")
	}
	// disabled: nothing runs; re-enabled: the missed dates are skipped
	if _, err := ts.SetDisabled("main", dailyID, true); err != nil {
		t.Fatal(err)
	}
	c.Add(48 * time.Hour)
	ts.Tick()
	if n := len(l.dates()); n != 1 {
		t.Fatalf("%d launches while disabled", n)
	}
	st, _ = ts.SetDisabled("main", dailyID, false)
	if !st.NextEvaluationDate.After(c.Now()) {
		t.Fatalf("re-enabled next date %s is not after now %s", st.NextEvaluationDate, c.Now())
	}
}

func TestBackfillThirtyDays(t *testing.T) {
	ts, _, l, c := setup(t, daily, mustTime("2025-03-01T12:00:00Z"))
	before, _ := ts.Get("main", dailyID)
	st, err := ts.CreateBackfill("main", dailyID, BackfillRequest{
		Start: ptr(mustTime("2025-01-01T00:00:00+01:00")), End: ptr(mustTime("2025-01-30T23:59:59+01:00")),
		Inputs: map[string]any{"who": "backfill"}, Labels: []flows.Label{{Key: "backfill", Value: "true"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Backfill == nil || st.Backfill.CurrentDate.Format(time.RFC3339) != "2025-01-01T02:00:00+01:00" ||
		!st.Backfill.PreviousNextExecutionDate.Equal(*before.NextEvaluationDate) {
		t.Fatalf("backfill %+v", st.Backfill)
	}
	if _, err := ts.CreateBackfill("main", dailyID, BackfillRequest{Start: ptr(mustTime("2025-01-01T00:00:00Z"))}); err == nil {
		t.Fatal("a second backfill was accepted")
	}
	for range 10 {
		ts.Tick()
	}
	// pause: nothing more runs
	if _, err := ts.SetBackfillPaused("main", dailyID, true); err != nil {
		t.Fatal(err)
	}
	for range 10 {
		ts.Tick()
	}
	if n := len(l.dates()); n != 10 {
		t.Fatalf("%d launches after pausing at 10", n)
	}
	if _, err := ts.SetBackfillPaused("main", dailyID, false); err != nil {
		t.Fatal(err)
	}
	for range 40 {
		ts.Tick()
	}
	got := l.dates()
	if len(got) != 30 {
		t.Fatalf("%d executions, want 30: %v", len(got), got)
	}
	for i, d := range got {
		want := time.Date(2025, 1, 1+i, 1, 0, 0, 0, time.UTC).Format(time.RFC3339)
		if d != want {
			t.Fatalf("execution %d scheduled %s, want %s", i, d, want)
		}
	}
	last := l.launches[29]
	if last.Inputs["who"] != "backfill" || len(last.Labels) != 2 || last.Trigger.Variables["date"] != "2025-01-30T02:00:00+01:00" {
		t.Fatalf("backfill launch %+v %+v", last, last.Trigger)
	}
	st, _ = ts.Get("main", dailyID)
	if st.Backfill != nil || !st.NextEvaluationDate.Equal(*before.NextEvaluationDate) {
		t.Fatalf("after the backfill: %+v", st)
	}
	if _, err := ts.DeleteBackfill("main", dailyID); err == nil {
		t.Fatal("deleting a finished backfill succeeded")
	}
	_ = c
}

func TestBackfillRateAndStopAfter(t *testing.T) {
	src := `id: daily
namespace: company.team
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: hi
triggers:
  - id: every_day
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "@daily"
    stopAfter: [FAILED]
`
	ts, _, l, c := setup(t, src, mustTime("2025-03-01T12:00:00Z"))
	ts.BackfillInterval = time.Minute
	l.finishAll("")
	if _, err := ts.CreateBackfill("main", dailyID, BackfillRequest{Start: ptr(mustTime("2025-02-01T00:00:00Z"))}); err != nil {
		t.Fatal(err)
	}
	ts.Tick()
	ts.Tick()
	if n := len(l.dates()); n != 1 {
		t.Fatalf("%d launches within one interval", n)
	}
	l.finishAll(executions.Failed)
	c.Add(time.Minute)
	ts.Tick()
	st, _ := ts.Get("main", dailyID)
	if !st.Disabled {
		t.Fatalf("a FAILED execution did not disable a stopAfter: [FAILED] trigger: %+v", st)
	}
	if n := len(l.dates()); n != 1 {
		t.Fatalf("%d launches after disabling", n)
	}
	st, err := ts.DeleteBackfill("main", dailyID)
	if err != nil || st.Backfill != nil {
		t.Fatalf("delete backfill: %v %+v", err, st)
	}
}
