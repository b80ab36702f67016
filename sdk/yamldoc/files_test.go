package yamldoc_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
	"github.com/kestractl/kestractl/sdk/yamldoc"
)

type cli struct {
	Read struct {
		Files readCmd `cmd:""`
	} `cmd:""`
}

type readCmd struct {
	Paths []string `arg:""`
	o     *yamldoc.ReadOptions
	out   *[]yamldoc.File
}

func (r *readCmd) Run(c *plugin.Context) error {
	files, err := yamldoc.ReadFiles(c, r.Paths, *r.o)
	*r.out = files
	return err
}

func read(t *testing.T, cwd, stdin string, o yamldoc.ReadOptions, paths ...string) ([]yamldoc.File, *plugintest.Result) {
	t.Helper()
	var files []yamldoc.File
	p := plugin.Plugin{Name: "y", New: func() any {
		v := &cli{}
		v.Read.Files.o, v.Read.Files.out = &o, &files
		return v
	}}
	r := plugintest.Run(t, p, plugintest.Options{Cwd: cwd, Stdin: strings.NewReader(stdin)}, append([]string{"read", "files"}, paths...)...)
	return files, r
}

func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"flows/a.yaml": "id: a\n", "flows/sub/b.yml": "id: b\n", "flows/big.yaml": strings.Repeat("x", 2000)} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	o := yamldoc.ReadOptions{Recursive: true, Stdin: true, Limit: 1000}
	// A directory and a file in it: each file once, named as given; a file
	// over the limit carries its error; stdin once.
	files, r := read(t, dir, "id: s\n", o, "flows", "flows/a.yaml", "-", filepath.Join(dir, "flows", "sub"))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	var got []string
	for _, f := range files {
		got = append(got, fmt.Sprintf("%s=%q/%v", f.Name, f.Data, f.Err))
	}
	want := []string{`flows/a.yaml="id: a\n"/<nil>`, `flows/big.yaml=""/cannot read the file: larger than 1000 B`,
		`flows/sub/b.yml="id: b\n"/<nil>`, `<stdin>="id: s\n"/<nil>`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, tc := range []struct {
		o     yamldoc.ReadOptions
		stdin string
		paths []string
		err   string
	}{
		{o, "", []string{"-", "-"}, "standard input (-) can be given once"},
		{o, strings.Repeat("x", 1001), []string{"-"}, "read standard input: larger than 1000 B"},
		{o, "", []string{"nope"}, `path "nope" does not exist`},
		{yamldoc.ReadOptions{}, "", []string{"-"}, `path "-" does not exist`},
	} {
		if _, r := read(t, dir, tc.stdin, tc.o, tc.paths...); r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), tc.err) {
			t.Errorf("%v: %v, want %q", tc.paths, r.Err, tc.err)
		}
	}
}
