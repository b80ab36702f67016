package dashboards

import (
	"time"

	"github.com/kestractl/kestractl/kestrasim/executions"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/logs"
)

// record is one row of a data source: field -> value (string, int64,
// float64, time.Time, map[string]string for LABELS, or nil).
type record map[string]any

// ExecutionLister gives the executions of a tenant.
type ExecutionLister interface {
	All(tenant string) []*executions.Execution
}

// LogLister gives the log lines of a tenant.
type LogLister interface {
	All(tenant string, keep func(logs.Entry) bool) []logs.Entry
}

// FlowLister gives the latest revision of the flows of a tenant.
type FlowLister interface {
	Latest(tenant string, keep func(*flows.Revision) bool) []*flows.Revision
}

// Sources are what charts read: the executions the simulator holds (and
// their logs) and its flows. It holds no trigger state and no metrics, so
// Triggers and Metrics data are empty.
type Sources struct {
	Executions ExecutionLister
	Logs       LogLister
	Flows      FlowLister
	Now        func() time.Time
}

// records returns the rows of one data source ("Executions", "Logs",
// "Flows", ...).
func (s Sources) records(tenant, src string) []record {
	switch src {
	case "Executions":
		return s.executionRecords(tenant)
	case "Logs":
		return s.logRecords(tenant)
	case "Flows":
		var out []record
		for _, f := range s.Flows.Latest(tenant, nil) {
			out = append(out, record{"ID": f.Def.ID, "NAMESPACE": f.Def.Namespace, "REVISION": int64(f.Revision)})
		}
		return out
	}
	return nil
}

func (s Sources) executionRecords(tenant string) []record {
	var out []record
	now := s.Now()
	for _, e := range s.Executions.All(tenant) {
		snap := e.Snapshot()
		// only NORMAL executions count, as in the executions search
		if !executions.NormalKind(snap.Kind) {
			continue
		}
		labels := map[string]string{}
		for _, l := range snap.Labels {
			labels[l.Key] = l.Value
		}
		end := now
		var endDate any
		if snap.State.EndDate != nil {
			end, endDate = *snap.State.EndDate, *snap.State.EndDate
		}
		out = append(out, record{
			"ID": snap.ID, "NAMESPACE": snap.Namespace, "FLOW_ID": snap.FlowID,
			"FLOW_REVISION": int64(snap.FlowRevision), "STATE": snap.State.Current,
			"DURATION": end.Sub(snap.State.StartDate).Seconds(), "LABELS": labels,
			"START_DATE": snap.State.StartDate, "END_DATE": endDate, "TRIGGER_EXECUTION_ID": nil,
		})
	}
	return out
}

func (s Sources) logRecords(tenant string) []record {
	var out []record
	for _, l := range s.Logs.All(tenant, func(l logs.Entry) bool { return executions.NormalKind(l.ExecutionKind) }) {
		var attempt any
		if l.AttemptNumber != nil {
			attempt = int64(*l.AttemptNumber)
		}
		out = append(out, record{
			"ID": nil, "NAMESPACE": l.Namespace, "FLOW_ID": l.FlowID, "EXECUTION_ID": nilIfEmpty(l.ExecutionID),
			"TASK_ID": nilIfEmpty(l.TaskID), "DATE": l.Timestamp, "TASK_RUN_ID": nilIfEmpty(l.TaskRunID),
			"ATTEMPT_NUMBER": attempt, "TRIGGER_ID": nilIfEmpty(l.TriggerID), "LEVEL": l.Level, "MESSAGE": l.Message,
		})
	}
	return out
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// dateField is the field the time range of a source applies to.
func dateField(src string) string {
	switch src {
	case "Executions":
		return "START_DATE"
	case "Logs", "Metrics":
		return "DATE"
	}
	return ""
}
