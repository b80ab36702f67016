package commands_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// scheduled is a flow with a yearly schedule (January 1st, 03:00 UTC: it
// never comes due during a test) and a webhook trigger.
func scheduled(ns, id string) string {
	return fmt.Sprintf("id: %s\nnamespace: %s\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: \"{{ trigger.date }}\"\ntriggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 3 1 1 *\"\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: secret-key\n", id, ns)
}

// triggerState reads one trigger's state.
func triggerState(t *testing.T, url, ns, flow, trigger string) map[string]any {
	t.Helper()
	r := plugintest.Run(t, flowsPlugin(), opts(url), "triggers", "search-for-flow", ns, flow, "--all")
	if r.Err != nil {
		t.Fatalf("search-for-flow: %v", r.Err)
	}
	for _, rec := range r.Records {
		if rec["triggerId"] == trigger {
			return rec
		}
	}
	return nil
}

func TestTriggerCommands(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	deploySources(t, url, map[string]string{"a.yaml": scheduled("trg.team", "a"), "b.yaml": scheduled("trg.team", "b"), "o.yaml": scheduled("trg.other", "o")})
	tbl := opts(url)
	tbl.Format = "table"

	r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "list", "-n", "trg.team")
	if r.Err != nil || len(r.Records) != 4 || r.Footer != "Showing 4 of 4 triggers" {
		t.Fatalf("list: %v %d %q", r.Err, len(r.Records), r.Footer)
	}
	var headers []string
	for _, c := range r.Columns {
		headers = append(headers, c.Header)
	}
	for _, want := range []string{"NEXT EXECUTION", "LAST TRIGGERED", "DISABLED", "LOCKED", "BACKFILL", "BACKFILL AT", "BACKFILL END"} {
		if !slices.Contains(headers, want) {
			t.Fatalf("no %s column in %v", want, headers)
		}
	}
	j := plugintest.Run(t, flowsPlugin(), opts(url), "triggers", "list", "--flow", "a", "--filter", "triggerId:EQUALS:daily")
	if j.Err != nil || len(j.RawRecords) != 1 || !strings.Contains(string(j.RawRecords[0]), `"trigger":{`) {
		t.Fatalf("list -o json: %v %s", j.Err, j.RawRecords)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "search-for-flow", "trg.team", "nope"); r.Code() != cmderr.NotFound {
		t.Fatalf("search-for-flow of a missing flow: %v", r.Err)
	}

	// One trigger at a time: the server's state with -o json.
	j = plugintest.Run(t, flowsPlugin(), opts(url), "triggers", "disable", "trg.team", "a", "daily")
	if j.Err != nil || !strings.Contains(string(j.Objects[0]), `"disabled":true`) {
		t.Fatalf("disable: %v %s", j.Err, j.Objects)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "update", "trg.team", "a", "daily", "--disabled=false"); r.Err != nil || !strings.Contains(r.MessageText(), "enabled") {
		t.Fatalf("update --disabled=false: %v", r.Err)
	}
	if st := triggerState(t, url, "trg.team", "a", "daily"); st["disabled"] != false {
		t.Fatalf("state %v", st)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "update", "trg.team", "a", "daily"); r.Code() != cmderr.Usage {
		t.Fatalf("update without --disabled: %v", r.Err)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "enable", "trg.team", "a", "nope"); r.Code() != cmderr.NotFound || !strings.Contains(r.Err.Error(), `trigger "nope"`) {
		t.Fatalf("missing trigger: %v", r.Err)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "unlock", "trg.team", "a", "daily"); r.Code() != cmderr.Conflict || !strings.Contains(r.Err.Error(), "not locked") {
		t.Fatalf("unlock of an unlocked trigger: %v", r.Err)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "restart", "trg.team", "a", "daily"); r.Err != nil {
		t.Fatalf("restart: %v", r.Err)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "delete", "trg.team", "a", "hook"); r.Code() != cmderr.Usage || r.Confirmations[0] != "Delete the state of trigger 'hook' of flow trg.team/a?" {
		t.Fatalf("delete without --yes: %v %v", r.Err, r.Confirmations)
	}
	yes := opts(url)
	yes.AssumeYes = true
	if r := plugintest.Run(t, flowsPlugin(), yes, "triggers", "delete", "trg.team", "a", "hook"); r.Err != nil {
		t.Fatalf("delete: %v", r.Err)
	}
	if st := triggerState(t, url, "trg.team", "a", "hook"); st != nil {
		t.Fatalf("state left: %v", st)
	}

	// By ids: a missing trigger is reported, the others acted on.
	r = plugintest.Run(t, flowsPlugin(), yes, "triggers", "disable-by-ids", "trg.team/a/daily", "trg.team/b/daily", "trg.team/b/nope")
	rep := r.Report(t)
	if r.Code() != cmderr.Generic || rep.Summary["disabled"] != 2 || rep.Summary["failed"] != 1 || rep.Results[2]["error"] != "trigger not found" {
		t.Fatalf("disable-by-ids: %v %v", r.Err, rep)
	}
	if triggerState(t, url, "trg.team", "b", "daily")["disabled"] != true {
		t.Fatal("disable-by-ids did not disable")
	}
	r = plugintest.Run(t, flowsPlugin(), opts(url), "triggers", "enable-by-ids", "trg.team/a/daily", "trg.team/b/daily")
	if rep := r.Report(t); r.Err != nil || rep.Summary["enabled"] != 2 || len(r.Confirmations) != 0 {
		t.Fatalf("enable-by-ids: %v %v", r.Err, rep.Summary)
	}
	r = plugintest.Run(t, flowsPlugin(), yes, "triggers", "unlock-by-ids", "trg.team/a/daily")
	if rep := r.Report(t); r.Code() != cmderr.Generic || rep.Results[0]["error"] != "the trigger is not locked" {
		t.Fatalf("unlock-by-ids: %v %v", r.Err, rep.Results)
	}
	if r := plugintest.Run(t, flowsPlugin(), yes, "triggers", "delete-by-ids", "trg.team/a"); r.Code() != cmderr.Usage {
		t.Fatalf("bad id: %v", r.Err)
	}

	// By query: --dry-run lists; the question names the count.
	r = plugintest.Run(t, flowsPlugin(), tbl, "triggers", "disable-by-query", "-n", "trg.team", "--filter", "triggerId:EQUALS:daily", "--dry-run")
	if r.Err != nil || len(r.Records) != 2 {
		t.Fatalf("disable-by-query --dry-run: %v %d", r.Err, len(r.Records))
	}
	o := opts(url)
	var asked string
	o.Confirm = func(q string) bool { asked = q; return true }
	r = plugintest.Run(t, flowsPlugin(), o, "triggers", "disable-by-query", "-n", "trg.team", "--filter", "triggerId:EQUALS:daily")
	if rep := r.Report(t); r.Err != nil || rep.Summary["disabled"] != 2 || asked != "Disable 2 triggers matching the filters?" {
		t.Fatalf("disable-by-query: %v %v %q", r.Err, rep.Summary, asked)
	}
	if triggerState(t, url, "trg.other", "o", "daily")["disabled"] != false {
		t.Fatal("a trigger outside the filters was disabled")
	}
	r = plugintest.Run(t, flowsPlugin(), opts(url), "triggers", "enable-by-query", "--filter", "enabled:EQUALS:false")
	if rep := r.Report(t); r.Err != nil || rep.Summary["enabled"] != 2 {
		t.Fatalf("enable-by-query: %v %v", r.Err, rep.Summary)
	}
	// Only locked triggers can be unlocked: none here.
	r = plugintest.Run(t, flowsPlugin(), yes, "triggers", "unlock-by-query", "-n", "trg.team")
	if r.Err != nil || !strings.Contains(r.MessageText(), "none is locked") || len(r.Objects) != 0 {
		t.Fatalf("unlock-by-query: %v %q", r.Err, r.MessageText())
	}
	r = plugintest.Run(t, flowsPlugin(), yes, "triggers", "delete-by-query", "--flow", "o")
	if rep := r.Report(t); r.Err != nil || rep.Summary["deleted"] != 2 {
		t.Fatalf("delete-by-query: %v %v", r.Err, rep.Summary)
	}

	// CSV export, to a file (atomically) and to stdout.
	out := filepath.Join(t.TempDir(), "triggers.csv")
	r = plugintest.Run(t, flowsPlugin(), opts(url), "triggers", "export-csv", "-n", "trg.team", "-O", out)
	if rep := r.Report(t); r.Err != nil || rep.Summary["exported"] != 3 {
		t.Fatalf("export-csv: %v %v", r.Err, rep.Summary)
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(data), "tenantId,namespace,flowId,triggerId,") || strings.Count(string(data), "\n") != 4 {
		t.Fatalf("csv %v:\n%s", err, data)
	}
	r = plugintest.Run(t, flowsPlugin(), tbl, "triggers", "export-csv", "--flow", "b")
	if r.Err != nil || strings.Count(r.Stdout, "\n") != 3 {
		t.Fatalf("export-csv to stdout: %v\n%s", r.Err, r.Stdout)
	}
}

// TestBackfill: a 30-day backfill of a daily schedule makes 30 executions
// with the schedule's dates; it can be paused and resumed.
func TestBackfill(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	src := "id: nightly\nnamespace: bf.team\ninputs:\n  - id: mode\n    type: STRING\n    defaults: live\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: \"{{ inputs.mode }}\"\ntriggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 3 1 1 *\"\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: k\n"
	src = strings.Replace(src, "0 3 1 1 *", "30 2 * * *", 1)
	deploySources(t, url, map[string]string{"n.yaml": src})
	tbl := opts(url)
	tbl.Format = "table"
	if r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "create-backfill", "-n", "bf.team", "--flow-id", "nightly", "--trigger-id", "hook", "--start", "2026-01-01"); r.Code() != cmderr.Conflict {
		t.Fatalf("backfill of a webhook: %v", r.Err)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "create-backfill", "-n", "bf.team", "--flow-id", "nightly", "--trigger-id", "daily", "--start", "2026-01-02", "--end", "2026-01-01"); r.Code() != cmderr.Usage {
		t.Fatalf("end before start: %v", r.Err)
	}
	j := plugintest.Run(t, flowsPlugin(), opts(url), "triggers", "create-backfill", "-n", "bf.team", "--flow", "nightly", "--trigger-id", "daily",
		"--start", "2026-06-01T00:00:00Z", "--end", "2026-06-30T23:59:59Z", "--input", "mode=replay", "--label", "backfill=june")
	if j.Err != nil || !strings.Contains(string(j.Objects[0]), `"backfill":{`) {
		t.Fatalf("create-backfill: %v %s", j.Err, j.Objects)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "create-backfill", "-n", "bf.team", "--flow-id", "nightly", "--trigger-id", "daily", "--start", "2026-01-01"); r.Code() != cmderr.Conflict {
		t.Fatalf("second backfill: %v", r.Err)
	}
	time.Sleep(350 * time.Millisecond)
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "triggers", "backfill-pause", "bf.team", "nightly", "daily"); r.Err != nil {
		t.Fatalf("pause: %v", r.Err)
	}
	tbl.Format = "table"
	r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "list", "-n", "bf.team", "--filter", "triggerId:EQUALS:daily")
	if r.Err != nil || len(r.Records) != 1 || !strings.HasSuffix(fmt.Sprint(r.Records[0]["backfillProgress"]), "% paused") {
		t.Fatalf("list of a paused backfill: %v %v", r.Err, r.Records)
	}
	paused := triggerState(t, url, "bf.team", "nightly", "daily")
	bf, _ := paused["backfill"].(map[string]any)
	if bf == nil || bf["paused"] != true {
		t.Fatalf("paused state %v", paused)
	}
	at := bf["currentDate"]
	time.Sleep(300 * time.Millisecond)
	if bf := triggerState(t, url, "bf.team", "nightly", "daily")["backfill"].(map[string]any); bf["currentDate"] != at {
		t.Fatalf("a paused backfill moved: %v -> %v", at, bf["currentDate"])
	}
	// pause-backfill-by-query acts on triggers with a backfill only.
	r = plugintest.Run(t, flowsPlugin(), opts(url), "triggers", "unpause-backfill-by-query", "-n", "bf.team")
	if rep := r.Report(t); r.Err != nil || rep.Summary["total"] != 1 || rep.Summary["resumed"] != 1 {
		t.Fatalf("unpause-backfill-by-query: %v %v", r.Err, rep.Summary)
	}
	// Wait for the 30 executions (one per 100 ms at most).
	deadline := time.Now().Add(60 * time.Second)
	var dates []string
	for time.Now().Before(deadline) {
		dates = scheduleDates(t, url)
		if len(dates) >= 30 && triggerState(t, url, "bf.team", "nightly", "daily")["backfill"] == nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if len(dates) != 30 {
		t.Fatalf("%d backfilled executions, want 30: %v", len(dates), dates)
	}
	for i, d := range dates {
		if want := fmt.Sprintf("2026-06-%02dT02:30:00Z", i+1); d != want {
			t.Fatalf("execution %d scheduled at %s, want %s", i, d, want)
		}
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "backfill-pause", "bf.team", "nightly", "daily"); r.Code() != cmderr.Conflict {
		t.Fatalf("pause after the end: %v", r.Err)
	}
	// A new backfill, then dropped.
	if r := plugintest.Run(t, flowsPlugin(), tbl, "triggers", "create-backfill", "-n", "bf.team", "--flow-id", "nightly", "--trigger-id", "daily", "--start", "2025-01-01T00:00:00Z", "--end", "2025-12-31T00:00:00Z"); r.Err != nil {
		t.Fatal(r.Err)
	}
	yes := opts(url)
	yes.AssumeYes = true
	for _, step := range []struct {
		argv   []string
		status string
		paused any
	}{
		{[]string{"pause-backfill-by-ids", "bf.team/nightly/daily"}, "paused", true},
		{[]string{"unpause-backfill-by-ids", "bf.team/nightly/daily"}, "resumed", false},
		{[]string{"pause-backfill-by-query", "--flow", "nightly"}, "paused", true},
		{[]string{"backfill-unpause", "bf.team", "nightly", "daily"}, "", false},
	} {
		r := plugintest.Run(t, flowsPlugin(), opts(url), append([]string{"triggers"}, step.argv...)...)
		if r.Err != nil {
			t.Fatalf("%v: %v", step.argv, r.Err)
		}
		if step.status != "" {
			if rep := r.Report(t); rep.Summary[step.status] != 1 || rep.Summary["total"] != 1 {
				t.Fatalf("%v: %v", step.argv, rep.Summary)
			}
		}
		if bf, _ := triggerState(t, url, "bf.team", "nightly", "daily")["backfill"].(map[string]any); bf == nil || bf["paused"] != step.paused {
			t.Fatalf("%v: backfill %v", step.argv, bf)
		}
	}
	r = plugintest.Run(t, flowsPlugin(), yes, "triggers", "delete-backfill-by-ids", "bf.team/nightly/daily", "bf.team/nightly/hook")
	if rep := r.Report(t); r.Code() != cmderr.Generic || rep.Summary["backfill deleted"] != 1 || rep.Results[1]["error"] != "the trigger has no backfill" {
		t.Fatalf("delete-backfill-by-ids: %v %v", r.Err, rep.Results)
	}
	if st := triggerState(t, url, "bf.team", "nightly", "daily"); st["backfill"] != nil {
		t.Fatalf("backfill left: %v", st)
	}
	if r := plugintest.Run(t, flowsPlugin(), yes, "triggers", "backfill-delete", "bf.team", "nightly", "daily"); r.Code() != cmderr.Conflict {
		t.Fatalf("delete of no backfill: %v", r.Err)
	}
	if r := plugintest.Run(t, flowsPlugin(), yes, "triggers", "delete-backfill-by-query", "-n", "bf.team"); r.Err != nil || !strings.Contains(r.MessageText(), "none has a backfill") {
		t.Fatalf("delete-backfill-by-query without backfills: %v %q", r.Err, r.MessageText())
	}
	if r := plugintest.Run(t, flowsPlugin(), yes, "triggers", "delete-by-ids", "bf.team/nightly/hook"); r.Err != nil {
		t.Fatalf("delete-by-ids: %v", r.Err)
	}
	if st := triggerState(t, url, "bf.team", "nightly", "hook"); st != nil {
		t.Fatalf("delete-by-ids left %v", st)
	}
}

// scheduleDates lists the schedule dates of the executions labelled as
// the backfill's, oldest first, checking their inputs.
func scheduleDates(t *testing.T, url string) []string {
	t.Helper()
	r := plugintest.Run(t, flowsPlugin(), opts(url), "executions", "list", "-n", "bf.team", "--all")
	if r.Err != nil {
		t.Fatalf("executions list: %v", r.Err)
	}
	var dates []string
	for _, raw := range r.RawRecords {
		var e struct {
			ScheduleDate string            `json:"scheduleDate"`
			Inputs       map[string]string `json:"inputs"`
			Labels       []struct{ Key, Value string }
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(e.Labels, struct{ Key, Value string }{"backfill", "june"}) {
			continue // not backfilled (the live schedule, at 02:30 UTC)
		}
		if e.Inputs["mode"] != "replay" {
			t.Fatalf("backfilled execution without its input: %s", raw)
		}
		dates = append(dates, e.ScheduleDate)
	}
	slices.Sort(dates)
	return dates
}
