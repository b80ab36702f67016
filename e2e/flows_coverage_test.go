package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFlowsScriptsCoverEveryCommand: every command of the flows and
// triggers groups is run, as typed, by a script of testdata/flows.
func TestFlowsScriptsCoverEveryCommand(t *testing.T) {
	out, err := exec.Command(filepath.Join(binDir, "kestractl-flows"), "__describe").Output()
	if err != nil {
		t.Fatalf("describe: %v", err)
	}
	var m struct {
		Root struct {
			Children []struct {
				Name     string `json:"name"`
				Children []struct {
					Name string `json:"name"`
				} `json:"children"`
			} `json:"children"`
		} `json:"root"`
	}
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	scripts, err := filepath.Glob("testdata/flows/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, s := range scripts {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	text := all.String()
	checked := 0
	for _, g := range m.Root.Children {
		if g.Name != "flows" && g.Name != "triggers" {
			continue
		}
		for _, c := range g.Children {
			// "kestractl [global flags] <group> <command>" at the start of a command line.
			re := regexp.MustCompile(`(?m)^(?:exec|exitcode \d+|! exec) kestractl (?:--\S+ \S+ )*` + g.Name + ` ` + regexp.QuoteMeta(c.Name) + `(?:\s|$)`)
			if !re.MatchString(text) {
				t.Errorf("no script of testdata/flows runs 'kestractl %s %s'", g.Name, c.Name)
			}
			checked++
		}
	}
	if checked < 60 {
		t.Fatalf("only %d commands checked: is the manifest complete?", checked)
	}
}
