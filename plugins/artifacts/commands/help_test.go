package commands

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/plugintest"
)

// Every command shows examples (help, docs, README); the pipe pattern is
// among them, and the flags say their defaults.
func TestHelpHasExamples(t *testing.T) {
	p := Plugin("test")
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	m, err := p.Describe()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cmd  string
		want string
	}{
		{"list", "--format plain)\""},
		{"download", "--plugins \"$(kestractl plugins list 2.0.0"},
		{"download", "--keep-only-last-version --dry-run"},
		{"get", "kestractl plugins get io.kestra.plugin:plugin-aws:2.0.6"},
	} {
		c := m.Find("plugins", tc.cmd)
		if c == nil || len(c.Examples) == 0 {
			t.Fatalf("plugins %s: no examples", tc.cmd)
		}
		if !strings.Contains(strings.Join(c.Examples, "\n"), tc.want) {
			t.Errorf("plugins %s: no example with %q in %q", tc.cmd, tc.want, c.Examples)
		}
		for _, ex := range c.Examples {
			lines := strings.Split(ex, "\n")
			if !strings.HasPrefix(lines[len(lines)-1], "kestractl plugins ") {
				t.Errorf("plugins %s: example %q does not end with a command line", tc.cmd, ex)
			}
		}
	}
	keep := m.Find("plugins", "download").Flag("keep-only-last-version")
	if keep == nil || keep.Default == "true" || !strings.Contains(keep.Help, "public kestractl defaulted to true") {
		t.Fatalf("--keep-only-last-version: %+v", keep)
	}
	format := m.Find("plugins", "list").Flag("format")
	if format == nil || format.Default != "table" || strings.Join(format.Enum, ",") != "table,plain" {
		t.Fatalf("--format: %+v", format)
	}
}

func TestEveryCommandHasItsOwnGrammar(t *testing.T) {
	plugintest.RequireGroupGrammars(t, Plugin("test"))
}
