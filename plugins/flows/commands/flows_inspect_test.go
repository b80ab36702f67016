package commands_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

const (
	childFlow  = "id: child\nnamespace: ins.team\ninputs:\n  - id: who\n    type: STRING\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n"
	parentFlow = "id: parent\nnamespace: ins.team\ndescription: calls child\nconcurrency:\n  limit: 2\ntasks:\n  - id: first\n    type: io.kestra.plugin.core.log.Log\n    message: one\n  - id: call\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ins.team\n    flowId: child\n  - id: legacy\n    type: io.kestra.plugin.core.debug.Echo\n    format: old\ntriggers:\n  - id: nightly\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 2 * * *\"\n"
	oldStyle   = "id: old\nnamespace: ins.legacy\ntaskDefaults: []\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: after\n    type: io.kestra.plugin.core.trigger.Flow\n    conditions:\n      - type: io.kestra.plugin.core.condition.ExecutionFlow\n        namespace: ins.team\n        flowId: parent\n"
)

func TestInspectionCommands(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := deploySources(t, url, map[string]string{"child.yaml": childFlow, "parent.yaml": parentFlow})
	tbl := opts(url)
	tbl.Format = "table"

	r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "dependencies", "ins.team", "parent")
	if r.Err != nil || len(r.Records) != 1 || r.Records[0]["source"] != "ins.team/parent" || r.Records[0]["destination"] != "ins.team/child" ||
		r.Records[0]["relation"] != "FLOW_TASK" || r.Footer != "1 dependency between 2 flows" {
		t.Fatalf("dependencies: %v %v %q", r.Err, r.Records, r.Footer)
	}
	j := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "namespace-dependencies", "ins.team")
	var topo struct {
		Nodes []any `json:"nodes"`
		Edges []any `json:"edges"`
	}
	if j.Err != nil || json.Unmarshal(j.Objects[0], &topo) != nil || len(topo.Nodes) != 2 || len(topo.Edges) != 1 {
		t.Fatalf("namespace-dependencies -o json: %v %s", j.Err, j.Objects)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "dependencies", "ins.team", "nope"); r.Code() != cmderr.NotFound {
		t.Fatalf("dependencies of a missing flow: %v", r.Err)
	}

	r = plugintest.Run(t, flowsPlugin(), tbl, "flows", "graph", "ins.team", "parent")
	if r.Err != nil || !strings.Contains(r.Footer, "nodes") || !hasRecord(r.Records, "uid", "root.call") {
		t.Fatalf("graph: %v %q %v", r.Err, r.Footer, r.Records)
	}
	r = plugintest.Run(t, flowsPlugin(), tbl, "flows", "graph", "ins.team", "parent", "--subflow", "root.call")
	if r.Err != nil || !hasRecordPrefix(r.Records, "uid", "root.call.") {
		t.Fatalf("graph --subflow: %v %v", r.Err, r.Records)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "graph", "ins.team", "parent", "--revision", "4"); r.Code() != cmderr.NotFound {
		t.Fatalf("graph of a missing revision: %v", r.Err)
	}
	j = plugintest.Run(t, flowsPlugin(), opts(url), "flows", "generate-graph-from-source", "--file", filepath.Join(dir, "parent.yaml"))
	if j.Err != nil || !strings.Contains(string(j.Objects[0]), `"clusters"`) {
		t.Fatalf("generate-graph-from-source: %v %s", j.Err, j.Objects)
	}

	r = plugintest.Run(t, flowsPlugin(), tbl, "flows", "task", "ins.team", "parent", "call")
	if r.Err != nil || !strings.Contains(r.Stdout, "flowId: child\n") || !strings.Contains(r.Stdout, "type: io.kestra.plugin.core.flow.Subflow\n") {
		t.Fatalf("task: %v %q", r.Err, r.Stdout)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "task", "ins.team", "parent", "nope"); r.Code() != cmderr.NotFound || !strings.Contains(r.Err.Error(), "no task 'nope'") {
		t.Fatalf("missing task: %v", r.Err)
	}

	r = plugintest.Run(t, flowsPlugin(), tbl, "flows", "expressions", "--file", filepath.Join(dir, "parent.yaml"), "--task-id", "call")
	if r.Err != nil || !hasRecord(r.Records, "expression", "{{ outputs.first }}") || hasRecord(r.Records, "expression", "{{ outputs.legacy }}") {
		t.Fatalf("expressions: %v %v", r.Err, r.Records)
	}

	task := filepath.Join(t.TempDir(), "task.yaml")
	writeFile(t, task, "id: t\ntype: io.kestra.plugin.core.log.Log\nmessage: hi\n")
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "validate-task", "--file", task); r.Err != nil || !strings.Contains(r.MessageText(), "is valid") {
		t.Fatalf("validate-task: %v %q", r.Err, r.MessageText())
	}
	writeFile(t, task, "id: t\ntype: io.kestra.plugin.nope.Nope\n")
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "validate-task", "--file", task); r.Code() != cmderr.Generic || len(r.Err.Details) == 0 {
		t.Fatalf("invalid task: %v", r.Err)
	}
	trig := filepath.Join(t.TempDir(), "trigger.yaml")
	writeFile(t, trig, "id: every\ntype: io.kestra.plugin.core.trigger.Schedule\ncron: \"*/5 * * * *\"\n")
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "validate-trigger", "--file", trig); r.Err != nil {
		t.Fatalf("validate-trigger: %v", r.Err)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "validate-task", "--file", trig, "--section", "triggers"); r.Err != nil {
		t.Fatalf("validate-task --section triggers: %v", r.Err)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "validate-task", "--file", trig, "--section", "inputs"); r.Code() != cmderr.Usage {
		t.Fatalf("bad section: %v", r.Err)
	}

	r = plugintest.Run(t, flowsPlugin(), tbl, "flows", "concurrency-limits")
	if r.Err != nil || len(r.Records) != 1 || r.Records[0]["flowId"] != "parent" {
		t.Fatalf("concurrency-limits: %v %v", r.Err, r.Records)
	}
	j = plugintest.Run(t, flowsPlugin(), opts(url), "flows", "update-concurrency", "ins.team", "parent", "--running", "3")
	if j.Err != nil || !strings.Contains(string(j.Objects[0]), `"running":3`) {
		t.Fatalf("update-concurrency: %v %s", j.Err, j.Objects)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "update-concurrency", "ins.team", "child", "--running", "0"); r.Code() != cmderr.NotFound {
		t.Fatalf("no concurrency: %v", r.Err)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "update-concurrency", "ins.team", "parent", "--running", "-1"); r.Code() != cmderr.Usage {
		t.Fatalf("negative: %v", r.Err)
	}
}

func hasRecord(recs []map[string]any, key, value string) bool {
	for _, r := range recs {
		if fmt.Sprint(r[key]) == value {
			return true
		}
	}
	return false
}

func hasRecordPrefix(recs []map[string]any, key, prefix string) bool {
	for _, r := range recs {
		if strings.HasPrefix(fmt.Sprint(r[key]), prefix) {
			return true
		}
	}
	return false
}

func TestSearchesAndListings(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	deploySources(t, url, map[string]string{"child.yaml": childFlow, "parent.yaml": parentFlow, "old.yaml": oldStyle, "x.yaml": flowSrc("ins.other", "x", "s3://old-bucket/x")})
	tbl := opts(url)
	tbl.Format = "table"

	r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "search-by-source", "--query", "S3://OLD-BUCKET")
	if r.Err != nil || len(r.Records) != 1 || r.Records[0]["model"].(map[string]any)["id"] != "x" {
		t.Fatalf("search-by-source: %v %v", r.Err, r.Records)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "search-by-source", "-q", "message", "-n", "ins.team"); r.Err != nil || len(r.Records) != 2 {
		t.Fatalf("search-by-source -n: %v %d", r.Err, len(r.Records))
	}
	r = plugintest.Run(t, flowsPlugin(), tbl, "flows", "namespaces")
	if r.Err != nil || r.Footer != "Showing 3 of 3 namespaces" {
		t.Fatalf("namespaces: %v %q", r.Err, r.Footer)
	}
	// (-o json prints the server's array of names, which plugintest's host,
	// taking records as objects, cannot hold: e2e/testdata/flows checks it.)
	r = plugintest.Run(t, flowsPlugin(), tbl, "flows", "namespaces", "-q", "team")
	if r.Err != nil || len(r.Records) != 1 || r.Records[0]["namespace"] != "ins.team" {
		t.Fatalf("namespaces -q: %v %v", r.Err, r.Records)
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "list-by-namespace", "ins.team"); r.Err != nil || len(r.Records) != 2 {
		t.Fatalf("list-by-namespace: %v %d", r.Err, len(r.Records))
	}
	if r := plugintest.Run(t, flowsPlugin(), tbl, "flows", "list-by-namespace", "ins.nope"); r.Code() != cmderr.NotFound {
		t.Fatalf("list-by-namespace of a missing namespace: %v", r.Err)
	}
	r = plugintest.Run(t, flowsPlugin(), tbl, "flows", "search", "--page", "2", "--size", "3")
	if r.Err != nil || r.Footer != "Page 2 of 2: 1 of 4 flows" {
		t.Fatalf("search --page: %v %q", r.Err, r.Footer)
	}
	// list-deprecated: a row per deprecated task; -o json the server's flows.
	r = plugintest.Run(t, flowsPlugin(), tbl, "flows", "list-deprecated")
	if r.Err != nil || len(r.Records) != 1 || r.Records[0]["taskId"] != "legacy" || r.Footer != "Showing 1 of 1 deprecated task" {
		t.Fatalf("list-deprecated: %v %v %q", r.Err, r.Records, r.Footer)
	}
	j := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "list-deprecated", "-n", "ins")
	if j.Err != nil || len(j.RawRecords) != 1 || !strings.Contains(string(j.RawRecords[0]), `"deprecatedTasks":[`) {
		t.Fatalf("list-deprecated -o json: %v %s", j.Err, j.RawRecords)
	}

	// validate-by-query: the stored flows, judged again.
	j = plugintest.Run(t, flowsPlugin(), opts(url), "flows", "validate-by-query", "--filter", "namespace:PREFIX:ins", "--batch-size", "2")
	rep := j.Report(t)
	if j.Err != nil || rep.Summary["valid"] != 4 {
		t.Fatalf("validate-by-query: %v %v", j.Err, rep.Summary)
	}
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "validate-by-query", "-n", "nothing"); r.Code() != cmderr.NotFound {
		t.Fatalf("validate-by-query of nothing: %v", r.Err)
	}

	// usage-report: types, deprecated tasks and features, anonymized names.
	j = plugintest.Run(t, flowsPlugin(), opts(url), "flows", "usage-report", "--detailed")
	var doc struct {
		Totals  map[string]int `json:"totals"`
		Tenants []struct {
			Tenant    string `json:"tenant"`
			TaskTypes []struct {
				Type  string
				Count int
			} `json:"taskTypes"`
			Deprecated []struct {
				Namespace          string `json:"namespace"`
				FlowID             string `json:"flowId"`
				DeprecatedTasks    []any  `json:"deprecatedTasks"`
				DeprecatedFeatures []struct {
					Path, Replacement string
				} `json:"deprecatedFeatures"`
			} `json:"deprecated"`
			FlowDetails []any `json:"flowDetails"`
		} `json:"tenants"`
	}
	if j.Err != nil || json.Unmarshal(j.Objects[0], &doc) != nil {
		t.Fatalf("usage-report: %v %s", j.Err, j.Objects)
	}
	if doc.Totals["flows"] != 4 || doc.Totals["flowsWithDeprecations"] != 2 || len(doc.Tenants) != 1 || len(doc.Tenants[0].FlowDetails) != 4 {
		t.Fatalf("usage-report totals %v", doc.Totals)
	}
	tu := doc.Tenants[0]
	if tu.TaskTypes[0].Type != "io.kestra.plugin.core.log.Log" || tu.TaskTypes[0].Count != 4 {
		t.Fatalf("task types %v", tu.TaskTypes)
	}
	if len(tu.Deprecated) != 2 || tu.Deprecated[0].FlowID != "old" || len(tu.Deprecated[0].DeprecatedFeatures) != 2 ||
		tu.Deprecated[0].DeprecatedFeatures[0].Replacement != "pluginDefaults" || tu.Deprecated[1].FlowID != "parent" || len(tu.Deprecated[1].DeprecatedTasks) != 1 {
		t.Fatalf("deprecated %+v", tu.Deprecated)
	}
	j = plugintest.Run(t, flowsPlugin(), opts(url), "flows", "usage-report", "--anonymize")
	if j.Err != nil || strings.Contains(string(j.Objects[0]), "ins.team") || strings.Contains(string(j.Objects[0]), `"parent"`) || !strings.Contains(string(j.Objects[0]), "io.kestra.plugin.core.log.Log") {
		t.Fatalf("anonymized report leaks names: %s", j.Objects[0])
	}
	r = plugintest.Run(t, flowsPlugin(), tbl, "flows", "usage-report", "-n", "ins.legacy")
	if r.Err != nil || !strings.HasPrefix(r.Stdout, "# Kestra usage report") || !strings.Contains(r.Stdout, "| ins.legacy | old | Flow trigger conditions (`triggers[0].conditions`) | `preconditions` |") {
		t.Fatalf("markdown:\n%s", r.Stdout)
	}
}
