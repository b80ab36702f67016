package commands_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

const reportFlow = `id: report
namespace: shop.sales
inputs:
  - id: data
    type: FILE
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: got a file
`

func appYAML(id, name string) string {
	return "id: " + id + `
type: io.kestra.plugin.ee.apps.Execution
displayName: ` + name + `
namespace: shop.sales
flowId: report
access:
  type: PRIVATE
tags:
  - Reporting
layout:
  - on: OPEN
    blocks:
      - type: io.kestra.plugin.ee.apps.core.blocks.Markdown
        content: "## Report"
`
}

// runWithFile starts an execution of shop.sales/report with a file input
// and answers its id and the file's URI.
func runWithFile(t *testing.T, url string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("data", "orders.csv")
	io.WriteString(fw, "id,amount\n1,10\n2,20\n3,30\n")
	mw.Close()
	req, _ := http.NewRequest("POST", url+"/api/v1/main/executions/shop.sales/report?wait=true", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.SetBasicAuth(plugintest.SimUser, plugintest.SimPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ex struct {
		ID     string            `json:"id"`
		Inputs map[string]string `json:"inputs"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ex); err != nil || ex.ID == "" {
		t.Fatalf("execution: %v %+v", err, ex)
	}
	return ex.ID, ex.Inputs["data"]
}

func TestApps(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	deployFlow(t, url, reportFlow)
	dir := write(t, map[string]string{"apps/daily.yaml": appYAML("daily", "Daily report"), "apps/weekly.yml": appYAML("weekly", "Weekly report")})
	apps := filepath.Join(dir, "apps")

	rep := run(t, opts(url), "apps", "deploy", "--file", apps).Report(t)
	if rep.Summary["created"] != 2 {
		t.Fatalf("deploy %+v", rep)
	}
	rep = run(t, opts(url), "apps", "deploy", "-f", apps).Report(t)
	if rep.Summary["unchanged"] != 2 {
		t.Fatalf("redeploy %+v", rep)
	}
	os.WriteFile(filepath.Join(apps, "daily.yaml"), []byte(appYAML("daily", "Daily sales report")), 0o644)
	r := run(t, tableOpts(url), "apps", "deploy", "-f", apps, "--dry-run")
	if !strings.Contains(r.Stdout, "+displayName: Daily sales report") || r.Footer != "2 apps: 1 would update, 1 unchanged" {
		t.Fatalf("dry run: %q %q", r.Stdout, r.Footer)
	}
	rep = run(t, opts(url), "apps", "deploy", "-f", apps).Report(t)
	if rep.Summary["updated"] != 1 {
		t.Fatalf("update %+v", rep)
	}

	r = run(t, opts(url), "apps", "list", "-n", "shop.sales", "--tag", "Reporting")
	if len(r.Records) != 2 || r.Records[0]["id"] != "daily" || r.Records[0]["name"] != "Daily sales report" {
		t.Fatalf("list %v", r.Records)
	}
	uid, weekly := r.Records[0]["uid"].(string), r.Records[1]["uid"].(string)
	if r := plugintest.Run(t, contentPlugin(), opts(url), "apps", "list", "-n", "nowhere"); r.Code() != cmderr.NotFound {
		t.Fatalf("unknown namespace: %v", r.Err)
	}
	if r := run(t, tableOpts(url), "apps", "get", uid); r.Stdout != appYAML("daily", "Daily sales report") {
		t.Fatalf("get source %q", r.Stdout)
	}
	if m := run(t, opts(url), "apps", "disable", uid).Object(t); m["enabled"] != false {
		t.Fatalf("disable %v", m)
	}
	if r := run(t, opts(url), "apps", "catalog"); len(r.Records) != 1 || r.Records[0]["uid"] != weekly {
		t.Fatalf("catalog %v", r.Records)
	}
	if m := run(t, opts(url), "apps", "enable", uid).Object(t); m["enabled"] != true {
		t.Fatalf("enable %v", m)
	}
	if m := run(t, opts(url), "apps", "tags").Object(t); len(m["tags"].([]any)) != 1 {
		t.Fatalf("tags %v", m)
	}
	r = plugintest.Run(t, contentPlugin(), opts(url), "apps", "bulk-disable", uid, weekly, "ghost")
	if rep = r.Report(t); r.Code() != cmderr.Generic || rep.Summary["disabled"] != 2 || rep.Summary["failed"] != 1 || rep.Results[2]["error"] != "not found" {
		t.Fatalf("bulk disable %+v", rep)
	}

	// Export to a file, then delete both and import them back.
	zipPath := filepath.Join(dir, "apps.zip")
	rep = run(t, opts(url), "apps", "export", "--output-file", zipPath).Report(t)
	if rep.Results[0]["status"] != "written" {
		t.Fatalf("export %+v", rep)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil || len(zr.File) != 2 {
		t.Fatalf("zip %v", err)
	}
	zr.Close()
	term := tableOpts(url)
	term.Terminal = &plugin.Terminal{StdoutTTY: true, StderrTTY: true}
	if r := plugintest.Run(t, contentPlugin(), term, "apps", "export"); r.Code() != cmderr.Usage {
		t.Fatalf("export to a terminal: %v", r.Err)
	}
	o := opts(url)
	if r := plugintest.Run(t, contentPlugin(), o, "apps", "bulk-delete", uid, weekly); r.Code() != cmderr.Usage {
		t.Fatalf("bulk delete without --yes: %v", r.Err)
	}
	o.AssumeYes = true
	rep = run(t, o, "apps", "bulk-delete", uid, weekly).Report(t)
	if rep.Summary["deleted"] != 2 {
		t.Fatalf("bulk delete %+v", rep)
	}
	rep = run(t, opts(url), "apps", "import", "--file", zipPath).Report(t)
	if rep.Summary["imported"] != 2 {
		t.Fatalf("import %+v", rep)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte(appYAML("monthly", "Monthly")+"---\nid: broken\n"), 0o644)
	r = plugintest.Run(t, contentPlugin(), opts(url), "apps", "import", "--file", bad)
	if rep := r.Report(t); r.Code() != cmderr.Generic || rep.Summary["imported"] != 1 || rep.Summary["failed"] != 1 {
		t.Fatalf("import with an error: %v %+v", r.Err, rep)
	}

	// Files and logs of an execution of the app's flow.
	r = run(t, opts(url), "apps", "list", "-q", "monthly")
	app := r.Records[0]["uid"].(string)
	exec, file := runWithFile(t, url)
	if m := run(t, opts(url), "apps", "file-meta", app, "--path", file).Object(t); m["size"] != 25.0 {
		t.Fatalf("file meta %v", m)
	}
	if r := run(t, tableOpts(url), "apps", "file-preview", app, "--path", file, "--max-rows", "2"); r.Stdout != "id,amount\n1,10\n" {
		t.Fatalf("preview %q", r.Stdout)
	}
	if r := run(t, tableOpts(url), "apps", "logs", app, "--execution-id", exec); !strings.Contains(r.Stdout, "INFO got a file") {
		t.Fatalf("logs %q", r.Stdout)
	}
	logFile := filepath.Join(dir, "app.log")
	run(t, opts(url), "apps", "logs", app, "--execution-id", exec, "-O", logFile)
	if b, _ := os.ReadFile(logFile); !strings.Contains(string(b), "got a file") {
		t.Fatalf("log file %q", b)
	}

	if r := plugintest.Run(t, contentPlugin(), opts(url), "apps", "delete", app); r.Code() != cmderr.Usage {
		t.Fatalf("delete without --yes: %v", r.Err)
	}
	if m := run(t, o, "apps", "delete", app).Object(t); m["status"] != "deleted" {
		t.Fatalf("delete %v", m)
	}
	if r := plugintest.Run(t, contentPlugin(), o, "apps", "get", app); r.Code() != cmderr.NotFound {
		t.Fatalf("deleted app: %v", r.Err)
	}
}

// TestEnterpriseOnlyOnOSS: an Enterprise group on an open-source server
// says so (exit 4), instead of a raw not found.
func TestEnterpriseOnlyOnOSS(t *testing.T) {
	url := plugintest.StartKestrasim(t, "--edition", "oss")
	for _, argv := range [][]string{
		{"apps", "list"}, {"test-suites", "list"}, {"test-suites", "get", "a.b", "c"}, {"assets", "list"},
		{"reusable-inputs", "list", "company"}, {"blueprints", "flow", "list"},
	} {
		r := plugintest.Run(t, contentPlugin(), opts(url), argv...)
		if r.Code() != cmderr.PermissionDenied || !strings.Contains(r.Err.Message, "a Kestra Enterprise feature") {
			t.Errorf("%v: %v", argv, r.Err)
		}
	}
}
