package app

import (
	"reflect"
	"strings"
	"testing"

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
	g := newGlobalFlags(mustParser(&CLI{}).Model)
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
			r, err := split(tt.args, g, group)
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
			for _, n := range r.path {
				path = append(path, n.GetName())
			}
			if r.word != tt.wantWord || !reflect.DeepEqual(r.globals, tt.wantGlobals) || !reflect.DeepEqual(r.rest, tt.wantRest) ||
				r.help != tt.wantHelp || strings.Join(path, " ") != tt.wantPath {
				t.Fatalf("split(%q) =\n word=%q\n globals=%q\n rest=%q\n help=%v\n path=%q", tt.args, r.word, r.globals, r.rest, r.help, path)
			}
			if tt.wantSecrets == nil {
				tt.wantSecrets = map[string]string{}
			}
			if !reflect.DeepEqual(r.secrets, tt.wantSecrets) {
				t.Fatalf("secrets = %v", r.secrets)
			}
		})
	}
}

func TestSecretsFromEnv(t *testing.T) {
	g := newGlobalFlags(mustParser(&CLI{}).Model)
	r, err := split([]string{"executions", "run", "ns", "f"}, g, func(string) *pb.Command { return testTree() })
	if err != nil {
		t.Fatal(err)
	}
	secretsFromEnv(r, func(k string) string { return map[string]string{"KESTRACTL_API_KEY": "from-env"}[k] })
	if r.secrets["api-key"] != "from-env" {
		t.Fatalf("secrets = %v", r.secrets)
	}
}

func TestPluginEnvDropsSecrets(t *testing.T) {
	env := pluginEnv([]string{
		"PATH=/bin", "HOME=/h", "KESTRACTL_TOKEN=t", "KESTRACTL_PASSWORD=p", "KESTRACTL_USERNAME=u",
		"KESTRACTL_HOST=http://h", "KESTRACTL_MAVEN_PASSWORD=m", "AWS_SECRET_ACCESS_KEY=a", "GITHUB_TOKEN=g",
		"HTTPS_PROXY=http://proxy", "LC_ALL=C", "KESTRACTL_PLUGIN_PATH=/p", "RANDOM=1",
	}, "debug")
	got := strings.Join(env, " ")
	for _, bad := range []string{"KESTRACTL_TOKEN", "KESTRACTL_PASSWORD", "KESTRACTL_USERNAME", "MAVEN_PASSWORD", "AWS_SECRET", "GITHUB_TOKEN", "RANDOM"} {
		if strings.Contains(got, bad) {
			t.Errorf("plugin env holds %s: %s", bad, got)
		}
	}
	for _, good := range []string{"PATH=/bin", "HOME=/h", "KESTRACTL_HOST=http://h", "HTTPS_PROXY=http://proxy", "LC_ALL=C", "KESTRACTL_PLUGIN_PATH=/p", "KESTRACTL_LOG=debug"} {
		if !strings.Contains(got, good) {
			t.Errorf("plugin env lacks %s: %s", good, got)
		}
	}
}

func TestSuggest(t *testing.T) {
	names := []string{"flows", "executions", "namespaces", "config", "version"}
	for word, want := range map[string]string{"flws": "flows", "exec": "executions", "confg": "config", "zzzzzz": ""} {
		if got := suggest(word, names); got != want {
			t.Errorf("suggest(%q) = %q, want %q", word, got, want)
		}
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("executions run -o json --host http://x ns f --wait")
	f.Add("-vy executions ls -- --help")
	f.Add("--api-key executions")
	g := newGlobalFlags(mustParser(&CLI{}).Model)
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Fields(line)
		r, err := split(args, g, func(w string) *pb.Command {
			if w == "executions" {
				return testTree()
			}
			return nil
		})
		if err != nil {
			return
		}
		// Nothing is lost or invented: every token lands somewhere.
		n := len(r.globals) + len(r.rest) + 2*len(r.secrets)
		if r.help {
			n++
		}
		if n < len(args)-len(r.secrets)*2-countHelp(args) || len(r.rest) > len(args) {
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
