package completion

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/cmdline"
	"github.com/kestractl/kestractl/core/discovery"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// values answers contexts and dynamic values, and records what was asked.
type values struct{ asked []string }

func (v *values) Contexts() []Candidate {
	return []Candidate{{"dev", "http://localhost:8080"}, {"prod", "https://kestra.example.com"}}
}

func (v *values) Dynamic(completer string, line *cmdline.Line, partial string) []string {
	v.asked = append(v.asked, completer+" "+strings.Join(line.Rest, " ")+" "+partial)
	return []string{"company.team", "company.ops"}
}

func flowsManifest() *pb.Manifest {
	return &pb.Manifest{Name: "flows", Root: &pb.Command{Children: []*pb.Command{{
		Name: "flows", Help: "Manage flows.\nSecond line.",
		Flags: []*pb.Flag{{Name: "tenant-wide", Type: "bool", Help: "Group flag."}},
		Children: []*pb.Command{
			{
				Name: "list", Help: "List flows.",
				Args: []*pb.Arg{{Name: "namespace", Completer: "namespace"}, {Name: "state", Enum: []string{"ACTIVE", "DISABLED"}}},
				Flags: []*pb.Flag{
					{Name: "namespace", Short: "n", Type: "string", Completer: "namespace", Help: "Namespace."},
					{Name: "sort", Type: "string", Enum: []string{"id", "namespace"}},
					{Name: "wait", Type: "bool"},
					{Name: "hidden", Type: "string", Hidden: true},
				},
			},
			{Name: "get", Help: "Get a flow."},
			{Name: "deploy", Help: "Deploy flows.", Args: []*pb.Arg{{Name: "path", Completer: "file", Variadic: true}},
				Flags: []*pb.Flag{{Name: "state", Type: "[]string", Enum: []string{"FAILED", "SUCCESS"}}, {Name: "out", Type: "path"}}},
			{Name: "internal", Hidden: true},
		},
	}}}}
}

func completer(t *testing.T) (*Completer, *values) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "kestractl-flows"), []byte("x"), 0o755); err != nil {
		t.Fatal(err)
	}
	cat, err := discovery.Load(context.Background(), discovery.Options{
		Dirs:     []discovery.Dir{{Path: dir, Source: discovery.SourceBundled}},
		Describe: func(context.Context, string) (*pb.Manifest, error) { return flowsManifest(), nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	core := &pb.Command{Children: []*pb.Command{
		{Name: "config", Help: "Manage contexts.", Children: []*pb.Command{{Name: "use", Args: []*pb.Arg{{Name: "name", Completer: "context"}}}}},
		{Name: "completion", Help: "Print a script.", Args: []*pb.Arg{{Name: "shell", Completer: "shell", Enum: []string{"bash", "zsh", "fish"}}}},
		{Name: "__secret", Hidden: true},
	}}
	model := cli.Model()
	v := &values{}
	return &Completer{Core: core, Globals: cli.GlobalFlags(model), Flags: cmdline.NewGlobalFlags(model), Catalog: cat, Values: v}, v
}

// complete returns what `kestractl __complete WORDS PARTIAL` prints.
func complete(c *Completer, words []string, partial string) string {
	var b bytes.Buffer
	Write(&b, c.Candidates(words, partial), partial)
	return b.String()
}

func TestCandidates(t *testing.T) {
	tests := []struct {
		name    string
		words   []string
		partial string
		want    string
	}{
		{"first words", nil, "", "completion\tPrint a script.\nconfig\tManage contexts.\nflows\tManage flows.\nhelp\tShow help for a command.\n"},
		{"first words by prefix", nil, "co", "completion\tPrint a script.\nconfig\tManage contexts.\n"},
		{"after global flags", []string{"-o", "json", "-y"}, "fl", "flows\tManage flows.\n"},
		{"subcommands", []string{"flows"}, "", "deploy\tDeploy flows.\nget\tGet a flow.\nlist\tList flows.\n"},
		{"nothing under an unknown group", []string{"nope"}, "", ""},
		{"flags of the command, its group, then global flags", []string{"flows", "list"}, "--n", "--namespace\tNamespace.\n--no-headers\tPrint tables without their header line.\n"},
		{"group flags", []string{"flows", "list"}, "--te", "--tenant\tTenant.\n--tenant-wide\tGroup flag.\n"},
		{"help flag", []string{"flows"}, "--he", "--header\tExtra HTTP header Key:Value (repeatable; also $KESTRACTL_HEADER: entries one per line or comma-separated).\n--help\tShow help.\n"},
		{"output formats", []string{"flows", "list", "-o"}, "", "json\ntable\nyaml\n"},
		{"log levels", []string{"--log-level"}, "d", "debug\n"},
		{"contexts of --context", []string{"--context"}, "", "dev\thttp://localhost:8080\nprod\thttps://kestra.example.com\n"},
		{"a global flag without values", []string{"--host"}, "", ""},
		{"a flag's enum", []string{"flows", "list", "--sort"}, "", "id\nnamespace\n"},
		{"a flag's dynamic values", []string{"flows", "list", "-n"}, "company.t", "company.team\n"},
		{"a boolean flag is no value: the next argument is", []string{"flows", "list", "--wait"}, "", "company.ops\ncompany.team\n"},
		{"second argument's enum", []string{"flows", "list", "company.team"}, "", "ACTIVE\nDISABLED\n"},
		{"no more arguments", []string{"flows", "list", "a", "b"}, "", ""},
		{"a core argument's shells", []string{"completion"}, "", "bash\nfish\npowershell\nzsh\n"},
		{"a core argument's contexts", []string{"config", "use"}, "p", "prod\thttps://kestra.example.com\n"},
		{"--flag=value completes the value", []string{"flows", "list"}, "--sort=na", "--sort=namespace\n"},
		{"--output=value", []string{"flows", "list"}, "--output=j", "--output=json\n"},
		{"-o=value", nil, "-o=y", "-o=yaml\n"},
		{"--flag= of a flag without values", []string{"flows", "list"}, "--namespace=company.o", "--namespace=company.ops\n"},
		{"--flag= of a boolean is nothing", []string{"flows", "list"}, "--wait=", ""},
		{"a repeatable enum flag", []string{"flows", "deploy", "--state", "FAILED", "--state"}, "S", "SUCCESS\n"},
		{"a file argument asks the shell for files", []string{"flows", "deploy"}, "fl", ":files\n"},
		{"a path flag asks for files", []string{"flows", "deploy", "--out"}, "", ":files\n"},
		{"--out= asks for files", []string{"flows", "deploy"}, "--out=", ":files\n"},
		{"a global file flag", nil, "--ca-cert=", ":files\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := completer(t)
			if got := complete(c, tt.words, tt.partial); got != tt.want {
				t.Fatalf("complete(%q, %q) =\n%s\nwant\n%s", tt.words, tt.partial, got, tt.want)
			}
		})
	}
}

// The plugin gets the line without the global flags, the flag being
// completed included.
func TestDynamicValuesGetTheLine(t *testing.T) {
	c, v := completer(t)
	complete(c, []string{"--context", "prod", "flows", "list", "--namespace"}, "comp")
	if len(v.asked) != 1 || v.asked[0] != "namespace flows list --namespace comp" {
		t.Fatalf("asked %q", v.asked)
	}
}

func TestCandidatesWithoutCatalog(t *testing.T) {
	c, _ := completer(t)
	c.Catalog = nil
	if got := complete(c, nil, ""); got != "completion\tPrint a script.\nconfig\tManage contexts.\nhelp\tShow help for a command.\n" {
		t.Fatalf("first words = %q", got)
	}
	if got := complete(c, []string{"flows"}, ""); got != "" {
		t.Fatalf("flows = %q", got)
	}
}

func TestWrite(t *testing.T) {
	var b bytes.Buffer
	Write(&b, []Candidate{{"b", "B.\nmore"}, {"a", ""}, {"b", "again"}, {"ab", "AB."}, {"c", ""}}, "a")
	if b.String() != "a\nab\tAB.\n" {
		t.Fatalf("Write = %q", b.String())
	}
	b.Reset()
	Write(&b, []Candidate{{"b", "B.\nmore"}, {"a", ""}, {"b", "again"}}, "")
	if b.String() != "a\nb\tB.\n" {
		t.Fatalf("Write = %q", b.String())
	}
}

func TestScript(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		s, err := Script(shell)
		if err != nil || !strings.Contains(s, "kestractl "+Command) || !strings.Contains(s, shell+" completion for kestractl") {
			t.Errorf("Script(%s) = %q, %v", shell, s, err)
		}
	}
	if _, err := Script("tcsh"); err == nil {
		t.Error("a script for tcsh")
	}
}
