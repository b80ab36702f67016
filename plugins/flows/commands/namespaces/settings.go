package namespaces

import (
	"bytes"
	"encoding/json"
	"fmt"
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
	Description         *string  `placeholder:"TEXT" help:"Description of the namespace (on update, '' clears it)."`
	Variable            []string `sep:"none" placeholder:"KEY=VALUE" help:"Set a variable, repeatable; the value is a string (typed or nested values: --variables-file)."`
	VariablesFile       string   `name:"variables-file" placeholder:"FILE" help:"YAML or JSON mapping of variables (- reads stdin); on update it replaces every variable, --variable values apply on top."`
	ConcurrencyLimit    *int     `name:"concurrency-limit" placeholder:"N" help:"At most N executions of the namespace's flows run at once."`
	ConcurrencyBehavior string   `name:"concurrency-behavior" values:"QUEUE,CANCEL,FAIL" placeholder:"QUEUE|CANCEL|FAIL" help:"What happens to an execution over the concurrency limit (default QUEUE)."`
	Quota               []string `sep:"none" placeholder:"duration=D,limit=N,behavior=B" help:"Execution quota, repeatable: at most limit executions per duration (ISO-8601, at least PT1M); over it they end FAILED or CANCELLED (behavior, default FAIL). On update it replaces the quota of the same duration."`
}

// updateFlags are the settings only update takes: what to remove.
type updateFlags struct {
	UnsetVariable      []string `name:"unset-variable" sep:"none" placeholder:"KEY" help:"Remove a variable, repeatable."`
	NoConcurrencyLimit bool     `name:"no-concurrency-limit" help:"Remove the concurrency limit."`
	RemoveQuota        []string `name:"remove-quota" sep:"none" placeholder:"DURATION" help:"Remove the quota of this duration (e.g. PT1H), repeatable."`
}

// maxVariablesFile bounds a variables file.
const maxVariablesFile = 16 << 20

// parsed is the settings flags read and checked.
type parsed struct {
	description *string
	variables   map[string]any // from --variables-file (nil: not given)
	set         [][2]string    // --variable, in order
	unset       []string
	concurrency *Concurrency // limit 0: keep the current limit
	behavior    string
	noLimit     bool
	quotas      []Quota
	removeQuota []string
}

// empty reports whether nothing was asked.
func (p parsed) empty() bool {
	return p.description == nil && p.variables == nil && len(p.set) == 0 && len(p.unset) == 0 &&
		p.concurrency == nil && p.behavior == "" && !p.noLimit && len(p.quotas) == 0 && len(p.removeQuota) == 0
}

// parse checks the flags locally, before anything is sent.
func (f settingsFlags) parse(c *plugin.Context, u updateFlags) (parsed, error) {
	p := parsed{description: f.Description, unset: u.UnsetVariable, noLimit: u.NoConcurrencyLimit}
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
	if f.ConcurrencyBehavior != "" {
		b, err := concurrencyBehavior(f.ConcurrencyBehavior)
		if err != nil {
			return p, err
		}
		p.behavior = b
	}
	if f.ConcurrencyLimit != nil {
		if *f.ConcurrencyLimit < 1 {
			return p, cmderr.Usagef("invalid --concurrency-limit %d: it must be at least 1 (on update, --no-concurrency-limit removes the limit)", *f.ConcurrencyLimit)
		}
		p.concurrency = &Concurrency{Limit: *f.ConcurrencyLimit, Behavior: p.behavior}
	}
	if p.noLimit && (p.concurrency != nil || p.behavior != "") {
		return p, cmderr.Usagef("--no-concurrency-limit removes the limit: do not give --concurrency-limit or --concurrency-behavior with it")
	}
	for _, s := range f.Quota {
		q, err := ParseQuota(s)
		if err != nil {
			return p, err
		}
		if i := slices.IndexFunc(p.quotas, func(o Quota) bool { return o.window() == q.window() }); i >= 0 {
			return p, cmderr.Usagef("two --quota values for the duration %s: each duration may have one quota", q.Duration)
		}
		p.quotas = append(p.quotas, q)
	}
	for _, d := range u.RemoveQuota {
		norm, _, err := parseWindow(d)
		if err != nil {
			return p, cmderr.Usagef("invalid --remove-quota: %v", err)
		}
		p.removeQuota = append(p.removeQuota, norm)
	}
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
	if err := p.applyConcurrency(doc); err != nil {
		return err
	}
	if len(p.quotas) > 0 || len(p.removeQuota) > 0 {
		quotas, err := currentQuotas(doc)
		if err != nil {
			return err
		}
		for _, d := range p.removeQuota {
			_, w, _ := parseWindow(d)
			i := slices.IndexFunc(quotas, func(q Quota) bool { return q.window() == w })
			if i < 0 {
				return cmderr.New(cmderr.NotFound, "no quota of duration %s to remove", d)
			}
			quotas = slices.Delete(quotas, i, i+1)
		}
		for _, q := range p.quotas {
			if i := slices.IndexFunc(quotas, func(o Quota) bool { return o.window() == q.window() }); i >= 0 {
				quotas[i] = q
			} else {
				quotas = append(quotas, q)
			}
		}
		if len(quotas) == 0 {
			delete(doc, "quotas")
		} else {
			doc["quotas"] = quotas
		}
	}
	return nil
}

func (p parsed) applyConcurrency(doc map[string]any) error {
	if p.noLimit {
		delete(doc, "concurrency")
		return nil
	}
	if p.concurrency == nil && p.behavior == "" {
		return nil
	}
	var cur *Concurrency
	if raw, ok := doc["concurrency"]; ok && raw != nil {
		cur = &Concurrency{}
		if err := remarshal(raw, cur); err != nil {
			return fmt.Errorf("read the namespace's concurrency limit: %w", err)
		}
	}
	next := Concurrency{Behavior: "QUEUE"}
	if cur != nil {
		next = *cur
	}
	if p.concurrency != nil {
		next.Limit = p.concurrency.Limit
	}
	if p.behavior != "" {
		next.Behavior = p.behavior
	}
	if next.Limit == 0 {
		return cmderr.Usagef("--concurrency-behavior needs a limit: give --concurrency-limit N too")
	}
	doc["concurrency"] = next
	return nil
}

func currentQuotas(doc map[string]any) ([]Quota, error) {
	var out []Quota
	if raw, ok := doc["quotas"]; ok && raw != nil {
		if err := remarshal(raw, &out); err != nil {
			return nil, fmt.Errorf("read the namespace's quotas: %w", err)
		}
	}
	return out, nil
}

// remarshal converts a decoded JSON value into v.
func remarshal(in, v any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// decodeDoc reads a JSON object keeping every number's digits.
func decodeDoc(raw json.RawMessage) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil || doc == nil {
		return nil, fmt.Errorf("cannot read the server's namespace: %v", err)
	}
	return doc, nil
}
