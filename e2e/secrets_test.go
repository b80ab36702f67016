package e2e

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
)

// manifestCommand is the part of a manifest node this test reads.
type manifestCommand struct {
	Name     string            `json:"name"`
	Hidden   bool              `json:"hidden"`
	Args     []manifestArg     `json:"args"`
	Flags    []manifestFlag    `json:"flags"`
	Children []manifestCommand `json:"children"`
}

type manifestArg struct {
	Name     string   `json:"name"`
	Required bool     `json:"required"`
	Enum     []string `json:"enum"`
}

type manifestFlag struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Enum     []string `json:"enum"`
}

// commandLines builds one runnable command line per leaf command of a
// plugin, from its manifest (`kestractl-<name> __describe`), with
// placeholder values for required arguments and flags.
func commandLines(t *testing.T, plugin string) [][]string {
	t.Helper()
	out, err := exec.Command(filepath.Join(binDir, plugin), "__describe").Output()
	if err != nil {
		t.Fatalf("%s __describe: %v", plugin, err)
	}
	var m struct {
		Root manifestCommand `json:"root"`
	}
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	var lines [][]string
	var walk func(c manifestCommand, path []string)
	walk = func(c manifestCommand, path []string) {
		if c.Hidden {
			return
		}
		path = append(append([]string(nil), path...), c.Name)
		if len(c.Children) > 0 {
			for _, k := range c.Children {
				walk(k, path)
			}
			return
		}
		line := append([]string(nil), path...)
		for _, a := range c.Args {
			if a.Required {
				v := "placeholder"
				if len(a.Enum) > 0 {
					v = a.Enum[0]
				}
				line = append(line, v)
			}
		}
		for _, f := range c.Flags {
			if !f.Required {
				continue
			}
			v := "placeholder"
			if len(f.Enum) > 0 {
				v = f.Enum[0]
			}
			line = append(line, "--"+f.Name+"="+v)
		}
		lines = append(lines, line)
	}
	for _, g := range m.Root.Children {
		walk(g, nil)
	}
	return lines
}

// TestVerboseNeverPrintsACredential runs every command of every bundled
// plugin with --verbose and fake credentials (token, basic, a credential
// header, secret flags), against kestrasim: no credential appears on
// stdout or stderr.
func TestVerboseNeverPrintsACredential(t *testing.T) {
	t.Parallel()
	s := startSim(t, "--token", "SIM-TOKEN-0000")
	plugins, _ := filepath.Glob(filepath.Join(binDir, "kestractl-*"))
	sort.Strings(plugins)
	secrets := []string{"FAKE-TOKEN-1234", "FAKE-PASS-5678", "FAKE-HDR-9012", "FAKE-MAVEN-3456", "RkFLRS1VU0VS"}
	auths := [][]string{
		{"--token", "FAKE-TOKEN-1234"},
		{"--username", "FAKE-USER", "--password", "FAKE-PASS-5678"},
	}
	// One subtest per command line, in parallel: they grow with the
	// commands.
	var ran atomic.Int32
	t.Run("lines", func(t *testing.T) {
		for _, p := range plugins {
			for _, line := range commandLines(t, filepath.Base(p)) {
				t.Run(strings.Join(line, " "), func(t *testing.T) {
					t.Parallel()
					for _, auth := range auths {
						args := append([]string{"--verbose", "--host", s.URL, "--header", "Authorization:Bearer FAKE-HDR-9012", "--yes"}, auth...)
						args = append(args, line...)
						env := append(isolatedEnv(t), "KESTRACTL_MAVEN_PASSWORD=FAKE-MAVEN-3456",
							"KESTRACTL_PLUGINS_API="+s.URL+"/v1", "KESTRACTL_MAVEN_REPOSITORY="+s.URL+"/maven2")
						stdout, stderr, _ := cli(t, env, args...)
						for _, secret := range secrets {
							if strings.Contains(stdout, secret) || strings.Contains(stderr, secret) {
								t.Errorf("kestractl %s printed %s:\nstdout: %s\nstderr: %s", strings.Join(args, " "), secret, stdout, stderr)
							}
						}
						ran.Add(1)
					}
				})
			}
		}
	})
	if ran.Load() < 40 {
		t.Fatalf("only %d command lines ran", ran.Load())
	}
	t.Logf("%d command lines checked", ran.Load())
}
