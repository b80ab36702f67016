package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const modulePrefix = "github.com/kestractl/kestractl/"

// deps lists the packages (with test dependencies) the packages under dir
// import.
func deps(t *testing.T, dir string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-test", "-f", "{{.ImportPath}}", "./...")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list in %s: %v\n%s", dir, err, out)
	}
	return strings.Fields(string(out))
}

// TestDependencyRule enforces the layout's rule: plugins import only the
// sdk (never core, never another plugin); the core and cmd/kestractl link no
// plugin; kestrasim imports neither core nor plugins; the sdk imports
// nothing else of this repository.
func TestDependencyRule(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	plugins, _ := filepath.Glob(filepath.Join(root, "plugins", "*", "go.mod"))
	if len(plugins) == 0 {
		t.Fatal("no plugin modules found")
	}
	type rule struct {
		dir     string
		allowed func(pkg string) bool
	}
	var rules []rule
	for _, gomod := range plugins {
		dir := filepath.Dir(gomod)
		self := modulePrefix + "plugins/" + filepath.Base(dir)
		rules = append(rules, rule{dir, func(p string) bool {
			return strings.HasPrefix(p, modulePrefix+"sdk") || strings.HasPrefix(p, self)
		}})
	}
	rules = append(rules,
		rule{filepath.Join(root, "sdk"), func(p string) bool { return strings.HasPrefix(p, modulePrefix+"sdk") }},
		rule{filepath.Join(root, "core"), func(p string) bool {
			return strings.HasPrefix(p, modulePrefix+"sdk") || strings.HasPrefix(p, modulePrefix+"core")
		}},
		rule{filepath.Join(root, "cmd"), func(p string) bool {
			return strings.HasPrefix(p, modulePrefix+"sdk") || strings.HasPrefix(p, modulePrefix+"core") || strings.HasPrefix(p, modulePrefix+"cmd")
		}},
	)
	if _, err := os.Stat(filepath.Join(root, "kestrasim", "go.mod")); err == nil {
		rules = append(rules, rule{filepath.Join(root, "kestrasim"), func(p string) bool { return strings.HasPrefix(p, modulePrefix+"kestrasim") }})
	}
	for _, r := range rules {
		rel, _ := filepath.Rel(root, r.dir)
		t.Run(rel, func(t *testing.T) {
			for _, p := range deps(t, r.dir) {
				if strings.HasPrefix(p, modulePrefix) && !r.allowed(p) {
					t.Errorf("%s imports %s, which the dependency rule forbids", rel, p)
				}
			}
		})
	}
}

// directImports lists, per package under dir (tests included), the
// packages it imports itself.
func directImports(t *testing.T, dir string) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-test", "-f", "{{.ImportPath}} {{join .Imports \" \"}} {{join .TestImports \" \"}} {{join .XTestImports \" \"}}", "./...")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list in %s: %v\n%s", dir, err, out)
	}
	imports := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 {
			imports[f[0]] = append(imports[f[0]], f[1:]...)
		}
	}
	return imports
}

// TestPluginsSeeGoTypes enforces that plugin code — the bundled plugins and
// the example third-party plugin — is written against the SDK's Go types:
// none of it imports the protocol's generated code, protobuf or gRPC, so a
// plugin is not tied to the wire schema.
func TestPluginsSeeGoTypes(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dirs, _ := filepath.Glob(filepath.Join(root, "plugins", "*"))
	dirs = append(dirs, filepath.Join(root, "examples", "hello-plugin"), filepath.Join(root, "e2e", "testplugin"))
	forbidden := []string{modulePrefix + "sdk/wire", "google.golang.org/protobuf", "google.golang.org/grpc", "github.com/hashicorp/go-plugin"}
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil && !strings.HasSuffix(dir, "testplugin") {
			continue
		}
		rel, _ := filepath.Rel(root, dir)
		t.Run(rel, func(t *testing.T) {
			for pkg, imps := range directImports(t, dir) {
				for _, imp := range imps {
					for _, f := range forbidden {
						if imp == f || strings.HasPrefix(imp, f+"/") {
							t.Errorf("%s imports %s: plugins use sdk/plugin's Go types, not the protocol", pkg, imp)
						}
					}
				}
			}
		})
	}
}
