package cmdline_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/cmdline"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

func testTree() *pb.Command {
	return &pb.Command{
		Name: "executions",
		Children: []*pb.Command{
			{
				Name: "run",
				Args: []*pb.Arg{{Name: "namespace", Required: true}, {Name: "flow-id", Required: true}},
				Flags: []*pb.Flag{
					{Name: "timeout", Type: "duration"},
					{Name: "wait", Type: "bool"},
					{Name: "input", Short: "i", Type: "[]string"},
					{Name: "api-key", Type: "string", Secret: true, Env: []string{"KESTRACTL_API_KEY"}},
				},
			},
			{Name: "list", Aliases: []string{"ls"}},
		},
	}
}

func TestSplit(t *testing.T) {
	g := cmdline.NewGlobalFlags(cli.Model())
	group := func(w string) *pb.Command {
		if w == "executions" {
			return testTree()
		}
		return nil
	}
	tests := []struct {
		name        string
		args        []string
		wantWord    string
		wantGlobals []string
		wantRest    []string
		wantHelp    bool
		wantPath    string
		wantSecrets map[string]string
		wantErr     string
	}{
		{
			name:        "globals anywhere",
			args:        []string{"-o", "json", "executions", "run", "--host", "http://h", "prod", "f", "--wait", "-t", "tok"},
			wantWord:    "executions",
			wantGlobals: []string{"-o", "json", "--host", "http://h", "-t", "tok"},
			wantRest:    []string{"executions", "run", "prod", "f", "--wait"},
			wantPath:    "executions run",
		},
		{
			name:        "equals and attached forms",
			args:        []string{"executions", "list", "--output=yaml", "-ojson", "-o=table", "--header=X:1"},
			wantWord:    "executions",
			wantGlobals: []string{"--output=yaml", "-o", "json", "-o", "table", "--header=X:1"},
			wantRest:    []string{"executions", "list"},
			wantPath:    "executions list",
		},
		{
			name:        "local flag shadows the global of the same name",
			args:        []string{"--timeout", "5s", "executions", "run", "ns", "f", "--timeout", "10m"},
			wantWord:    "executions",
			wantGlobals: []string{"--timeout", "5s"},
			wantRest:    []string{"executions", "run", "ns", "f", "--timeout", "10m"},
			wantPath:    "executions run",
		},
		{
			name:        "values of local flags are skipped, not walked",
			args:        []string{"executions", "run", "-i", "list", "--input", "x=1", "ns", "f"},
			wantWord:    "executions",
			wantRest:    []string{"executions", "run", "-i", "list", "--input", "x=1", "ns", "f"},
			wantPath:    "executions run",
			wantGlobals: nil,
		},
		{
			name:        "boolean short cluster",
			args:        []string{"executions", "ls", "-vy"},
			wantWord:    "executions",
			wantGlobals: []string{"-v", "-y"},
			wantRest:    []string{"executions", "ls"},
			wantPath:    "executions list",
		},
		{
			name:     "help anywhere before --",
			args:     []string{"executions", "run", "--help"},
			wantWord: "executions", wantHelp: true,
			wantRest: []string{"executions", "run"},
			wantPath: "executions run",
		},
		{
			name:     "everything after -- is the plugin's",
			args:     []string{"executions", "run", "ns", "f", "--", "-o", "--help"},
			wantWord: "executions",
			wantRest: []string{"executions", "run", "ns", "f", "--", "-o", "--help"},
			wantPath: "executions run",
		},
		{
			name:        "secret flags leave argv",
			args:        []string{"executions", "run", "ns", "f", "--api-key", "s3cret", "--wait"},
			wantWord:    "executions",
			wantRest:    []string{"executions", "run", "ns", "f", "--wait"},
			wantPath:    "executions run",
			wantSecrets: map[string]string{"api-key": "s3cret"},
		},
		{
			name:        "secret flag with equals",
			args:        []string{"executions", "run", "--api-key=k=v", "ns", "f"},
			wantWord:    "executions",
			wantRest:    []string{"executions", "run", "ns", "f"},
			wantPath:    "executions run",
			wantSecrets: map[string]string{"api-key": "k=v"},
		},
		{
			name:     "a positional that is not a child stops the walk",
			args:     []string{"executions", "run", "list", "x"},
			wantWord: "executions",
			wantRest: []string{"executions", "run", "list", "x"},
			wantPath: "executions run",
		},
		{name: "global value missing", args: []string{"executions", "list", "--host"}, wantErr: "flag --host needs a value"},
		{name: "short global value missing", args: []string{"executions", "list", "-o"}, wantErr: "flag -o needs a value"},
		{name: "secret value missing", args: []string{"executions", "run", "--api-key"}, wantErr: "flag --api-key needs a value"},
		{
			name:     "unknown group keeps the words",
			args:     []string{"--context", "prod", "nope", "x"},
			wantWord: "nope", wantGlobals: []string{"--context", "prod"}, wantRest: []string{"nope", "x"},
		},
		{name: "negative numbers are values", args: []string{"executions", "run", "-5"}, wantWord: "executions", wantRest: []string{"executions", "run", "-5"}, wantPath: "executions run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := cmdline.Split(tt.args, g, group)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var path []string
			for _, n := range r.Path {
				path = append(path, n.GetName())
			}
			if r.Word != tt.wantWord || !reflect.DeepEqual(r.Globals, tt.wantGlobals) || !reflect.DeepEqual(r.Rest, tt.wantRest) ||
				r.Help != tt.wantHelp || strings.Join(path, " ") != tt.wantPath {
				t.Fatalf("split(%q) =\n word=%q\n globals=%q\n rest=%q\n help=%v\n path=%q", tt.args, r.Word, r.Globals, r.Rest, r.Help, path)
			}
			if tt.wantSecrets == nil {
				tt.wantSecrets = map[string]string{}
			}
			if !reflect.DeepEqual(r.Secrets, tt.wantSecrets) {
				t.Fatalf("secrets = %v", r.Secrets)
			}
		})
	}
}

func TestSecretsFromEnv(t *testing.T) {
	g := cmdline.NewGlobalFlags(cli.Model())
	r, err := cmdline.Split([]string{"executions", "run", "ns", "f"}, g, func(string) *pb.Command { return testTree() })
	if err != nil {
		t.Fatal(err)
	}
	r.SecretsFromEnv(func(k string) string { return map[string]string{"KESTRACTL_API_KEY": "from-env"}[k] })
	if r.Secrets["api-key"] != "from-env" {
		t.Fatalf("secrets = %v", r.Secrets)
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("executions run -o json --host http://x ns f --wait")
	f.Add("-vy executions ls -- --help")
	f.Add("--api-key executions")
	g := cmdline.NewGlobalFlags(cli.Model())
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Fields(line)
		r, err := cmdline.Split(args, g, func(w string) *pb.Command {
			if w == "executions" {
				return testTree()
			}
			return nil
		})
		if err != nil {
			return
		}
		// Nothing is lost or invented: every token lands somewhere.
		n := len(r.Globals) + len(r.Rest) + 2*len(r.Secrets)
		if r.Help {
			n++
		}
		if n < len(args)-len(r.Secrets)*2-countHelp(args) || len(r.Rest) > len(args) {
			t.Fatalf("split(%q) lost tokens: %+v", args, r)
		}
	})
}

func countHelp(args []string) int {
	n := 0
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "--help" {
			n++
		}
	}
	return n
}
