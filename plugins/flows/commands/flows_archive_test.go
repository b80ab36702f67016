package commands_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// oddSources are flows whose bytes a careless round trip would change:
// comments, blank lines, trailing spaces, quoting, no final newline.
var oddSources = map[string]string{
	"a.yaml": "# team flow\nid: a\nnamespace: arch.team\n\n\ndescription: 'quoted'   \ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: \"x\"  # trailing comment\n",
	"b.yaml": "id: b\nnamespace: arch.team\ntasks:\n- id: log\n  type: io.kestra.plugin.core.log.Log\n  message: >-\n    folded\n    text",
	"c.yaml": flowSrc("arch.other", "c", "c"),
}

func TestExportImportAcrossTenants(t *testing.T) {
	url := plugintest.StartKestrasim(t, "--tenants", "main,copy")
	deploySources(t, url, oddSources)
	out := filepath.Join(t.TempDir(), "flows.zip")
	r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "export", "--namespace", "arch.team", "-O", out)
	rep := r.Report(t)
	if r.Err != nil || rep.Summary["exported"] != 2 {
		t.Fatalf("export: %v %v", r.Err, rep.Summary)
	}
	// Nothing but the archive is left in the directory.
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Fatalf("directory holds %d files", len(entries))
	}
	o := opts(url)
	o.Tenant = "copy"
	r = plugintest.Run(t, flowsPlugin(), o, "flows", "import", out, "--fail-on-error")
	if rep := r.Report(t); r.Err != nil || rep.Summary["imported"] != 2 {
		t.Fatalf("import: %v %v", r.Err, rep.Summary)
	}
	for name, src := range oddSources {
		if name == "c.yaml" {
			if _, r := serverFlow(t, url, "copy", "arch.other", "c"); r.Code() != cmderr.NotFound {
				t.Fatal("a flow outside the export was imported")
			}
			continue
		}
		id := strings.TrimSuffix(name, ".yaml")
		f, r := serverFlow(t, url, "copy", "arch.team", id)
		if r != nil && r.Err != nil {
			t.Fatalf("get %s in copy: %v", id, r.Err)
		}
		if f["source"] != src {
			t.Fatalf("flow %s in tenant copy:\n%q\nwant\n%q", id, f["source"], src)
		}
	}
	// Importing again changes nothing: same revisions.
	r = plugintest.Run(t, flowsPlugin(), o, "flows", "import", out)
	if f, _ := serverFlow(t, url, "copy", "arch.team", "a"); r.Err != nil || f["revision"].(float64) != 1 {
		t.Fatalf("re-import: %v %v", r.Err, f["revision"])
	}

	// export-by-ids and export-by-query write the same flows.
	byIDs := filepath.Join(t.TempDir(), "ids.zip")
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "export-by-ids", "arch.team/a", "arch.other/c", "-O", byIDs); r.Err != nil {
		t.Fatal(r.Err)
	}
	if names := zipNames(t, byIDs); strings.Join(names, ",") != "arch.team.a.yaml,arch.other.c.yaml" {
		t.Fatalf("export-by-ids entries %v", names)
	}
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "export-by-ids", "arch.team/a", "arch.team/nope", "-O", byIDs+".2"); r.Code() != cmderr.NotFound {
		t.Fatalf("export-by-ids of a missing flow: %v", r.Err)
	}
	if _, err := os.Stat(byIDs + ".2"); !os.IsNotExist(err) {
		t.Fatal("a failed export left a file")
	}
	byQuery := filepath.Join(t.TempDir(), "q.zip")
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "export-by-query", "--filter", "namespace:PREFIX:arch", "-O", byQuery); r.Err != nil {
		t.Fatal(r.Err)
	}
	if names := zipNames(t, byQuery); len(names) != 3 {
		t.Fatalf("export-by-query entries %v", names)
	}

	// No match: not found, and no file.
	none := filepath.Join(t.TempDir(), "none.zip")
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "export", "-n", "nothing.here", "-O", none); r.Code() != cmderr.NotFound {
		t.Fatalf("empty export: %v", r.Err)
	}
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Fatal("an empty export left a file")
	}
	// Binary never goes to a terminal; to a pipe it does, whole.
	tty := opts(url)
	tty.Terminal = &plugin.Terminal{StdoutTTY: true}
	if r := plugintest.Run(t, flowsPlugin(), tty, "flows", "export", "-n", "arch.team"); r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "terminal") {
		t.Fatalf("export to a terminal: %v", r.Err)
	}
	r = plugintest.Run(t, flowsPlugin(), opts(url), "flows", "export", "-n", "arch.team")
	if r.Err != nil || !strings.HasPrefix(r.Stdout, "PK") || len(r.Objects) != 0 {
		t.Fatalf("export to stdout: %v %q", r.Err, r.Stdout[:min(len(r.Stdout), 10)])
	}
	if _, err := zip.NewReader(bytes.NewReader([]byte(r.Stdout)), int64(len(r.Stdout))); err != nil {
		t.Fatalf("stdout archive: %v", err)
	}
}

func zipNames(t *testing.T, path string) []string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var out []string
	for _, f := range zr.File {
		out = append(out, f.Name)
	}
	return out
}

// TestExportSurvivesDroppedConnections: an answer cut mid-way is fetched
// again and the file holds one whole archive.
func TestExportSurvivesDroppedConnections(t *testing.T) {
	url := plugintest.StartKestrasim(t, "--faults", "rate=0,drop=0.6,paths=/api/v1/main/flows/export,seed=7")
	files := map[string]string{}
	for i := range 40 {
		files[filepath.Join("d", string(rune('a'+i%26))+strings.Repeat("x", i)+".yaml")] = flowSrc("drop.team", "f"+strings.Repeat("x", i), strings.Repeat("long message ", 200))
	}
	deploySources(t, url, files)
	out := filepath.Join(t.TempDir(), "flows.zip")
	r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "export", "-n", "drop.team", "-O", out)
	if r.Err != nil {
		t.Fatalf("export: %v", r.Err)
	}
	if names := zipNames(t, out); len(names) != 40 {
		t.Fatalf("%d entries", len(names))
	}
}

func TestImportReportsRefusedFlows(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := t.TempDir()
	archive := filepath.Join(dir, "mixed.zip")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, src := range map[string]string{
		"good.yml":   flowSrc("imp", "good", "x"),
		"bad.yml":    "id: bad\nnamespace: imp\ntasks:\n  - id: t\n    type: io.kestra.plugin.nope.Nope\n",
		"readme.txt": "not a flow",
	} {
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte(src))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(archive, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "import", archive)
	rep := r.Report(t)
	if r.Err != nil || rep.Summary["imported"] != 1 || rep.Summary["failed"] != 1 || !strings.Contains(r.MessageText(), "could not be imported") {
		t.Fatalf("import: %v %v %q", r.Err, rep.Summary, r.MessageText())
	}
	for _, res := range rep.Results {
		if res["entry"] == "bad.yml" && !strings.Contains(res["error"].(string), "io.kestra.plugin.nope.Nope") {
			t.Fatalf("no reason given: %v", res)
		}
	}
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "import", archive, "--fail-on-error"); r.Code() != cmderr.Generic {
		t.Fatalf("--fail-on-error: %v", r.Err)
	}
	// A YAML file of several flows.
	yamlFile := filepath.Join(dir, "two.yaml")
	if err := os.WriteFile(yamlFile, []byte(flowSrc("imp", "y1", "a")+"---\n"+flowSrc("imp", "y2", "b")), 0o644); err != nil {
		t.Fatal(err)
	}
	r = plugintest.Run(t, flowsPlugin(), opts(url), "flows", "import", yamlFile)
	if rep := r.Report(t); r.Err != nil || rep.Summary["imported"] != 2 || rep.Results[1]["entry"] != yamlFile+"#2" {
		t.Fatalf("yaml import: %v %v", r.Err, rep.Results)
	}
	for _, bad := range []string{dir, filepath.Join(dir, "missing.zip"), filepath.Join(dir, "x.txt")} {
		_ = os.WriteFile(filepath.Join(dir, "x.txt"), []byte("x"), 0o644)
		if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "import", bad); r.Code() != cmderr.Usage {
			t.Errorf("import %s: %v", bad, r.Err)
		}
	}
}
