package cmdline_test

import (
	"reflect"
	"testing"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/cmdline"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

func TestWantsHelp(t *testing.T) {
	g := cmdline.NewGlobalFlags(cli.Model())
	group := func(w string) *pb.Command {
		if w == "executions" {
			return testTree()
		}
		return nil
	}
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"executions"}, true},                         // a group alone
		{[]string{"executions", "-o", "json"}, true},           // global flags are not the command's
		{[]string{"executions", "--help"}, true},               // asked
		{[]string{"executions", "run", "-h"}, true},            // asked on a leaf
		{[]string{"executions", "run"}, false},                 // a leaf runs (and reports missing args)
		{[]string{"executions", "bogus"}, false},               // an unknown subcommand goes to the plugin
		{[]string{"executions", "--unknown"}, false},           // so does an unknown flag
		{[]string{"executions", "run", "--", "--help"}, false}, // after --, --help is an argument
		{[]string{"nope"}, false},                              // no group: nothing to show
	}
	for _, tt := range tests {
		l, err := cmdline.Split(tt.args, g, group)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.WantsHelp(); got != tt.want {
			t.Errorf("WantsHelp(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

func TestNode(t *testing.T) {
	g := cmdline.NewGlobalFlags(cli.Model())
	l, _ := cmdline.Split([]string{"executions", "ls"}, g, func(string) *pb.Command { return testTree() })
	if l.Node().GetName() != "list" {
		t.Fatalf("Node = %v", l.Node())
	}
	l, _ = cmdline.Split([]string{"nope"}, g, nil)
	if l.Node() != nil {
		t.Fatalf("Node without a group = %v", l.Node())
	}
}

func TestHelpArgs(t *testing.T) {
	tests := []struct{ args, want []string }{
		{[]string{"help"}, []string{"--help"}},
		{[]string{"help", "flows", "list"}, []string{"flows", "list", "--help"}},
		{[]string{"-o", "json", "help", "flows"}, []string{"-o", "json", "flows", "--help"}},
		{[]string{"help", "kv", "get", "help"}, []string{"kv", "get", "help", "--help"}},
	}
	for _, tt := range tests {
		if got := cmdline.HelpArgs(tt.args); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("HelpArgs(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

func TestGlobalFlagsFromTheModel(t *testing.T) {
	g := cmdline.NewGlobalFlags(cli.Model())
	// -h is not a global flag: it is the help request of any command.
	for _, args := range [][]string{{"-t", "x", "w"}, {"--token=x", "w"}, {"-y", "w"}, {"--insecure-skip-tls-verify", "w"}} {
		l, err := cmdline.Split(args, g, nil)
		if err != nil || l.Word != "w" || len(l.Globals) == 0 {
			t.Errorf("Split(%q) = %+v, %v", args, l, err)
		}
	}
	l, _ := cmdline.Split([]string{"-h", "w"}, g, nil)
	if !l.Help || len(l.Globals) != 0 {
		t.Errorf("Split(-h w) = %+v", l)
	}
}
