package plugintest

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/plugin"
)

type completeCLI struct {
	Say struct {
		Word string `arg:"" completer:"word"`
	} `cmd:""`
}

func (completeCLI) Run(*plugin.Context) error { return nil }

func TestComplete(t *testing.T) {
	p := plugin.Plugin{Name: "complete", New: func() any { return &completeCLI{} },
		Complete: func(c *plugin.Context, completer string, argv []string, partial string) ([]string, error) {
			// The context reaches the Host: credentials come from it.
			cr, err := c.Credentials(c, false)
			if err != nil {
				return nil, err
			}
			var out []string
			for _, w := range []string{"alpha", "beta", "alps", cr.Username, c.Server().Tenant, completer, strings.Join(argv, "+")} {
				if strings.HasPrefix(w, partial) {
					out = append(out, w)
				}
			}
			return out, nil
		}}
	got, err := Complete(t, p, Options{Username: "al-user", Tenant: "al-tenant"}, "al-word", "al", "say", "x")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "alpha,alps,al-user,al-tenant,al-word" {
		t.Errorf("got %v", got)
	}
	if _, err := Complete(t, plugin.Plugin{Name: "none", New: func() any { return &completeCLI{} }}, Options{}, "word", ""); err == nil {
		t.Error("a plugin without Complete completed")
	}
}
