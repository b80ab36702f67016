package secrets

import (
	"encoding/json"
	"fmt"

	"github.com/kestractl/kestractl/plugins/kv/secretsapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxValue bounds a secret value read from stdin.
const maxValue = 1 << 20

// Set is "secrets set <namespace> <key> [<value>|-]".
type Set struct {
	Namespace   string   `arg:"" completer:"namespace" help:"Namespace (e.g. company.team)."`
	Key         string   `arg:"" completer:"secret-key" help:"Secret key: letters, digits, '.', '_' and '-'."`
	Value       string   `arg:"" optional:"" placeholder:"-" help:"- (or nothing) reads the value from stdin, typed without echo on a terminal; one trailing newline is removed. A value typed here works but stays in the shell's history (a warning says so)."`
	Description *string  `placeholder:"TEXT" help:"Description of the secret (kept from the current secret when not given)."`
	Tag         []string `sep:"none" placeholder:"KEY=VALUE" help:"Tag, repeatable; replaces the secret's tags (kept when not given)."`
}

// Help is the detailed help of secrets set.
func (*Set) Help() string {
	return `Creates the secret or replaces its value (Kestra Enterprise; an open-source
server is said so, exit 4). The value is read from stdin (or prompted for
without echo on a terminal), sent in the body of one request and wiped from
memory after it: it is never printed, logged, or shown by --verbose, which
traces headers only. Flows read it with {{ secret('KEY') }}; the server masks
it in their logs. With -o json the output is the server's answer, the
secret's metadata.`
}

// Examples implements the SDK's Exampler.
func (*Set) Examples() []string {
	return []string{
		"# Typed without echo on a terminal\nkestractl secrets set company.team DB_PASSWORD",
		"# From a file or a pipe, in a script\nkestractl secrets set company.team DB_PASSWORD - < password.txt --description 'Warehouse password' --tag env=prod",
	}
}

// Run reads the value and sets the secret.
func (s *Set) Run(c *plugin.Context) error {
	if err := checkTarget(s.Namespace, s.Key); err != nil {
		return err
	}
	tags, err := parseTags(s.Tag)
	if err != nil {
		return err
	}
	if s.Tag == nil {
		tags = nil
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	arg := s.Value
	if arg == "" {
		arg = "-"
	}
	if arg != "-" {
		_ = c.Warn("a secret typed on the command line stays in the shell's history; give - and pipe it in (or type it at the prompt) instead")
	}
	value, _, err := c.ValueOrStdin(arg, fmt.Sprintf("Value of secret %s", s.Key), true, maxValue)
	if err != nil {
		return err
	}
	if value == "" {
		return cmderr.Usagef("the value of secret %q is empty: pipe it on stdin or type it at the prompt", s.Key)
	}
	// The current description and tags stay unless new ones are given.
	cur, err := secretsapi.Find(c, k, s.Namespace, s.Key)
	if err != nil {
		return explain(c, err, s.Namespace, s.Key, "read")
	}
	desc := s.Description
	if cur != nil {
		if desc == nil && cur.Description != "" {
			desc = &cur.Description
		}
		if tags == nil {
			tags = cur.Tags
		}
	}
	buf := []byte(value)
	out, err := secretsapi.Put(c, k, s.Namespace, s.Key, buf, desc, tags)
	clear(buf)
	if err != nil {
		return explain(c, err, s.Namespace, s.Key, "set")
	}
	if err := showMeta(c, out); err != nil {
		return err
	}
	verb := "created"
	if cur != nil {
		verb = "updated"
	}
	return c.Success("Secret '%s' %s in %s", s.Key, verb, s.Namespace)
}

// showMeta prints the server's answer (an array of metadata): unchanged
// with -o json or -o yaml, the secret's fields in a table.
func showMeta(c *plugin.Context, raw json.RawMessage) error {
	if c.Structured() {
		return c.Object(raw)
	}
	var metas []secretsapi.Meta
	if err := json.Unmarshal(raw, &metas); err != nil || len(metas) == 0 {
		return c.Object(raw)
	}
	m := metas[0]
	return c.Object(struct {
		Key         string `json:"key"`
		Namespace   string `json:"namespace"`
		Description string `json:"description"`
		Tags        string `json:"tags"`
	}{m.Key, m.Namespace, m.Description, tagsText(m.Tags)})
}
