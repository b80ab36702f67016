package commands_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/content/commands"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

func contentPlugin() plugin.Plugin { return commands.Plugin("test") }

func opts(url string) plugintest.Options {
	return plugintest.Options{Server: url, Username: plugintest.SimUser, Password: plugintest.SimPassword, Format: "json"}
}

func tableOpts(url string) plugintest.Options {
	o := opts(url)
	o.Format = "table"
	return o
}

// run runs a command that must succeed.
func run(t *testing.T, o plugintest.Options, argv ...string) *plugintest.Result {
	t.Helper()
	r := plugintest.Run(t, contentPlugin(), o, argv...)
	if r.Err != nil {
		t.Fatalf("%s: %v (hint: %s)\n%s", strings.Join(argv, " "), r.Err, r.Err.Hint, r.Stderr)
	}
	return r
}

// write writes files (name → content) into a new directory.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// deployFlow creates a flow on the simulator (the flows plugin's job; a
// plain API call here).
func deployFlow(t *testing.T, url, src string) {
	t.Helper()
	method, path := http.MethodPost, url+"/api/v1/main/flows"
	req, _ := http.NewRequest(method, path, strings.NewReader(src))
	req.Header.Set("Content-Type", "application/x-yaml")
	req.SetBasicAuth(plugintest.SimUser, plugintest.SimPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusUnprocessableEntity || resp.StatusCode == http.StatusConflict {
		var ns, id string
		for _, line := range strings.Split(src, "\n") {
			if v, ok := strings.CutPrefix(line, "namespace: "); ok {
				ns = v
			}
			if v, ok := strings.CutPrefix(line, "id: "); ok && id == "" {
				id = v
			}
		}
		req, _ = http.NewRequest(http.MethodPut, url+"/api/v1/main/flows/"+ns+"/"+id, strings.NewReader(src))
		req.Header.Set("Content-Type", "application/x-yaml")
		req.SetBasicAuth(plugintest.SimUser, plugintest.SimPassword)
		if resp, err = http.DefaultClient.Do(req); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("deploy flow: HTTP %d", resp.StatusCode)
	}
}

// TestEveryCommandHasAnExample: every command shows at least one example
// in its help.
func TestEveryCommandHasAnExample(t *testing.T) { plugintest.RequireExamples(t, contentPlugin()) }

func TestEveryGroupHasItsOwnGrammar(t *testing.T) {
	plugintest.RequireGroupGrammars(t, contentPlugin())
}

// startExecution runs a flow to its end.
func startExecution(t *testing.T, url, ns, id string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/main/executions/"+ns+"/"+id+"?wait=true", nil)
	req.SetBasicAuth(plugintest.SimUser, plugintest.SimPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("execution of %s/%s: HTTP %d", ns, id, resp.StatusCode)
	}
}
