package plugin_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

type lineCLI struct {
	KV struct {
		Get     lineGet `cmd:"" aliases:"show"`
		Secrets struct {
			List lineList `cmd:""`
		} `cmd:""`
	} `cmd:"" name:"kv"`
}

type lineGet struct {
	Namespace string   `arg:"" optional:""`
	Key       string   `arg:"" optional:""`
	TTL       string   `name:"ttl"`
	Output    string   `short:"O" name:"output-file"`
	Yes       bool     `short:"y"`
	Tag       []string `name:"tag" aliases:"label"`
}

func (lineGet) Run(*plugin.Context) error { return nil }

type lineList struct {
	Namespace string   `short:"n"`
	Count     int      `short:"c" type:"counter"`
	Args      []string `arg:"" optional:""`
}

func (lineList) Run(*plugin.Context) error { return nil }

// TestCompletionLine: flags that take a value never give an argument;
// commands are followed through aliases and nested groups.
func TestCompletionLine(t *testing.T) {
	p := plugin.Plugin{Name: "line", New: func() any { return &lineCLI{} },
		Complete: func(c *plugin.Context, _ string, argv []string, _ string) ([]string, error) {
			l := c.CompletionLine(argv)
			return []string{strings.Join(l.Command, " "), strings.Join(l.Args, ","), l.Flag("namespace"), l.Flag("ttl"), l.Flag("tag"),
				l.Flag("yes"), l.Namespace(), l.Arg(1), fmt.Sprint(l.Flag("output-file"))}, nil
		}}
	for _, tc := range []struct {
		argv []string
		want string
	}{
		{[]string{"kv", "get"}, "kv get||||||||"},
		{[]string{"kv", "get", "company.team"}, "kv get|company.team|||||company.team||"},
		{[]string{"kv", "show", "--ttl", "PT1H", "company.team", "-y", "key"}, "kv show|company.team,key||PT1H||true|company.team|key|"},
		{[]string{"kv", "get", "--ttl=P1D", "-O", "out.txt", "--label", "a=b", "ns.a"}, "kv get|ns.a||P1D|a=b||ns.a||out.txt"},
		{[]string{"kv", "get", "-Oout.txt", "--", "-x", "y"}, "kv get|-x,y||||||y|out.txt"},
		{[]string{"kv", "get", "--unknown", "x"}, "kv get|x|||||x||"},
		{[]string{"kv", "get", "not a namespace!"}, "kv get|not a namespace!|||||||"},
		{[]string{"kv", "secrets", "list", "-n", "prod", "-cc", "a"}, "kv secrets list|a|prod||||prod||"},
		{[]string{"kv", "secrets", "list", "get"}, "kv secrets list|get|||||get||"},
	} {
		got, err := plugintest.Complete(t, p, plugintest.Options{}, "x", "", tc.argv...)
		if err != nil || strings.Join(got, "|") != tc.want {
			t.Errorf("%q: %q %v, want %q", tc.argv, strings.Join(got, "|"), err, tc.want)
		}
	}
}
