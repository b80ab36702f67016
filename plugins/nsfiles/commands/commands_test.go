package commands

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

type env struct {
	t   *testing.T
	url string
	cwd string
}

func newEnv(t *testing.T, simFlags ...string) *env {
	t.Helper()
	return &env{t: t, url: plugintest.StartKestrasim(t, simFlags...), cwd: t.TempDir()}
}

func (e *env) opts() plugintest.Options {
	return plugintest.Options{Server: e.url, Username: plugintest.SimUser, Password: plugintest.SimPassword,
		Format: "json", AssumeYes: true, Cwd: e.cwd}
}

func (e *env) run(opts plugintest.Options, argv ...string) *plugintest.Result {
	e.t.Helper()
	return plugintest.Run(e.t, Plugin("test"), opts, argv...)
}

func (e *env) ok(argv ...string) *plugintest.Result {
	e.t.Helper()
	r := e.run(e.opts(), argv...)
	if r.Err != nil {
		e.t.Fatalf("%v: %v (%s) %v", argv, r.Err, r.Err.Hint, r.Err.Details)
	}
	return r
}

func (e *env) write(rel, content string) {
	e.t.Helper()
	p := filepath.Join(e.cwd, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// remoteFiles lists every file of a namespace.
func (e *env) remoteFiles(ns string) []string {
	e.t.Helper()
	r := e.run(e.opts(), "nsfiles", "list", ns, "--recursive", "--all")
	if r.Err != nil {
		e.t.Fatalf("list: %v", r.Err)
	}
	var out []string
	for _, rec := range r.Records {
		if rec["type"] == "File" {
			out = append(out, rec["fileName"].(string))
		}
	}
	sort.Strings(out)
	return out
}

func (e *env) content(ns, p string) string {
	e.t.Helper()
	return e.ok("nsfiles", "get", ns, p).Stdout
}

// report is the JSON report of upload, delete and get -O.
type report[T any] struct {
	Summary map[string]int `json:"summary"`
	Results []T            `json:"results"`
}

func decodeReport[T any](t *testing.T, r *plugintest.Result) report[T] {
	t.Helper()
	if len(r.Objects) != 1 {
		t.Fatalf("want one report object, got %d (err %v)", len(r.Objects), r.Err)
	}
	var s report[T]
	dec := json.NewDecoder(strings.NewReader(string(r.Objects[0])))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("report %s: %v", r.Objects[0], err)
	}
	if s.Summary["total"] != len(s.Results) {
		t.Errorf("summary total %d, %d results", s.Summary["total"], len(s.Results))
	}
	return s
}

func decodeSummary(t *testing.T, r *plugintest.Result) report[uploadResult] {
	t.Helper()
	return decodeReport[uploadResult](t, r)
}

func TestUploadDestinations(t *testing.T) {
	e := newEnv(t)
	e.write("assets/a.txt", "A")
	e.write("assets/css/site.css", "C")
	e.write("assets/.secret", "S")
	e.write("one.txt", "1")
	for _, tc := range []struct {
		name string
		argv []string
		want []string
	}{
		{"seed example: a directory lands under its name", []string{"./assets", "--path", "resources", "--override", "--fail-fast"},
			[]string{"resources/assets/a.txt", "resources/assets/css/site.css"}},
		{"trailing slash: the content", []string{"assets/", "--path", "flat"}, []string{"flat/a.txt", "flat/css/site.css"}},
		{"dot: the content of the working directory", []string{".", "--path", "dot"},
			[]string{"dot/assets/a.txt", "dot/assets/css/site.css", "dot/one.txt"}},
		{"positional destination, as the public kestractl", []string{"assets", "pos"}, []string{"pos/assets/a.txt", "pos/assets/css/site.css"}},
		{"a file goes exactly to the destination", []string{"one.txt", "--path", "conf/renamed.txt"}, []string{"conf/renamed.txt"}},
		{"a file into a directory written with /", []string{"one.txt", "--path", "into/"}, []string{"into/one.txt"}},
		{"a file without destination goes to the root", []string{"one.txt"}, []string{"one.txt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ns := "dest." + strings.Map(func(r rune) rune {
				if r >= 'a' && r <= 'z' {
					return r
				}
				return -1
			}, tc.name)[:12]
			e.ok(append([]string{"nsfiles", "upload", ns, "--allow-missing-namespace"}, tc.argv...)...)
			if got := e.remoteFiles(ns); strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("files = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestUploadNeedsAnExistingNamespace(t *testing.T) {
	e := newEnv(t)
	e.write("f.txt", "x")
	r := e.run(e.opts(), "nsfiles", "upload", "ghost", "f.txt")
	if r.Code() != cmderr.NotFound || !strings.Contains(r.Err.Error(), "namespace 'ghost' does not exist") {
		t.Fatalf("got %v %v", r.Code(), r.Err)
	}
	e.ok("nsfiles", "upload", "ghost", "f.txt", "--allow-missing-namespace")
	if got := e.content("ghost", "f.txt"); got != "x" {
		t.Fatalf("content = %q", got)
	}
}

func TestUploadOverride(t *testing.T) {
	e := newEnv(t)
	e.write("f.txt", "v1")
	e.ok("nsfiles", "upload", "ns", "f.txt", "--allow-missing-namespace")
	e.write("f.txt", "version two")
	r := e.run(e.opts(), "nsfiles", "upload", "ns", "f.txt")
	if r.Code() != cmderr.Conflict || !strings.Contains(r.Err.Error(), "file already exists at '/f.txt'; use --override to replace") {
		t.Fatalf("upload over an existing file: %v %v", r.Code(), r.Err)
	}
	if got := e.content("ns", "f.txt"); got != "v1" {
		t.Fatalf("content changed without --override: %q", got)
	}
	e.ok("nsfiles", "upload", "ns", "f.txt", "--override", "--path", "/f.txt")
	if got := e.content("ns", "f.txt"); got != "version two" {
		t.Fatalf("content = %q", got)
	}
	// The file was replaced in place (a new revision), never deleted first.
	if got := e.ok("nsfiles", "get", "ns", "f.txt", "--revision", "1").Stdout; got != "v1" {
		t.Fatalf("revision 1 = %q: the file was deleted and re-created", got)
	}
}

func TestUploadDirectoryConflictsAndDryRun(t *testing.T) {
	e := newEnv(t)
	e.write("d/x.txt", "x")
	e.write("d/y.txt", "y")
	e.ok("nsfiles", "upload", "ns", "d/x.txt", "--path", "d/y.txt/z", "--allow-missing-namespace") // d/y.txt is now a directory
	r := e.run(e.opts(), "nsfiles", "upload", "ns", "d", "--dry-run")
	s := decodeSummary(t, r)
	if r.Code() != cmderr.Conflict || s.Summary["failed"] != 1 || s.Results[0].Status != statusWouldUpload || !strings.Contains(s.Results[1].Error, "destination '/d/y.txt' is a directory") {
		t.Fatalf("dry run: %v %+v", r.Err, s)
	}
	if got := e.remoteFiles("ns"); strings.Join(got, " ") != "d/y.txt/z" {
		t.Fatalf("dry run changed the namespace: %v", got)
	}
	r = e.run(e.opts(), "nsfiles", "upload", "ns", "d", "--override")
	s = decodeSummary(t, r)
	if r.Code() != cmderr.Conflict || s.Summary["uploaded"] != 1 || s.Summary["failed"] != 1 || !strings.Contains(r.Err.Error(), "upload completed with 1 error(s)") {
		t.Fatalf("upload: %v %+v", r.Err, s)
	}
}

func TestUploadLocalProblems(t *testing.T) {
	e := newEnv(t)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o644); err != nil {
		t.Fatal(err)
	}
	e.write("src/ok.txt", "ok")
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(e.cwd, "src", "escape")); err != nil {
		t.Fatal(err)
	}
	e.ok("nsfiles", "upload", "ns", "src/ok.txt", "--path", "seed.txt", "--allow-missing-namespace")
	// --fail-fast: a local problem uploads nothing.
	r := e.run(e.opts(), "nsfiles", "upload", "ns", "src", "--fail-fast")
	s := decodeSummary(t, r)
	if r.Code() != cmderr.Usage || s.Summary["skipped"] != 1 || s.Summary["failed"] != 1 || !strings.Contains(s.Results[0].Error, "symbolic link leaves the source directory") {
		t.Fatalf("fail-fast: %v %+v", r.Err, s)
	}
	if got := e.remoteFiles("ns"); strings.Join(got, " ") != "seed.txt" {
		t.Fatalf("fail-fast uploaded something: %v", got)
	}
	// Without it, the rest goes up and the exit code still says no.
	r = e.run(e.opts(), "nsfiles", "upload", "ns", "src")
	if r.Code() != cmderr.Usage {
		t.Fatalf("without fail-fast: %v", r.Err)
	}
	if got := e.remoteFiles("ns"); strings.Join(got, " ") != "seed.txt src/ok.txt" {
		t.Fatalf("files = %v", got)
	}
	for _, argv := range [][]string{
		{"nsfiles", "upload", "ns", "missing.txt"},
		{"nsfiles", "upload", "ns", "src/ok.txt", "--path", "../x"},
		{"nsfiles", "upload", "ns", "src/ok.txt", "--path", "a//b"},
		{"nsfiles", "upload", "ns", "src/ok.txt", "a", "--path", "b"},
		{"nsfiles", "upload", "ns", "src/ok.txt", "--concurrency", "0"},
		{"nsfiles", "upload", "Bad NS", "src/ok.txt"},
	} {
		if r := e.run(e.opts(), argv...); r.Code() != cmderr.Usage {
			t.Errorf("%v: %v %v", argv, r.Code(), r.Err)
		}
	}
}

func TestUploadProgress(t *testing.T) {
	e := newEnv(t)
	e.write("p/a.txt", strings.Repeat("a", 1000))
	e.write("p/b.txt", "b")
	o := e.opts()
	o.Format = "table"
	r := e.run(o, "nsfiles", "upload", "ns", "p", "--allow-missing-namespace")
	if r.Err != nil || len(r.Progress) != 0 || !strings.Contains(r.MessageText(), "uploaded  p/a.txt -> /p/a.txt (1000 bytes)") {
		t.Fatalf("no terminal: want plain lines, got %q and %d progress updates (%v)", r.MessageText(), len(r.Progress), r.Err)
	}
	if r.Footer != "2 files: 2 uploaded" {
		t.Errorf("footer = %q", r.Footer)
	}
	o.Terminal = &plugin.Terminal{StderrTTY: true}
	r = e.run(o, "nsfiles", "upload", "ns", "p", "--override")
	if r.Err != nil || len(r.Progress) == 0 || strings.Contains(r.MessageText(), "uploaded ") {
		t.Fatalf("terminal: want a bar, got %q and %d updates (%v)", r.MessageText(), len(r.Progress), r.Err)
	}
	last := r.Progress[len(r.Progress)-1]
	if !last.Done || last.Current != 1001 || last.Total != 1001 || last.Unit != "bytes" {
		t.Errorf("last update = %v", last)
	}
}

func TestGet(t *testing.T) {
	e := newEnv(t)
	e.write("g/data.bin", "payload")
	e.ok("nsfiles", "upload", "ns", "g", "--allow-missing-namespace")
	if got := e.content("ns", "/g/data.bin"); got != "payload" {
		t.Fatalf("stdout = %q", got)
	}
	r := e.run(e.opts(), "nsfiles", "get", "ns", "unknown-file.txt")
	if r.Code() != cmderr.NotFound || r.Err.Error() != "File '/unknown-file.txt' was not found in namespace 'ns'" {
		t.Fatalf("missing: %v", r.Err)
	}
	// A directory prints its listing.
	r = e.ok("nsfiles", "get", "ns", "g")
	if len(r.Records) != 1 || r.Records[0]["fileName"] != "data.bin" {
		t.Fatalf("directory: %v", r.Records)
	}
	// To a file, atomically; into a directory under the remote name.
	if err := os.WriteFile(filepath.Join(e.cwd, "out.bin"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = e.ok("nsfiles", "get", "ns", "g/data.bin", "--output-file", "out.bin", "--revision", "1")
	if b, _ := os.ReadFile(filepath.Join(e.cwd, "out.bin")); string(b) != "payload" || r.Stdout != "" {
		t.Fatalf("out.bin = %q, stdout %q", b, r.Stdout)
	}
	// The download is a report of one result.
	rep := decodeReport[downloadResult](t, r)
	if rep.Summary["downloaded"] != 1 || rep.Results[0] != (downloadResult{Status: "downloaded", Path: "/g/data.bin",
		File: filepath.Join(e.cwd, "out.bin"), Size: 7, Revision: 1}) {
		t.Fatalf("report = %+v", rep)
	}
	if err := os.Mkdir(filepath.Join(e.cwd, "dl"), 0o755); err != nil {
		t.Fatal(err)
	}
	e.ok("nsfiles", "get", "ns", "g/data.bin", "-O", "dl")
	if b, _ := os.ReadFile(filepath.Join(e.cwd, "dl", "data.bin")); string(b) != "payload" {
		t.Fatalf("dl/data.bin = %q", b)
	}
	for _, argv := range [][]string{
		{"nsfiles", "get", "ns", "g/data.bin", "-O", "no/such/dir/x"},
		{"nsfiles", "get", "ns", "g", "-O", "out.bin"},
		{"nsfiles", "get", "ns", "g", "--revision", "1"},
		{"nsfiles", "get", "ns", "../g"},
		{"nsfiles", "get", "ns", "g/data.bin", "--revision", "-1"},
		{"nsfiles", "get", "ns", "g/data.bin", "--revision", "abc"},
	} {
		if r := e.run(e.opts(), argv...); r.Code() != cmderr.Usage {
			t.Errorf("%v: %v %v", argv, r.Code(), r.Err)
		}
	}
	if r := e.run(e.opts(), "nsfiles", "get", "ns", "g/data.bin", "--revision", "9"); r.Code() != cmderr.NotFound {
		t.Errorf("unknown revision: %v %v", r.Code(), r.Err)
	}
}

func TestListAndDelete(t *testing.T) {
	e := newEnv(t)
	e.write("t/a.txt", "a")
	e.write("t/sub/b.txt", "b")
	e.write("t/sub/deeper/c.txt", "c")
	e.ok("nsfiles", "upload", "ns", "t", "--allow-missing-namespace")
	r := e.ok("nsfiles", "list", "ns", "--path", "t")
	if len(r.Records) != 2 {
		t.Fatalf("list t: %v", r.Records)
	}
	r = e.ok("nsfiles", "ls", "ns", "-r")
	var names []string
	for _, rec := range r.Records {
		names = append(names, rec["fileName"].(string))
	}
	want := "t t/a.txt t/sub t/sub/b.txt t/sub/deeper t/sub/deeper/c.txt"
	if strings.Join(names, " ") != want {
		t.Fatalf("recursive = %v", names)
	}
	if r := e.run(e.opts(), "nsfiles", "list", "ns", "--path", "nope"); r.Code() != cmderr.NotFound {
		t.Fatalf("list missing dir: %v", r.Err)
	}
	if r := e.run(e.opts(), "nsfiles", "list", "empty.ns"); r.Code() != cmderr.NotFound || r.Err.Error() != `namespace "empty.ns" not found` {
		t.Fatalf("unknown namespace: %v %v", r.Code(), r.Err)
	}

	o := e.opts()
	o.AssumeYes = false
	o.Confirm = func(string) bool { return false }
	if r := e.run(o, "nsfiles", "delete", "ns", "t/a.txt"); r.Code() != cmderr.Cancelled || r.Confirmations[0] != "Delete file '/t/a.txt' in ns?" {
		t.Fatalf("declined: %v %q", r.Err, r.Confirmations)
	}
	if r := e.run(o, "nsfiles", "delete", "ns", "t/sub", "-r"); r.Code() != cmderr.Cancelled ||
		r.Confirmations[0] != "Delete directory '/t/sub' and the 3 entries below it in ns?" {
		t.Fatalf("declined: %v %q", r.Err, r.Confirmations)
	}
	if r := e.run(e.opts(), "nsfiles", "delete", "ns", "t/sub"); r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "use --recursive") {
		t.Fatalf("directory without --recursive: %v", r.Err)
	}
	if r := e.run(e.opts(), "nsfiles", "delete", "ns", "t/missing"); r.Code() != cmderr.NotFound {
		t.Fatalf("missing: %v", r.Err)
	}
	if r := e.run(e.opts(), "nsfiles", "delete", "ns", "/"); r.Code() != cmderr.Usage {
		t.Fatalf("root: %v", r.Err)
	}
	// --force: a missing path is reported absent, no error; a missing
	// namespace is still one.
	r = e.ok("nsfiles", "delete", "ns", "t/missing", "--force")
	if rep := decodeReport[deleteResult](t, r); rep.Summary["absent"] != 1 || len(rep.Results) != 1 || rep.Results[0].Path != "/t/missing" {
		t.Fatalf("--force on a missing path: %+v", rep)
	}
	if r := e.run(e.opts(), "nsfiles", "delete", "nope.ns", "t/a.txt", "-f"); r.Code() != cmderr.NotFound || !strings.Contains(r.Err.Error(), "namespace") {
		t.Fatalf("--force on a missing namespace: %v", r.Err)
	}
	r = e.ok("nsfiles", "delete", "ns", "t/sub", "--recursive")
	rep := decodeReport[deleteResult](t, r)
	var paths []string
	for _, d := range rep.Results {
		paths = append(paths, d.Path+":"+d.Type+":"+d.Status)
	}
	if rep.Summary["deleted"] != 4 || strings.Join(paths, " ") != "/t/sub/deeper/c.txt:File:deleted /t/sub/b.txt:File:deleted /t/sub/deeper:Directory:deleted /t/sub:Directory:deleted" {
		t.Fatalf("report = %+v", rep)
	}
	if got := e.remoteFiles("ns"); strings.Join(got, " ") != "t/a.txt" {
		t.Fatalf("left = %v", got)
	}
}
