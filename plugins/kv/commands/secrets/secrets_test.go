package secrets_test

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/kv/commands"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

const value = "s3cr3t-V@lue-4242"

type sim struct {
	t   *testing.T
	url string
}

func newSim(t *testing.T, args ...string) *sim {
	return &sim{t: t, url: plugintest.StartKestrasim(t, args...)}
}

func (s *sim) opts(format string, stdin io.Reader) plugintest.Options {
	return plugintest.Options{Server: s.url, Username: plugintest.SimUser, Password: plugintest.SimPassword, Format: format,
		AssumeYes: true, Stdin: stdin, Verbose: true}
}

// run runs argv and checks the secret value appears nowhere in what the
// command output, traces (-v) included.
func (s *sim) run(o plugintest.Options, argv ...string) *plugintest.Result {
	s.t.Helper()
	r := plugintest.Run(s.t, commands.Plugin("test"), o, argv...)
	var all strings.Builder
	all.WriteString(r.Stdout + r.Stderr + r.MessageText())
	for _, o := range r.Objects {
		all.Write(o)
	}
	for _, rec := range r.RawRecords {
		all.Write(rec)
	}
	if r.Err != nil {
		all.WriteString(r.Err.Error() + r.Err.Hint)
	}
	if strings.Contains(all.String(), value) {
		s.t.Fatalf("%v printed the secret value:\n%s", argv, all.String())
	}
	return r
}

func (s *sim) ok(o plugintest.Options, argv ...string) *plugintest.Result {
	s.t.Helper()
	r := s.run(o, argv...)
	if r.Err != nil {
		s.t.Fatalf("%v: %v (hint %q)", argv, r.Err, r.Err.Hint)
	}
	return r
}

func TestSetListPatchDelete(t *testing.T) {
	s := newSim(t)
	// From stdin, one trailing newline removed; the answer is the server's
	// metadata, never the value.
	r := s.ok(s.opts("json", strings.NewReader(value+"\n")), "secrets", "set", "company.team", "DB_PASSWORD", "-",
		"--description", "Warehouse password", "--tag", "env=prod")
	if got := string(r.Objects[0]); got != `[{"key":"DB_PASSWORD","namespace":"company.team","description":"Warehouse password","tags":[{"key":"env","value":"prod"}]}]` {
		t.Fatalf("set answered %s", got)
	}
	if !strings.Contains(r.MessageText(), "Secret 'DB_PASSWORD' created in company.team") {
		t.Errorf("messages %q", r.MessageText())
	}
	var traced bool
	for _, m := range r.Messages {
		traced = traced || m.Level == plugin.LevelDebug && strings.Contains(m.Text, "PUT ")
	}
	if !traced {
		t.Fatalf("-v traced no request: %q", r.MessageText())
	}
	// The value omitted reads stdin too; description and tags are kept.
	r = s.ok(s.opts("json", strings.NewReader("other-"+value)), "secrets", "set", "company.team", "DB_PASSWORD")
	if !strings.Contains(string(r.Objects[0]), `"description":"Warehouse password"`) || !strings.Contains(r.MessageText(), "updated") {
		t.Fatalf("rotation: %s %q", r.Objects[0], r.MessageText())
	}
	// A value typed on the line works but warns.
	r = s.ok(s.opts("json", nil), "secrets", "set", "company", "API_KEY", "typed-on-the-line")
	if !strings.Contains(r.MessageText(), "stays in the shell's history") {
		t.Errorf("no warning: %q", r.MessageText())
	}
	// On a terminal the value is prompted for, without echo.
	o := s.opts("json", nil)
	o.Terminal = &plugin.Terminal{StdinTTY: true, StderrTTY: true}
	var prompt plugin.Prompt
	o.Prompt = func(p plugin.Prompt) (string, error) { prompt = p; return value, nil }
	s.ok(o, "secrets", "set", "company", "TOKEN")
	if !prompt.Secret || prompt.Text != "Value of secret TOKEN" {
		t.Fatalf("prompt %+v", prompt)
	}

	got, err := plugintest.Complete(t, commands.Plugin("test"), s.opts("json", nil), "secret-key", "DB", "secrets", "delete", "company.team")
	if err != nil || strings.Join(got, ",") != "DB_PASSWORD" {
		t.Fatalf("completion %v %v", got, err)
	}

	tr := s.ok(s.opts("table", nil), "secrets", "list", "company.team")
	if len(tr.Records) != 1 || tr.Records[0]["key"] != "DB_PASSWORD" || tr.Records[0]["tagsText"] != "env=prod" || tr.Footer != "Showing 1 of 1 secret" {
		t.Fatalf("list: %v %q", tr.Records, tr.Footer)
	}
	r = s.ok(s.opts("json", nil), "secrets", "list", "--all")
	if len(r.RawRecords) != 3 || strings.Contains(string(r.RawRecords[0]), "tagsText") {
		t.Fatalf("list --all: %s", r.RawRecords)
	}
	if r := s.run(s.opts("json", nil), "secrets", "list", "nope.nope"); r.Code() != cmderr.NotFound {
		t.Fatalf("unknown namespace: %v", r.Err)
	}

	r = s.ok(s.opts("json", nil), "secrets", "patch", "company.team", "DB_PASSWORD", "--description", "Rotated monthly")
	if got := string(r.Objects[0]); !strings.Contains(got, `"description":"Rotated monthly"`) || !strings.Contains(got, `"env"`) {
		t.Fatalf("patch kept the tags? %s", got)
	}
	r = s.ok(s.opts("json", nil), "secrets", "patch", "company.team", "DB_PASSWORD", "--clear-tags")
	if got := string(r.Objects[0]); !strings.Contains(got, `"tags":[]`) || !strings.Contains(got, "Rotated monthly") {
		t.Fatalf("clear tags: %s", got)
	}
	if r := s.run(s.opts("json", nil), "secrets", "patch", "company.team", "NOPE", "--description", "x"); r.Code() != cmderr.NotFound {
		t.Fatalf("patch missing: %v", r.Err)
	}

	o = s.opts("json", nil)
	o.AssumeYes = false
	if r := s.run(o, "secrets", "delete", "company.team", "DB_PASSWORD"); r.Code() != cmderr.Usage ||
		r.Confirmations[0] != "Delete secret 'DB_PASSWORD' of company.team? Flows reading it will fail." {
		t.Fatalf("no --yes: %v %v", r.Err, r.Confirmations)
	}
	r = s.ok(s.opts("json", nil), "secrets", "delete", "company.team", "DB_PASSWORD")
	var res map[string]string
	if err := json.Unmarshal(r.Objects[0], &res); err != nil || res["status"] != "deleted" || res["key"] != "DB_PASSWORD" {
		t.Fatalf("delete: %s", r.Objects[0])
	}
	if r := s.run(s.opts("json", nil), "secrets", "delete", "company.team", "DB_PASSWORD"); r.Code() != cmderr.NotFound {
		t.Fatalf("delete twice: %v", r.Err)
	}
}

func TestSetRefusesBadInput(t *testing.T) {
	s := newSim(t)
	for _, tc := range []struct {
		argv  []string
		stdin string
		want  string
	}{
		{[]string{"secrets", "set", "company", "BAD KEY", "-"}, "x", "invalid secret key"},
		{[]string{"secrets", "set", "Bad NS", "K", "-"}, "x", "invalid namespace"},
		{[]string{"secrets", "set", "company", "K", "-"}, "\n", "is empty"},
		{[]string{"secrets", "set", "company", "K", "-", "--tag", "novalue"}, "x", "expected KEY=VALUE"},
		{[]string{"secrets", "set", "company", "K", "-"}, strings.Repeat("x", 1<<20+1), "larger than 1 MiB"},
		{[]string{"secrets", "patch", "company", "K"}, "", "nothing to change"},
		{[]string{"secrets", "patch", "company", "K", "--tag", "a=b", "--clear-tags"}, "", "exclude each other"},
	} {
		r := s.run(s.opts("json", strings.NewReader(tc.stdin)), tc.argv...)
		if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), tc.want) {
			t.Errorf("%v: %v %v, want %q", tc.argv, r.Code(), r.Err, tc.want)
		}
	}
}

func TestOpenSourceServer(t *testing.T) {
	s := newSim(t, "--edition", "oss")
	for _, argv := range [][]string{
		{"secrets", "set", "company", "K", "-"},
		{"secrets", "patch", "company", "K", "--description", "x"},
		{"secrets", "delete", "company", "K"},
	} {
		r := s.run(s.opts("json", strings.NewReader(value)), argv...)
		want := fmt.Sprintf("secrets: a Kestra Enterprise feature, but the server at %s runs the open-source edition", s.url)
		if r.Code() != cmderr.PermissionDenied || r.Err.Error() != want {
			t.Errorf("%v: %v %v", argv, r.Code(), r.Err)
		}
	}
}
