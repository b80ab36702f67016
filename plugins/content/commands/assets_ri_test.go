package commands_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

const lineageFlow = `id: load_orders
namespace: shop.data
tasks:
  - id: extract
    type: io.kestra.plugin.core.log.Log
    message: extracting
    assets:
      inputs:
        - id: raw_orders
      outputs:
        - id: staging_orders
          type: TABLE
  - id: load
    type: io.kestra.plugin.core.log.Log
    message: loading
    assets:
      inputs:
        - id: staging_orders
      outputs:
        - id: orders
          type: TABLE
`

func TestAssets(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := write(t, map[string]string{"raw.yaml": "id: raw_orders\nnamespace: shop\ntype: EXTERNAL\ndisplayName: Raw orders\n"})
	if m := run(t, opts(url), "assets", "create", "--file", filepath.Join(dir, "raw.yaml")).Object(t); m["displayName"] != "Raw orders" {
		t.Fatalf("create %v", m)
	}
	deployFlow(t, url, lineageFlow)
	startExecution(t, url, "shop.data", "load_orders")

	r := run(t, opts(url), "assets", "list", "--type", "TABLE", "--sort", "id:asc")
	if len(r.Records) != 2 || r.Records[0]["id"] != "orders" {
		t.Fatalf("list %v", r.Records)
	}
	if m := run(t, opts(url), "assets", "get", "staging_orders").Object(t); m["namespace"] != "shop.data" {
		t.Fatalf("get %v", m)
	}
	r = run(t, tableOpts(url), "assets", "dependencies", "staging_orders", "--expand-all")
	if len(r.Records) < 2 || !strings.Contains(r.Footer, "edges") {
		t.Fatalf("dependencies %v %q", r.Records, r.Footer)
	}
	if r := run(t, opts(url), "assets", "lineage-events", "list", "-n", "shop.data"); len(r.Records) != 2 {
		t.Fatalf("lineage events %v", r.Records)
	}
	if r := run(t, opts(url), "assets", "usages", "list", "--asset", "staging_orders"); len(r.Records) == 0 {
		t.Fatalf("usages %v", r.Records)
	}

	o := opts(url)
	o.AssumeYes = true
	rep := run(t, o, "assets", "usages", "delete-by-query", "--asset", "staging_orders").Report(t)
	if rep.Summary["deleted"] == 0 || rep.Summary["failed"] != 0 {
		t.Fatalf("usages delete %+v", rep)
	}
	r = run(t, opts(url), "assets", "lineage-events", "delete-by-query", "-n", "shop.data", "--dry-run")
	if len(r.Records) != 2 {
		t.Fatalf("dry run %v", r.Records)
	}
	if r := plugintest.Run(t, contentPlugin(), opts(url), "assets", "lineage-events", "delete-by-query", "-n", "shop.data"); r.Code() != cmderr.Usage {
		t.Fatalf("without --yes: %v", r.Err)
	}
	rep = run(t, o, "assets", "lineage-events", "delete-by-query", "-n", "shop.data").Report(t)
	if rep.Summary["deleted"] != 2 {
		t.Fatalf("events delete %+v", rep)
	}
	if r := plugintest.Run(t, contentPlugin(), o, "assets", "lineage-events", "delete-by-query"); r.Code() != cmderr.Usage {
		t.Fatalf("no filter: %v", r.Err)
	}

	r = plugintest.Run(t, contentPlugin(), o, "assets", "delete-by-ids", "orders", "ghost")
	if rep := r.Report(t); r.Code() != cmderr.Generic || rep.Summary["deleted"] != 1 || rep.Summary["failed"] != 1 {
		t.Fatalf("delete by ids %v %+v", r.Err, rep)
	}
	rep = run(t, o, "assets", "delete-by-query", "-n", "shop.data").Report(t)
	if rep.Summary["deleted"] != 1 || rep.Results[0]["id"] != "staging_orders" {
		t.Fatalf("delete by query %+v", rep)
	}
	rep = run(t, o, "assets", "delete-by-query", "-n", "shop", "--purge").Report(t)
	if rep.Summary["purged"] != 1 {
		t.Fatalf("purge %+v", rep)
	}
	if r := plugintest.Run(t, contentPlugin(), o, "assets", "delete", "raw_orders"); r.Code() != cmderr.NotFound {
		t.Fatalf("purged asset: %v", r.Err)
	}
}

const adCredentials = `id: ad_credentials
description: Active Directory credentials
inputs:
  - id: username
    type: STRING
  - id: domain
    type: SELECT
    values: [corp.example.com, eu.example.com]
`

func TestReusableInputs(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := write(t, map[string]string{"ad.yaml": adCredentials, "ad2.yaml": strings.Replace(adCredentials, "Active Directory", "AD", 1)})
	if r := plugintest.Run(t, contentPlugin(), opts(url), "ri", "update", "company", "ad_credentials", "-f", filepath.Join(dir, "ad.yaml")); r.Code() != cmderr.NotFound {
		t.Fatalf("update of a missing set: %v", r.Err)
	}
	if m := run(t, opts(url), "reusable-inputs", "create", "company", "ad_credentials", "--file", filepath.Join(dir, "ad.yaml")).Object(t); m["revision"] != 1.0 {
		t.Fatalf("create %v", m)
	}
	if r := plugintest.Run(t, contentPlugin(), opts(url), "ri", "create", "company", "ad_credentials", "-f", filepath.Join(dir, "ad.yaml")); r.Code() != cmderr.Conflict {
		t.Fatalf("create twice: %v", r.Err)
	}
	if m := run(t, opts(url), "ri", "update", "company", "ad_credentials", "-f", filepath.Join(dir, "ad2.yaml")).Object(t); m["revision"] != 2.0 {
		t.Fatalf("update %v", m)
	}
	r := run(t, tableOpts(url), "ri", "list", "company.team")
	if len(r.Records) != 1 || r.Records[0]["namespace"] != "company" || fmt.Sprint(r.Records[0]["inputCount"]) != "2" {
		t.Fatalf("inherited list %v", r.Records)
	}
	if r := run(t, tableOpts(url), "ri", "get", "company", "ad_credentials", "--revision", "1"); r.Stdout != adCredentials {
		t.Fatalf("revision 1 %q", r.Stdout)
	}
	if r := run(t, opts(url), "ri", "revisions", "company", "ad_credentials"); len(r.Records) != 2 {
		t.Fatalf("revisions %v", r.Records)
	}
	if r := run(t, opts(url), "ri", "namespaces"); len(r.Objects) != 1 || string(r.Objects[0]) != `["company"]` {
		t.Fatalf("namespaces %s", r.Objects)
	}
	o := opts(url)
	o.AssumeYes = true
	run(t, o, "ri", "delete", "company", "ad_credentials")
	if r := plugintest.Run(t, contentPlugin(), o, "ri", "get", "company", "ad_credentials"); r.Code() != cmderr.NotFound {
		t.Fatalf("deleted: %v", r.Err)
	}
}
