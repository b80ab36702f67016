package plugintest_test

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

type docCLI struct {
	Show struct {
		Object showObject `cmd:""`
		Report showReport `cmd:""`
	} `cmd:""`
}

type showObject struct{}

func (showObject) Run(c *plugin.Context) error {
	return c.Object(map[string]any{"z": 1, "a": "x"})
}

type showReport struct{}

func (showReport) Run(c *plugin.Context) error {
	r := c.Report("things", plugin.Col("ID", "id"))
	for _, id := range []string{"a", "b"} {
		if err := r.Add("created", map[string]string{"id": id}); err != nil {
			return err
		}
	}
	return r.Close()
}

func TestDecode(t *testing.T) {
	p := plugin.Plugin{Name: "doc", New: func() any { return &docCLI{} }}
	o := plugintest.Options{Format: "json"}
	r := plugintest.Run(t, p, o, "show", "object")
	if m := r.Object(t); m["a"] != "x" || m["z"] != float64(1) {
		t.Fatalf("object %v", m)
	}
	if keys := plugintest.JSONKeys(t, r.Objects[0]); strings.Join(keys, ",") != "a,z" {
		t.Fatalf("keys %v", keys)
	}
	rep := plugintest.Run(t, p, o, "show", "report").Report(t)
	if rep.Summary["created"] != 2 || len(rep.Results) != 2 || rep.Results[1]["id"] != "b" {
		t.Fatalf("report %+v", rep)
	}
}
