package commands

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// env is a kestrasim serving the catalog and the Maven repository, and a
// working directory for the plugins directory and config files.
type env struct {
	t   *testing.T
	url string
	dir string
}

func newEnv(t *testing.T, simFlags ...string) *env {
	t.Helper()
	return &env{t: t, url: plugintest.StartKestrasim(t, append([]string{"--jar-size", "4096"}, simFlags...)...), dir: t.TempDir()}
}

func (e *env) opts() plugintest.Options {
	return plugintest.Options{Format: "table", Cwd: e.dir}
}

// run runs argv with the catalog and repository flags of the simulator.
func (e *env) run(opts plugintest.Options, argv ...string) *plugintest.Result {
	e.t.Helper()
	if !slices.Contains(argv, "--plugins-api") {
		argv = append(argv, "--plugins-api", e.url+"/v1")
	}
	if argv[1] != "list" && argv[1] != "ls" && !slices.Contains(argv, "--maven-repository") {
		argv = append(argv, "--maven-repository", e.url+"/maven2")
	}
	return plugintest.Run(e.t, Plugin("test"), opts, argv...)
}

func (e *env) ok(argv ...string) *plugintest.Result {
	e.t.Helper()
	r := e.run(e.opts(), argv...)
	if r.Err != nil {
		e.t.Fatalf("%v: %v (%s) %v\n%s", argv, r.Err, r.Err.Hint, r.Err.Details, r.MessageText())
	}
	return r
}

func (e *env) fail(code cmderr.Code, msg string, argv ...string) *plugintest.Result {
	e.t.Helper()
	r := e.run(e.opts(), argv...)
	if r.Err == nil || r.Code() != code || !strings.Contains(r.Err.Error(), msg) {
		e.t.Fatalf("%v: got %v (%v), want %v containing %q\n%s", argv, r.Err, r.Code(), code, msg, r.MessageText())
	}
	return r
}

func (e *env) write(name, content string) {
	e.t.Helper()
	if err := os.WriteFile(filepath.Join(e.dir, name), []byte(content), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// jars lists the JARs of a plugins directory (relative to the work dir).
func (e *env) jars(dir string) []string {
	e.t.Helper()
	entries, _ := os.ReadDir(filepath.Join(e.dir, dir))
	var out []string
	for _, x := range entries {
		if strings.HasSuffix(x.Name(), ".jar") {
			out = append(out, x.Name())
		}
	}
	return out
}

// The table is a list like every other: one plugin per row, 30 by
// default, --limit and --all, a footer; rows show the edition as
// --edition names it.
func TestListTable(t *testing.T) {
	e := newEnv(t)
	r := e.ok("plugins", "list", "2.0.0")
	if r.Stdout != "" || len(r.Records) != 30 || r.Footer != "Showing 30 of 59 plugins; use --limit or --all" {
		t.Fatalf("stdout %q, %d rows, footer %q", r.Stdout, len(r.Records), r.Footer)
	}
	if got := headers(r.Columns); got != "GROUP ARTIFACT VERSION EDITION" {
		t.Fatalf("columns %s", got)
	}
	first := r.Records[0]
	if first["groupId"] != "io.kestra.storage" || first["artifactId"] != "storage-s3" || first["version"] != "2.0.7" || first["edition"] != "OSS" {
		t.Fatalf("first row %v", first)
	}
	for _, tc := range []struct {
		argv   []string
		rows   int
		footer string
	}{
		{[]string{"--all"}, 59, "Showing 59 of 59 plugins"},
		{[]string{"-L", "5"}, 5, "Showing 5 of 59 plugins; use --limit or --all"},
		{[]string{"--edition", "ee"}, 12, "Showing 12 of 12 plugins"},
		{[]string{"-q", "KAFKA", "--all"}, 2, "Showing 2 of 2 plugins"},
		{[]string{"-q", "no-such-plugin"}, 0, "No plugins found"},
		{[]string{"--page", "2", "--size", "25"}, 25, "Page 2 of 3: 25 of 59 plugins"},
	} {
		r := e.ok(append([]string{"plugins", "list", "2.0.0"}, tc.argv...)...)
		if len(r.Records) != tc.rows || r.Footer != tc.footer {
			t.Errorf("%v: %d rows, footer %q", tc.argv, len(r.Records), r.Footer)
		}
		if tc.argv[0] == "--edition" && r.Records[0]["edition"] != "EE" {
			t.Errorf("EE row %v", r.Records[0])
		}
	}
	if latest := e.ok("plugins", "ls", "LATEST", "--all"); len(latest.Records) != 59 {
		t.Fatalf("latest: %d rows", len(latest.Records))
	}
}

func headers(cols []plugin.Column) string {
	var hs []string
	for _, c := range cols {
		hs = append(hs, c.Header)
	}
	return strings.Join(hs, " ")
}

// --format plain is the public kestractl's line: every coordinate (no
// default limit), space-separated, for the pipe pattern.
func TestListPlain(t *testing.T) {
	e := newEnv(t)
	r := e.ok("plugins", "list", "2.0.0", "--format", "plain")
	if !strings.HasSuffix(r.Stdout, "\n") || strings.Count(r.Stdout, "\n") != 1 || strings.Contains(r.Stdout, "  ") || len(r.Records) != 0 {
		t.Fatalf("not one line: %q", r.Stdout)
	}
	fields := strings.Fields(r.Stdout)
	if len(fields) != 59 || fields[0] != "io.kestra.storage:storage-s3:2.0.7" {
		t.Fatalf("%d coordinates, first %q", len(fields), fields[0])
	}
	for _, f := range fields {
		if strings.Count(f, ":") != 2 || !strings.Contains(f, ":2.0.") {
			t.Fatalf("bad coordinate %q", f)
		}
	}
	if latest := e.ok("plugins", "ls", "LATEST", "--format", "plain"); latest.Stdout != r.Stdout {
		t.Fatalf("latest differs from 2.0.0:\n%s", latest.Stdout)
	}
	if r := e.ok("plugins", "list", "2.0.0", "--format", "plain", "-q", "kafka", "-L", "1"); r.Stdout != "io.kestra.plugin.ee:plugin-ee-kafka:2.0.4\n" {
		t.Fatalf("-q -L: %q", r.Stdout)
	}
	if r := e.ok("plugins", "list", "2.0.0", "--format", "plain", "-q", "nothing-matches"); r.Stdout != "\n" {
		t.Fatalf("empty: %q", r.Stdout)
	}
	opts := e.opts()
	opts.Format = "json"
	if r := e.run(opts, "plugins", "list", "2.0.0", "--format", "plain"); r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "--format plain prints coordinates on one line: it cannot be combined with -o json") {
		t.Fatalf("-o json --format plain: %v", r.Err)
	}
	e.fail(cmderr.Usage, "--page and --size page the table", "plugins", "list", "2.0.0", "--format", "plain", "--page", "2")
	e.fail(cmderr.Usage, "--limit and --all cannot be used together", "plugins", "list", "2.0.0", "--format", "plain", "--all", "-L", "3")
	e.fail(cmderr.Usage, "--format", "plugins", "list", "2.0.0", "--format", "csv")
}

// -o json prints the catalog's entries unchanged, limited as every list.
func TestListJSONAndEditions(t *testing.T) {
	e := newEnv(t)
	opts := e.opts()
	opts.Format = "json"
	for _, tc := range []struct {
		edition string
		n       int
	}{{"ALL", 59}, {"oss", 47}, {"EE", 12}} {
		r := e.run(opts, "plugins", "list", "2.0.0", "--edition", tc.edition, "--all")
		if r.Err != nil || len(r.Records) != tc.n {
			t.Fatalf("%s: %v, %d records", tc.edition, r.Err, len(r.Records))
		}
		rec := r.Records[0]
		for _, k := range []string{"groupId", "artifactId", "license", "version"} {
			if rec[k] == "" || rec[k] == nil {
				t.Fatalf("%s: field %s empty in %v", tc.edition, k, rec)
			}
		}
		if _, ok := rec["edition"]; ok {
			t.Fatalf("the table's edition column leaked into JSON: %s", r.RawRecords[0])
		}
	}
	if r := e.run(opts, "plugins", "list", "2.0.0"); r.Err != nil || len(r.Records) != 30 {
		t.Fatalf("default limit: %v, %d records", r.Err, len(r.Records))
	}
	e.fail(cmderr.Usage, `invalid --edition "CE": must be ALL, OSS, or EE`, "plugins", "list", "2.0.0", "--edition", "CE")
	r := e.fail(cmderr.NotFound, `plugin API returned HTTP 404 for version "not-a-version" — check that the version exists`, "plugins", "list", "not-a-version")
	if r.Stdout != "" {
		t.Fatalf("stdout on error: %q", r.Stdout)
	}
	e.fail(cmderr.Usage, `invalid Kestra version "../2.0.0"`, "plugins", "list", "../2.0.0")
}

// Items are printed as the catalog sent them: same keys, same order,
// fields the CLI does not know kept.
func TestListPrintsEntriesAsSent(t *testing.T) {
	e := newEnv(t)
	body := `[{"version":"1.0.0","artifactId":"plugin-x","groupId":"io.acme","license":"OPEN_SOURCE","title":"X"},{"groupId":"io.acme","artifactId":"../y","license":"OPEN_SOURCE","version":"1"}]`
	cat := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}))
	defer cat.Close()
	opts := e.opts()
	opts.Format = "json"
	r := plugintest.Run(t, Plugin("test"), opts, "plugins", "list", "2.0.0", "--plugins-api", cat.URL+"/v1")
	if r.Err != nil || len(r.RawRecords) != 1 || string(r.RawRecords[0]) != `{"version":"1.0.0","artifactId":"plugin-x","groupId":"io.acme","license":"OPEN_SOURCE","title":"X"}` {
		t.Fatalf("%v %q", r.Err, r.RawRecords)
	}
	if !strings.Contains(r.MessageText(), `skipping catalog entry "io.acme:../y:1" is not a valid coordinate`) {
		t.Fatalf("messages:\n%s", r.MessageText())
	}
}

func TestListFromConfig(t *testing.T) {
	e := newEnv(t)
	e.write("application.yaml", "kestra:\n  storage:\n    type: gcs\n  secret:\n    type: vault\n  queue:\n    type: postgres\n")
	e.write("application-prod.yaml", "kestra.storage.type: S3\n")
	e.write("bundled.yaml", "kestra:\n  storage:\n    type: local\n  repository:\n    type: postgres\n")
	e.write("unknown.yaml", "kestra:\n  storage:\n    type: unknownbackend\n")
	r := e.ok("plugins", "list", "2.0.0", "--from-config", "application.yaml", "--edition", "OSS", "--format", "plain")
	if r.Stdout != "io.kestra.storage:storage-gcs:2.0.0 io.kestra.ee.secret:secret-vault:2.0.0\n" {
		t.Fatalf("stdout %q", r.Stdout)
	}
	r = e.ok("plugins", "list", "2.0.0", "--from-config", "application.yaml", "--from-config", "application-prod.yaml")
	if len(r.Records) != 2 || r.Records[0]["artifactId"] != "storage-s3" || r.Records[1]["edition"] != "EE" || r.Footer != "Showing 2 of 2 plugins" {
		t.Fatalf("merged: %v %q", r.Records, r.Footer)
	}
	r = e.ok("plugins", "list", "2.0.0", "--from-config", "bundled.yaml", "--format", "plain")
	if r.Stdout != "\n" || !strings.Contains(r.MessageText(), noCorePlugins) {
		t.Fatalf("bundled: %q / %q", r.Stdout, r.MessageText())
	}
	opts := e.opts()
	opts.Format = "json"
	r = e.run(opts, "plugins", "list", "2.0.0", "--from-config", "bundled.yaml")
	if r.Err != nil || r.Records != nil || r.Columns == nil {
		t.Fatalf("bundled JSON: %v %v (a closed, empty list prints [])", r.Err, r.Records)
	}
	e.fail(cmderr.Usage, `unknown kestra.storage.type "unknownbackend" — no known core plugin mapping (supported: azure, cloudflare, gcs, local, minio, s3, seaweedfs)`, "plugins", "list", "2.0.0", "--from-config", "unknown.yaml")
	e.fail(cmderr.NotFound, `cannot read config file "missing.yaml": no such file or directory`, "plugins", "list", "2.0.0", "--from-config", "missing.yaml")
}

func TestDownloadCatalog(t *testing.T) {
	e := newEnv(t)
	r := e.ok("plugins", "download", "2.0.0", "--edition", "EE", "--concurrency", "4")
	msgs := r.MessageText()
	for _, want := range []string{"Fetching plugin list for Kestra 2.0.0...\n", "Found 12 plugins.\n", "[ 1/12] io.kestra.ee.secret:secret-vault:2.0.0 ... done (4.0 KiB)\n"} {
		if !strings.Contains(msgs, want) {
			t.Fatalf("messages lack %q:\n%s", want, msgs)
		}
	}
	if r.Stdout != "" {
		t.Fatalf("table output wrote to stdout: %q", r.Stdout)
	}
	// Lines come in list order whatever the completion order.
	var prev string
	for _, line := range strings.Split(msgs, "\n") {
		if strings.HasPrefix(line, "[") {
			if line < prev {
				t.Fatalf("out of order: %q after %q", line, prev)
			}
			prev = line
		}
	}
	if got := e.jars("plugins"); len(got) != 12 || !slices.Contains(got, "io_kestra_ee_secret__secret-vault__2_0_0.jar") {
		t.Fatalf("jars %v", got)
	}
	r = e.ok("plugins", "download", "2.0.0", "--edition", "EE")
	if r.Footer != "12 JARs in ./plugins: 12 up-to-date" {
		t.Fatalf("rerun: %q\n%s", r.Footer, r.MessageText())
	}
}

func TestDownloadArgumentErrors(t *testing.T) {
	e := newEnv(t)
	e.write("app.yaml", "kestra.storage.type: s3\n")
	for _, tc := range []struct {
		argv []string
		msg  string
	}{
		{[]string{"plugins", "download"}, "requires a version argument (the version is only optional when --plugins is set)"},
		{[]string{"plugins", "download", "2.0.0", "--plugins", "a:b:1", "--from-config", "app.yaml"}, "--plugins and --from-config are mutually exclusive"},
		{[]string{"plugins", "download", "2.0.0", "--compatible-for", "2.0.0", "--from-config", "app.yaml"}, "--compatible-for and --from-config are mutually exclusive"},
		{[]string{"plugins", "download", "2.0.0", "--compatible-for", "2.0.0"}, "--compatible-for requires --plugins"},
		{[]string{"plugins", "download", "2.0.0", "--edition", "CE"}, `invalid --edition "CE"`},
		{[]string{"plugins", "download", "2.0.0", "--concurrency", "0"}, "--concurrency must be between 1 and 64, got 0"},
		{[]string{"plugins", "download", "--plugins", "a:b:latest"}, `invalid plugin coordinate "a:b:latest": version "latest" is not supported`},
		{[]string{"plugins", "download", "--plugins", "a:../b:1"}, `invalid plugin coordinate "a:../b:1"`},
		{[]string{"plugins", "download", "--plugins", "io.kestra.plugin:plugin-kafka"}, "plugin coordinate io.kestra.plugin:plugin-kafka has no version — pass --compatible-for <kestra-version>"},
		{[]string{"plugins", "download", "1.0.0", "--plugins", "a:b", "--compatible-for", "2.0.0"}, "conflicting Kestra versions: --compatible-for 2.0.0 and version argument 1.0.0 — pass only one"},
		{[]string{"plugins", "download", "2.0.0", "--global-timeout=-1s"}, "--global-timeout must not be negative"},
		{[]string{"plugins", "download", "2.0.0", "--maven-repository", "ftp://x"}, `invalid --maven-repository "ftp://x"`},
		{[]string{"plugins", "download", "2.0.0", "--maven-repository", "https://user:pw@repo.example"}, `invalid --maven-repository "https://REDACTED@repo.example": credentials do not go in the URL: give them with --maven-username`},
		{[]string{"plugins", "download", "2.0.0", "extra"}, "unexpected argument extra"},
	} {
		r := e.run(e.opts(), tc.argv...)
		if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), tc.msg) {
			t.Errorf("%v: %v (%v), want usage error %q", tc.argv, r.Err, r.Code(), tc.msg)
		}
		if _, err := os.Stat(filepath.Join(e.dir, "plugins")); err == nil {
			t.Fatalf("%v: the plugins directory was created", tc.argv)
		}
	}
	// The table of 'plugins list' given to --plugins: the hint says how to
	// get coordinates.
	r := e.run(e.opts(), "plugins", "download", "2.0.0", "--plugins", "GROUP  ARTIFACT  VERSION  EDITION\nio.kestra.plugin  plugin-kafka  2.0.1  OSS\n")
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Hint, "'kestractl plugins list VERSION --format plain'") {
		t.Fatalf("table given to --plugins: %v (%v) hint %q", r.Err, r.Code(), r.Err.Hint)
	}
	if r := e.run(e.opts(), "plugins", "download", "2.0.0", "--plugins", "a:b:1 GROUP"); r.Code() != cmderr.Usage || r.Err.Hint != "" {
		t.Fatalf("no table, no hint: %v %q", r.Err, r.Err.Hint)
	}
	e.fail(cmderr.NotFound, `plugin io.kestra.plugin:plugin-nope is not in the compatibility set for Kestra 2.0.0 — check the artifact name with "kestractl plugins list 2.0.0"`, "plugins", "download", "2.0.0", "--plugins", "io.kestra.plugin:plugin-nope")
}

func TestDownloadPlugins(t *testing.T) {
	e := newEnv(t)
	// Pipe pattern: the list output feeds --plugins; unversioned coordinates
	// take the catalog's version; duplicates are fetched once.
	list := e.ok("plugins", "list", "2.0.0", "-q", "kafka", "--format", "plain")
	if list.Stdout != "io.kestra.plugin.ee:plugin-ee-kafka:2.0.4 io.kestra.plugin:plugin-kafka:2.0.1\n" {
		t.Fatalf("list: %q", list.Stdout)
	}
	piped := e.ok("plugins", "download", "2.0.0", "--plugins", list.Stdout, "--plugins-dir", "piped")
	if got := e.jars("piped"); !slices.Equal(got, []string{"io_kestra_plugin__plugin-kafka__2_0_1.jar", "io_kestra_plugin_ee__plugin-ee-kafka__2_0_4.jar"}) || len(piped.Records) != 2 {
		t.Fatalf("piped jars %v, %d rows", got, len(piped.Records))
	}
	r := e.ok("plugins", "download", "2.0.0", "--plugins", "io.kestra.plugin:plugin-kafka io.kestra.plugin:plugin-aws:1.0.0", "--plugins", "io.kestra.plugin:plugin-aws:1.0.0")
	if got := e.jars("plugins"); !slices.Equal(got, []string{"io_kestra_plugin__plugin-aws__1_0_0.jar", "io_kestra_plugin__plugin-kafka__2_0_1.jar"}) {
		t.Fatalf("jars %v", got)
	}
	if !strings.Contains(r.MessageText(), "Downloading 2 plugins...") || strings.Contains(r.MessageText(), "Fetching plugin list") {
		t.Fatalf("messages:\n%s", r.MessageText())
	}
	// --compatible-for resolves; a pinned coordinate gets a warning.
	r = e.ok("plugins", "download", "--plugins", "io.kestra.plugin:plugin-git io.kestra.plugin:plugin-aws:1.0.0", "--compatible-for", "latest", "--keep-only-last-version=false")
	if !strings.Contains(r.MessageText(), "io.kestra.plugin:plugin-aws pins version 1.0.0 explicitly — --compatible-for 999.999.999 is not applied to it") {
		t.Fatalf("messages:\n%s", r.MessageText())
	}
	// An empty --plugins (an empty pipe) downloads nothing and succeeds.
	r = e.ok("plugins", "download", "2.0.0", "--plugins", " ")
	if !strings.Contains(r.MessageText(), "--plugins lists no coordinates: nothing to download") {
		t.Fatalf("messages:\n%s", r.MessageText())
	}
}

func TestDownloadFromConfig(t *testing.T) {
	e := newEnv(t)
	e.write("app.yaml", "kestra:\n  storage:\n    type: s3\n  secret:\n    type: aws-secret-manager\n")
	e.write("bundled.yaml", "kestra:\n  storage:\n    type: local\n")
	r := e.ok("plugins", "download", "2.0.0", "--from-config", "app.yaml", "--plugins-dir", "w")
	if got := e.jars("w"); !slices.Equal(got, []string{"io_kestra_ee_secret__secret-aws__2_0_1.jar", "io_kestra_storage__storage-s3__2_0_7.jar"}) {
		t.Fatalf("jars %v\n%s", got, r.MessageText())
	}
	r = e.ok("plugins", "download", "2.0.0", "--from-config", "bundled.yaml", "--plugins-dir", "none")
	if msgs := r.MessageText(); msgs != noCorePlugins+"\n" {
		t.Fatalf("messages:\n%s", msgs)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "none")); err == nil {
		t.Fatal("a directory was created for nothing")
	}
}

// -o json is one report document: {"summary": ..., "results": [...]};
// the table is one row per JAR.
func TestDownloadJSON(t *testing.T) {
	e := newEnv(t)
	opts := e.opts()
	opts.Format = "json"
	r := e.run(opts, "plugins", "download", "--plugins", "io.kestra.plugin:plugin-kafka:2.0.1")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	rep := reportOf(t, r)
	if rep.Summary["total"] != 1 || rep.Summary["downloaded"] != 1 {
		t.Fatalf("summary %v", rep.Summary)
	}
	rec := rep.records(t)[0]
	if rec.Status != "downloaded" || rec.Size != 4096 || rec.Checksum == nil || rec.Checksum.Algorithm != "sha256" || !rec.Checksum.Verified || len(rec.Checksum.Digest) != 64 ||
		rec.File != "io_kestra_plugin__plugin-kafka__2_0_1.jar" || rec.Coordinate != "io.kestra.plugin:plugin-kafka:2.0.1" || rec.ArtifactID != "plugin-kafka" {
		t.Fatalf("record %+v", rec)
	}
	if !strings.HasPrefix(string(rep.Results[0]), `{"status":"downloaded",`) {
		t.Fatalf("status first: %s", rep.Results[0])
	}
	// Table: a row per JAR, the summary as the footer.
	r = e.ok("plugins", "download", "--plugins", "io.kestra.plugin:plugin-kafka:2.0.1 io.kestra.plugin:plugin-git:2.0.3")
	if len(r.Records) != 2 || r.Records[0]["status"] != "up-to-date" || r.Records[1]["status"] != "downloaded" ||
		headers(r.Columns) != "COORDINATE STATUS SIZE FILE" || r.Footer != "2 JARs in ./plugins: 1 up-to-date, 1 downloaded" {
		t.Fatalf("table %v %v %q", r.Records, r.Columns, r.Footer)
	}
	// Nothing to do: an empty report.
	r = e.run(opts, "plugins", "download", "2.0.0", "--plugins", " ")
	if rep := reportOf(t, r); rep.Summary["total"] != 0 || len(rep.Results) != 0 {
		t.Fatalf("empty: %s", r.Objects[0])
	}
}

// Pruning is opt-in: by default nothing is removed; with
// --keep-only-last-version each removed JAR is named (stderr and report),
// newer versions and other plugins are kept.
func TestKeepOnlyLastVersion(t *testing.T) {
	e := newEnv(t)
	os.MkdirAll(filepath.Join(e.dir, "plugins"), 0o755)
	for _, n := range []string{
		"io_kestra_plugin__plugin-kafka__1_5_0.jar",
		"io_kestra_plugin__plugin-kafka__1_4_0.jar",
		"io_kestra_plugin__plugin-kafka__9_0_0.jar",
		"io_kestra_plugin__plugin-kafka-connect__1_0_0.jar",
		"io_kestra_plugin__plugin-aws__1_0_0.jar",
	} {
		e.write(filepath.Join("plugins", n), "old")
	}
	for _, argv := range [][]string{nil, {"--keep-only-last-version=false"}, {"--no-keep-only-last-version"}} {
		r := e.ok(append([]string{"plugins", "download", "--plugins", "io.kestra.plugin:plugin-kafka:2.0.1"}, argv...)...)
		if len(e.jars("plugins")) != 6 || strings.Contains(r.MessageText(), "Removed") || len(r.Records) != 1 {
			t.Fatalf("%v: kept %v\n%s", argv, e.jars("plugins"), r.MessageText())
		}
	}
	// The plan: what would go, nothing removed.
	opts := e.opts()
	opts.Format = "json"
	r := e.run(opts, "plugins", "download", "--plugins", "io.kestra.plugin:plugin-kafka:2.0.1 io.kestra.plugin:plugin-git:2.0.3", "--keep-only-last-version", "--dry-run")
	if r.Err != nil || len(e.jars("plugins")) != 6 {
		t.Fatalf("dry run: %v, jars %v", r.Err, e.jars("plugins"))
	}
	rep := reportOf(t, r)
	if rep.Summary["up-to-date"] != 1 || rep.Summary["would download"] != 1 || rep.Summary["would remove"] != 2 || rep.Summary["total"] != 4 {
		t.Fatalf("plan summary %v", rep.Summary)
	}
	recs := rep.records(t)
	if recs[2].Status != "would remove" || recs[2].File != "io_kestra_plugin__plugin-kafka__1_4_0.jar" || recs[2].Coordinate != "io.kestra.plugin:plugin-kafka:1.4.0" || recs[2].ReplacedBy != "io.kestra.plugin:plugin-kafka:2.0.1" {
		t.Fatalf("plan %+v", recs)
	}
	if !strings.Contains(r.MessageText(), "Would remove io_kestra_plugin__plugin-kafka__1_4_0.jar (io.kestra.plugin:plugin-kafka:1.4.0, older than the 2.0.1 kept)") {
		t.Fatalf("messages:\n%s", r.MessageText())
	}
	// The run: the same files go, each named.
	r = e.run(opts, "plugins", "download", "--plugins", "io.kestra.plugin:plugin-kafka:2.0.1", "--keep-only-last-version")
	want := []string{"io_kestra_plugin__plugin-aws__1_0_0.jar", "io_kestra_plugin__plugin-kafka-connect__1_0_0.jar", "io_kestra_plugin__plugin-kafka__2_0_1.jar", "io_kestra_plugin__plugin-kafka__9_0_0.jar"}
	if got := e.jars("plugins"); r.Err != nil || !slices.Equal(got, want) {
		t.Fatalf("%v: jars %v", r.Err, got)
	}
	msgs := r.MessageText()
	for _, line := range []string{
		"Removed io_kestra_plugin__plugin-kafka__1_4_0.jar (io.kestra.plugin:plugin-kafka:1.4.0, older than the 2.0.1 kept)\n",
		"Removed io_kestra_plugin__plugin-kafka__1_5_0.jar (io.kestra.plugin:plugin-kafka:1.5.0, older than the 2.0.1 kept)\n",
		"Removed 2 old version(s) from ./plugins.\n",
		"kept newer version(s) of io.kestra.plugin:plugin-kafka: io_kestra_plugin__plugin-kafka__9_0_0.jar",
	} {
		if !strings.Contains(msgs, line) {
			t.Fatalf("no %q in:\n%s", line, msgs)
		}
	}
	rep = reportOf(t, r)
	if rep.Summary["removed"] != 2 || rep.Summary["up-to-date"] != 1 {
		t.Fatalf("summary %v", rep.Summary)
	}
	if recs := rep.records(t); recs[1].Status != "removed" || recs[1].File != "io_kestra_plugin__plugin-kafka__1_4_0.jar" || recs[2].File != "io_kestra_plugin__plugin-kafka__1_5_0.jar" {
		t.Fatalf("removed %+v", recs)
	}
}

// --dry-run writes nothing, not even the plugins directory, and asks the
// repository nothing.
func TestDownloadDryRun(t *testing.T) {
	e := newEnv(t)
	m, mavenURL := newMaven(t, e.url)
	r := e.ok("plugins", "download", "2.0.0", "--edition", "EE", "--dry-run", "--keep-only-last-version", "--maven-repository", mavenURL+"/maven2")
	if len(r.Records) != 12 || r.Records[0]["status"] != "would download" || r.Footer != "12 JARs in ./plugins: 12 would download" {
		t.Fatalf("%v %q", r.Records, r.Footer)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "plugins")); err == nil || len(m.requests) != 0 {
		t.Fatalf("dry run created the directory (%v) or asked the repository (%d requests)", err, len(m.requests))
	}
	e.ok("plugins", "get", "io.kestra.plugin:plugin-aws:2.0.6")
	r = e.ok("plugins", "get", "io.kestra.plugin:plugin-aws:2.0.6", "--dry-run", "--verify")
	if len(r.Records) != 1 || r.Records[0]["status"] != "would verify" {
		t.Fatalf("get --dry-run --verify: %v", r.Records)
	}
}

// mavenProxy is a recording Maven repository in front of kestrasim's.
type mavenProxy struct {
	mu       sync.Mutex
	requests []*http.Request
	missing  string // path part answered 404
	hang     bool
}

func newMaven(t *testing.T, upstream string) (*mavenProxy, string) {
	m := &mavenProxy{}
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.requests = append(m.requests, r.Clone(context.Background()))
		missing, hang := m.missing, m.hang
		m.mu.Unlock()
		if missing != "" && strings.Contains(r.URL.Path, missing) {
			http.NotFound(w, r)
			return
		}
		if hang && strings.HasSuffix(r.URL.Path, ".jar") {
			<-r.Context().Done()
			return
		}
		req, _ := http.NewRequestWithContext(r.Context(), r.Method, upstream+r.URL.Path, nil)
		req.Header = r.Header.Clone()
		req.Header.Del("Authorization")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		buf := make([]byte, 32<<10)
		for {
			n, err := resp.Body.Read(buf)
			w.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}))
	t.Cleanup(proxy.Close)
	return m, proxy.URL
}

func TestMavenCredentialsAndHeaders(t *testing.T) {
	e := newEnv(t)
	m, mavenURL := newMaven(t, e.url)
	var catalogAuth []string
	cat := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		catalogAuth = append(catalogAuth, r.Header.Get("Authorization")+r.Header.Get("X-Team"))
		http.Redirect(w, r, e.url+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer cat.Close()
	opts := e.opts()
	opts.Token = "kestra-token-must-stay-home"
	opts.Secrets = map[string]string{"maven-password": "s3cret"}
	opts.Headers = []kestra.Header{{Name: "X-Team", Value: "data"}}
	r := plugintest.Run(t, Plugin("test"), opts, "plugins", "download", "2.0.0", "--plugins", "io.kestra.plugin:plugin-kafka",
		"--plugins-api", cat.URL+"/v1", "--maven-repository", mavenURL+"/maven2/", "--maven-username", "deployer")
	if r.Err != nil {
		t.Fatalf("%v\n%s", r.Err, r.MessageText())
	}
	if len(m.requests) != 2 {
		t.Fatalf("%d Maven requests", len(m.requests))
	}
	for _, req := range m.requests {
		user, pw, ok := req.BasicAuth()
		if !ok || user != "deployer" || pw != "s3cret" || req.Header.Get("X-Team") != "data" || strings.Contains(req.URL.Path, "//") {
			t.Fatalf("Maven request %s: auth %q %q %v, X-Team %q", req.URL.Path, user, pw, ok, req.Header.Get("X-Team"))
		}
	}
	if len(catalogAuth) != 1 || catalogAuth[0] != "" {
		t.Fatalf("the catalog request carried credentials or headers: %q", catalogAuth)
	}
	// A credential-bearing --header (Authorization) wins over Basic auth.
	m.requests = nil
	opts.SensitiveHeaders = []kestra.Header{{Name: "Authorization", Value: "Bearer registry-token"}}
	r = plugintest.Run(t, Plugin("test"), opts, "plugins", "download", "--plugins", "io.kestra.plugin:plugin-git:2.0.3",
		"--maven-repository", mavenURL+"/maven2", "--maven-username", "deployer")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	for _, req := range m.requests {
		if req.Header.Get("Authorization") != "Bearer registry-token" {
			t.Fatalf("Authorization %q", req.Header.Get("Authorization"))
		}
	}
}

func TestFailuresAreListed(t *testing.T) {
	e := newEnv(t)
	m, mavenURL := newMaven(t, e.url)
	m.missing = "/plugin-aws/"
	os.MkdirAll(filepath.Join(e.dir, "plugins"), 0o755)
	e.write("plugins/io_kestra_plugin__plugin-aws__1_0_0.jar", "old but still wanted")
	r := plugintest.Run(t, Plugin("test"), e.opts(), "plugins", "download", "--plugins", "io.kestra.plugin:plugin-kafka:2.0.1 io.kestra.plugin:plugin-aws:2.0.6 io.kestra.plugin:plugin-git:2.0.3",
		"--maven-repository", mavenURL+"/maven2", "--concurrency", "3")
	if r.Code() != cmderr.NotFound || r.Err.Error() != "1 plugin(s) failed to download" || len(r.Err.Details) != 1 ||
		!strings.HasPrefix(r.Err.Details[0], "io.kestra.plugin:plugin-aws:2.0.6: artifact not found at "+mavenURL+"/maven2/io/kestra/plugin/plugin-aws/2.0.6/plugin-aws-2.0.6.jar (HTTP 404)") {
		t.Fatalf("%v (%v) %q", r.Err, r.Code(), r.Err.Details)
	}
	msgs := r.MessageText()
	if !strings.Contains(msgs, "[2/3] io.kestra.plugin:plugin-aws:2.0.6 ... FAILED (artifact not found at ") || r.Footer != "3 JARs in ./plugins: 2 downloaded, 1 failed" {
		t.Fatalf("messages:\n%s", msgs)
	}
	// The failed plugin's older version is not pruned.
	if got := e.jars("plugins"); len(got) != 3 || !slices.Contains(got, "io_kestra_plugin__plugin-aws__1_0_0.jar") {
		t.Fatalf("jars %v", got)
	}
}

func TestGlobalTimeout(t *testing.T) {
	e := newEnv(t)
	m, mavenURL := newMaven(t, e.url)
	m.hang = true
	r := plugintest.Run(t, Plugin("test"), e.opts(), "plugins", "download", "--plugins", "io.kestra.plugin:plugin-kafka:2.0.1 io.kestra.plugin:plugin-aws:2.0.6",
		"--maven-repository", mavenURL+"/maven2", "--global-timeout", "500ms")
	if r.Code() != cmderr.Timeout || !strings.HasPrefix(r.Err.Error(), "--global-timeout of 500ms reached with 2 plugin(s) not downloaded") || len(r.Err.Details) != 2 {
		t.Fatalf("%v (%v) %q\n%s", r.Err, r.Code(), r.Err.Details, r.MessageText())
	}
	if got := e.jars("plugins"); len(got) != 0 {
		t.Fatalf("jars %v", got)
	}
}

func TestFaultsAreRetriedAndResumed(t *testing.T) {
	e := newEnv(t, "--jar-size", "300000", "--faults", "rate=0.2,codes=429+503,retry-after=0,drop=0.2,paths=/maven2/,seed=7")
	// One download at a time: the simulator's draws, seeded, are then the
	// same on every run.
	r := e.ok("plugins", "download", "2.0.0", "--edition", "EE")
	if got := e.jars("plugins"); len(got) != 12 {
		t.Fatalf("%d jars\n%s", len(got), r.MessageText())
	}
	msgs := r.MessageText()
	if !strings.Contains(msgs, "resuming at byte") || !strings.Contains(msgs, "[429] rate limited on ") {
		t.Fatalf("no resume or retry notice:\n%s", msgs)
	}
	r = e.ok("plugins", "download", "2.0.0", "--edition", "EE")
	if r.Footer != "12 JARs in ./plugins: 12 up-to-date" {
		t.Fatalf("rerun: %q\n%s", r.Footer, r.MessageText())
	}
}

func TestTerminalShowsBars(t *testing.T) {
	e := newEnv(t)
	opts := e.opts()
	opts.Terminal = &plugin.Terminal{StderrTTY: true}
	r := e.run(opts, "plugins", "download", "2.0.0", "--edition", "EE", "--concurrency", "2")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if strings.Contains(r.MessageText(), "] io.kestra") {
		t.Fatalf("plain lines on a terminal:\n%s", r.MessageText())
	}
	done := map[string]bool{}
	for _, p := range r.Progress {
		if p.Done {
			done[p.ID] = true
		}
	}
	if !done["plugins"] || len(done) != 13 {
		t.Fatalf("bars done: %v", done)
	}
}

func TestGet(t *testing.T) {
	e := newEnv(t)
	os.MkdirAll(filepath.Join(e.dir, "plugins"), 0o755)
	e.write("plugins/io_kestra_plugin__plugin-kafka__1_0_0.jar", "older")
	r := e.ok("plugins", "get", "io.kestra.plugin:plugin-kafka", "--compatible-for", "2.0.0")
	if msgs := r.MessageText(); msgs != "io.kestra.plugin:plugin-kafka:2.0.1 ... done (4.0 KiB)\n" {
		t.Fatalf("messages %q", msgs)
	}
	if len(r.Records) != 1 || r.Records[0]["status"] != "downloaded" || r.Footer != "1 JAR in ./plugins: 1 downloaded" {
		t.Fatalf("table %v %q", r.Records, r.Footer)
	}
	if got := e.jars("plugins"); len(got) != 2 {
		t.Fatalf("get pruned: %v", got)
	}
	r = e.ok("plugins", "get", "io.kestra.plugin:plugin-kafka:2.0.1")
	if msgs := r.MessageText(); msgs != "io.kestra.plugin:plugin-kafka:2.0.1 ... already up to date\n" {
		t.Fatalf("messages %q", msgs)
	}
	e.fail(cmderr.Usage, "plugin coordinate io.kestra.plugin:plugin-kafka has no version — pass --compatible-for", "plugins", "get", "io.kestra.plugin:plugin-kafka")
	e.fail(cmderr.Usage, `invalid plugin coordinate "x"`, "plugins", "get", "x")
}

// Issue 20 #27: a repository or catalog URL holding credentials is refused
// (exit 2) and the error never repeats them, whether the URL parses or not.
func TestURLCredentialsAreNeverRepeated(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{
		"https://ada:S3cretPW@repo.example/maven2",
		"https://ada:S3cretPW@repo.example:99999",
		"https://ada:S3/cretPW@repo.example",
		"https://ada:S3cret#PW@repo.example",
		"http://ada:S3cretPW@[::1",
		"ada:S3cretPW@repo.example",
		"https://repo.example/maven2?token=S3cretPW",
	} {
		for _, argv := range [][]string{
			{"plugins", "get", "a:b:1", "--maven-repository", u},
			{"plugins", "download", "--plugins", "a:b:1", "--maven-repository", u},
			{"plugins", "list", "2.0.0", "--plugins-api", u},
			{"plugins", "get", "a:b:1", "--plugins-api", u},
		} {
			r := e.run(e.opts(), argv...)
			if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "REDACTED") {
				t.Errorf("%v: %v (%v)", argv, r.Err, r.Code())
				continue
			}
			all := r.Err.Error() + r.Err.Hint + strings.Join(r.Err.Details, "") + r.MessageText()
			for _, secret := range []string{"S3cret", "cretPW", "ada"} {
				if strings.Contains(all, secret) {
					t.Errorf("%v: %q repeated in %q", argv, secret, all)
				}
			}
		}
	}
}
