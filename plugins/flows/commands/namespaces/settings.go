package namespaces

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"slices"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// settingsFlags are the settings of a namespace that create and update
// take, with the public kestractl's names.
type settingsFlags struct {
	Description       *string  `placeholder:"TEXT" help:"Description of the namespace (on update, '' clears it)."`
	Variable          []string `sep:"none" placeholder:"KEY=VALUE" help:"Set a variable, repeatable; the value is a string (typed or nested values: --variables-file)."`
	VariablesFile     string   `name:"variables-file" placeholder:"FILE" help:"YAML or JSON mapping of variables (- reads stdin); on update it replaces every variable, --variable values apply on top."`
	plugin.LimitFlags `embed:"" set:"limits=the namespace's flows"`
}

// updateFlags are the settings only update takes: what to remove.
type updateFlags struct {
	UnsetVariable            []string `name:"unset-variable" sep:"none" placeholder:"KEY" help:"Remove a variable, repeatable."`
	plugin.LimitRemovalFlags `embed:""`
}

// maxVariablesFile bounds a variables file.
const maxVariablesFile = 16 << 20

// parsed is the settings flags read and checked.
type parsed struct {
	description *string
	variables   map[string]any // from --variables-file (nil: not given)
	set         [][2]string    // --variable, in order
	unset       []string
	limits      plugin.Limits
}

// empty reports whether nothing was asked.
func (p parsed) empty() bool {
	return p.description == nil && p.variables == nil && len(p.set) == 0 && len(p.unset) == 0 && p.limits.Empty()
}

// parse checks the flags locally, before anything is sent.
func (f settingsFlags) parse(c *plugin.Context, u updateFlags) (parsed, error) {
	p := parsed{description: f.Description, unset: u.UnsetVariable}
	if f.Description != nil && strings.ContainsFunc(*f.Description, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) {
		return p, cmderr.Usagef("invalid --description: it holds control characters")
	}
	for _, kv := range f.Variable {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return p, cmderr.Usagef("invalid --variable %q: expected KEY=VALUE", kv)
		}
		p.set = append(p.set, [2]string{k, v})
	}
	for _, k := range u.UnsetVariable {
		if strings.TrimSpace(k) == "" {
			return p, cmderr.Usagef("--unset-variable must not be empty")
		}
		if slices.ContainsFunc(p.set, func(s [2]string) bool { return s[0] == k }) {
			return p, cmderr.Usagef("variable %q is both set and unset: give one", k)
		}
	}
	if f.VariablesFile != "" {
		vars, err := readVariables(c, f.VariablesFile)
		if err != nil {
			return p, err
		}
		p.variables = vars
	}
	limits, err := f.LimitFlags.Parse(u.LimitRemovalFlags)
	if err != nil {
		return p, err
	}
	p.limits = limits
	return p, nil
}

// readVariables reads a YAML or JSON mapping of variables from a file
// (or stdin for -).
func readVariables(c *plugin.Context, name string) (map[string]any, error) {
	var r io.Reader
	if name == "-" {
		r = c.Stdin()
	} else {
		f, err := os.Open(c.Path(name))
		if err != nil {
			return nil, cmderr.Usagef("--variables-file: %v", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxVariablesFile+1))
	if err != nil {
		return nil, cmderr.Usagef("--variables-file %s: %v", name, err)
	}
	if len(b) > maxVariablesFile {
		return nil, cmderr.Usagef("--variables-file %s is larger than 16 MiB", name)
	}
	vars := map[string]any{}
	if len(bytes.TrimSpace(b)) == 0 {
		return vars, nil
	}
	if err := yaml.Unmarshal(b, &vars); err != nil {
		return nil, cmderr.Usagef("--variables-file %s is not a YAML or JSON mapping of variables: %v", name, firstLine(err.Error()))
	}
	// yaml.v3 decodes nested mappings with string keys as map[string]any;
	// anything else (a mapping with non-string keys) cannot be JSON.
	if _, err := json.Marshal(vars); err != nil {
		return nil, cmderr.Usagef("--variables-file %s: %v", name, err)
	}
	return vars, nil
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// apply writes the settings into a namespace document (the current one
// on update, a new one on create).
func (p parsed) apply(doc map[string]any) error {
	if p.description != nil {
		if *p.description == "" {
			delete(doc, "description")
		} else {
			doc["description"] = *p.description
		}
	}
	if p.variables != nil || len(p.set) > 0 || len(p.unset) > 0 {
		vars := map[string]any{}
		if cur, ok := doc["variables"].(map[string]any); ok {
			vars = cur
		}
		if p.variables != nil {
			vars = p.variables
		}
		for _, kv := range p.set {
			vars[kv[0]] = kv[1]
		}
		for _, k := range p.unset {
			delete(vars, k)
		}
		if len(vars) == 0 {
			delete(doc, "variables")
		} else {
			doc["variables"] = vars
		}
	}
	return p.limits.Apply(doc, "namespace")
}
