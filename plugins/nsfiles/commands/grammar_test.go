package commands

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

func TestListGrammar(t *testing.T) {
	e := newEnv(t)
	for i := range 45 {
		e.write(fmt.Sprintf("many/f%02d.txt", i), "x")
	}
	e.write("many/sub/deep.txt", "deep")
	e.ok("nsfiles", "upload", "ns", "many/", "--allow-missing-namespace")
	table := e.opts()
	table.Format = "table"
	for _, tc := range []struct {
		argv   []string
		want   int
		footer string
	}{
		{nil, 30, "Showing 30 of 46 entries; use --limit or --all"},
		{[]string{"-L", "5"}, 5, "Showing 5 of 46 entries; use --limit or --all"},
		{[]string{"--all"}, 46, "Showing 46 of 46 entries"},
		{[]string{"--all", "-r"}, 47, "Showing 47 of 47 entries"},
		{[]string{"--page", "2", "--size", "20"}, 20, "Page 2 of 3: 20 of 46 entries"},
		{[]string{"sub"}, 1, "Showing 1 of 1 entry"},
		{[]string{"--path", "/sub/"}, 1, "Showing 1 of 1 entry"},
		{[]string{"sub/deep.txt"}, 1, "Showing 1 of 1 entry"},
	} {
		r := e.run(table, append([]string{"nsfiles", "list", "ns"}, tc.argv...)...)
		if r.Err != nil || len(r.Records) != tc.want || r.Footer != tc.footer {
			t.Errorf("%v: %v, %d records, footer %q; want %d, %q", tc.argv, r.Err, len(r.Records), r.Footer, tc.want, tc.footer)
		}
	}
	// -n: the one argument is the directory.
	r := e.ok("nsfiles", "list", "-n", "ns", "sub")
	if len(r.Records) != 1 || r.Records[0]["fileName"] != "deep.txt" {
		t.Fatalf("-n ns sub: %v", r.Records)
	}
	// The items are the server's FileAttributes, keys in the server's order;
	// with --recursive, fileName is the path below the listed directory.
	r = e.ok("nsfiles", "list", "ns", "--all", "-r")
	if keys := plugintest.JSONKeys(t, r.RawRecords[0]); strings.Join(keys, ",") != "fileName,lastModifiedTime,creationTime,type,size" {
		t.Errorf("item keys = %v", keys)
	}
	last := r.Records[len(r.Records)-1]
	if last["fileName"] != "sub/deep.txt" || fmt.Sprint(last["size"]) != "4" || last["type"] != "File" {
		t.Errorf("last = %v", last)
	}
	for _, argv := range [][]string{
		{"nsfiles", "list"},
		{"nsfiles", "list", "ns", "a", "--path", "b"},
		{"nsfiles", "list", "ns", "a", "-n", "other"},
		{"nsfiles", "list", "ns", "--all", "-L", "3"},
	} {
		if r := e.run(e.opts(), argv...); r.Code() != cmderr.Usage {
			t.Errorf("%v: %v", argv, r.Err)
		}
	}
	for _, argv := range [][]string{
		{"nsfiles", "list", "no.such"},
		{"nsfiles", "list", "-n", "no.such", "dir"},
		{"nsfiles", "get", "no.such", "file.txt"},
	} {
		r := e.run(e.opts(), argv...)
		if r.Code() != cmderr.NotFound || r.Err.Error() != `namespace "no.such" not found` {
			t.Errorf("%v: %v %v", argv, r.Code(), r.Err)
		}
	}
}

func TestGetDirectoryDownload(t *testing.T) {
	e := newEnv(t)
	e.write("tree/a.txt", "A")
	e.write("tree/sub/b.txt", "BB")
	e.write("tree/sub/deeper/c.txt", "CCC")
	e.ok("nsfiles", "upload", "ns", "tree", "--allow-missing-namespace")

	// Into an existing directory: under the remote directory's name.
	if err := os.Mkdir(filepath.Join(e.cwd, "backup"), 0o755); err != nil {
		t.Fatal(err)
	}
	r := e.ok("nsfiles", "get", "ns", "tree", "-O", "backup")
	rep := decodeReport[downloadResult](t, r)
	want := []downloadResult{
		{Status: "downloaded", Path: "/tree/a.txt", File: filepath.Join(e.cwd, "backup/tree/a.txt"), Size: 1},
		{Status: "downloaded", Path: "/tree/sub/b.txt", File: filepath.Join(e.cwd, "backup/tree/sub/b.txt"), Size: 2},
		{Status: "downloaded", Path: "/tree/sub/deeper/c.txt", File: filepath.Join(e.cwd, "backup/tree/sub/deeper/c.txt"), Size: 3},
	}
	if rep.Summary["downloaded"] != 3 || fmt.Sprint(rep.Results) != fmt.Sprint(want) {
		t.Fatalf("report = %+v", rep)
	}
	for _, w := range want {
		if b, err := os.ReadFile(w.File); err != nil || int64(len(b)) != w.Size {
			t.Errorf("%s: %q %v", w.File, b, err)
		}
	}
	// Into a new directory: it becomes the copy (as cp -r).
	o := e.opts()
	o.Format = "table"
	r = e.run(o, "nsfiles", "get", "ns", "tree/sub", "-O", "copy")
	if r.Err != nil || r.Footer != "2 files: 2 downloaded" || len(r.Records) != 2 {
		t.Fatalf("table: %v %q %v", r.Err, r.Footer, r.Records)
	}
	if b, _ := os.ReadFile(filepath.Join(e.cwd, "copy", "deeper", "c.txt")); string(b) != "CCC" {
		t.Fatalf("copy/deeper/c.txt = %q", b)
	}
}

func TestGetBinaryNotToATerminal(t *testing.T) {
	e := newEnv(t)
	e.write("bin/blob", "\x00\x01\x02binary")
	e.write("bin/text.txt", "héllo\n")
	e.ok("nsfiles", "upload", "ns", "bin", "--allow-missing-namespace")
	o := e.opts()
	o.Terminal = &plugin.Terminal{StdoutTTY: true}
	r := e.run(o, "nsfiles", "get", "ns", "bin/blob")
	if r.Code() != cmderr.Usage || r.Stdout != "" || !strings.Contains(r.Err.Hint, "-O FILE") {
		t.Fatalf("binary to a terminal: %v %q", r.Err, r.Stdout)
	}
	if r := e.run(o, "nsfiles", "get", "ns", "bin/text.txt"); r.Err != nil || r.Stdout != "héllo\n" {
		t.Fatalf("text to a terminal: %v %q", r.Err, r.Stdout)
	}
	// Without a terminal (a redirect), the bytes go through.
	if r := e.ok("nsfiles", "get", "ns", "bin/blob"); r.Stdout != "\x00\x01\x02binary" {
		t.Fatalf("redirect: %q", r.Stdout)
	}
}

func TestComplete(t *testing.T) {
	e := newEnv(t)
	e.write("c/scripts/etl.py", "x")
	e.write("c/scripts/extra.py", "x")
	e.write("c/readme.md", "x")
	e.ok("nsfiles", "upload", "company.team", "c/", "--allow-missing-namespace")
	o := plugintest.Options{Server: e.url, Username: plugintest.SimUser, Password: plugintest.SimPassword}
	for _, tc := range []struct {
		completer, partial string
		argv               []string
		want               string
	}{
		{"nsfile-path", "", []string{"nsfiles", "get", "company.team"}, "readme.md,scripts/"},
		{"nsfile-path", "scripts/e", []string{"nsfiles", "cat", "company.team"}, "scripts/etl.py,scripts/extra.py"},
		{"nsfile-path", "/scripts/et", []string{"nsfiles", "delete", "-r", "company.team"}, "/scripts/etl.py"},
		{"nsfile-path", "s", []string{"nsfiles", "list", "-n", "company.team"}, "scripts/"},
		{"nsfile-path", "", []string{"nsfiles", "upload", "company.team", "local.txt"}, "readme.md,scripts/"},
		{"nsfile-path", "", []string{"nsfiles", "upload", "--concurrency", "2", "company.team", "x", "--path"}, "readme.md,scripts/"},
		{"nsfile-path", "nope/", []string{"nsfiles", "get", "company.team"}, ""},
		{"namespace", "company", []string{"nsfiles", "get"}, "company,company.team"},
	} {
		got, err := plugintest.Complete(t, Plugin("test"), o, tc.completer, tc.partial, tc.argv...)
		if strings.Join(got, ",") != tc.want || (err != nil && tc.want != "") {
			t.Errorf("%s %v %q = %v %v, want %s", tc.completer, tc.argv, tc.partial, got, err, tc.want)
		}
	}
}

// TestGrammar: the grammar is valid and every command shows at least one
// example in its help.
func TestGrammar(t *testing.T) {
	if err := Plugin("test").Validate(); err != nil {
		t.Fatal(err)
	}
	plugintest.RequireExamples(t, Plugin("test"))
	plugintest.RequireGroupGrammars(t, Plugin("test"))
}
