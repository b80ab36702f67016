package commands

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/kestractl/kestractl/plugins/kv/kvapi"
	"github.com/kestractl/kestractl/plugins/kv/value"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// WriteArgs are the arguments of set and update.
type WriteArgs struct {
	Namespace   string `arg:"" help:"Namespace (for example company.team)."`
	Type        string `arg:"" help:"Value type: STRING, NUMBER, BOOLEAN, DATETIME, DATE, DURATION or JSON (any case)."`
	Key         string `arg:"" help:"Key (letters, digits, '.', '_' and '-')."`
	Value       string `arg:"" help:"The value; - reads it from stdin (typed without echo on a terminal; one trailing newline is removed). Put -- before a value starting with -, e.g. -- -5."`
	TTL         string `name:"ttl" placeholder:"DURATION" help:"Expire the key after this ISO-8601 duration (for example PT1H or P7D)."`
	Description string `placeholder:"TEXT" help:"Description of the key (one line)."`
}

// Set creates or replaces a key.
type Set struct {
	WriteArgs `embed:""`
}

// Run sets the key.
func (s *Set) Run(c *plugin.Context) error { return write(c, &s.WriteArgs, false) }

// Update replaces an existing key.
type Update struct {
	WriteArgs `embed:""`
}

// Run updates the key.
func (u *Update) Run(c *plugin.Context) error { return write(c, &u.WriteArgs, true) }

// writeResult is what set and update print.
type writeResult struct {
	Namespace   string          `json:"namespace"`
	Key         string          `json:"key"`
	Type        value.Type      `json:"type"`
	Value       json.RawMessage `json:"value,omitempty"`
	Operation   string          `json:"operation"`
	TTL         string          `json:"ttl,omitempty"`
	Description string          `json:"description,omitempty"`
}

func write(c *plugin.Context, a *WriteArgs, update bool) error {
	typ, err := value.ParseType(a.Type)
	if err != nil {
		return cmderr.Usagef("%v", err)
	}
	if err := checkTarget(a.Namespace, a.Key); err != nil {
		return err
	}
	ttl := strings.TrimSpace(a.TTL)
	if a.TTL != "" && !positiveDuration(ttl) {
		return cmderr.Usagef("invalid --ttl %q: expected a positive ISO-8601 duration such as PT1H or P7D", a.TTL)
	}
	if strings.IndexFunc(a.Description, unicode.IsControl) >= 0 {
		return cmderr.Usagef("invalid --description: it must be one line without control characters (Kestra reads it from an HTTP header)")
	}
	raw, fromStdin, err := readValue(c, a.Value, a.Key)
	if err != nil {
		return err
	}
	enc, err := value.Encode(typ, raw)
	if err != nil {
		return cmderr.Usagef("%v", err)
	}
	client, err := c.Kestra()
	if err != nil {
		return err
	}
	op := "set"
	if update {
		op = "update"
		cur, err := kvapi.Get(c, client, a.Namespace, a.Key)
		if kestra.IsNotFound(err) {
			return cmderr.New(cmderr.NotFound, "key %q not found in namespace %q", a.Key, a.Namespace).
				WithHint("create it with: kestractl kv set %s %s %s <value>", a.Namespace, typ, a.Key)
		}
		if err != nil {
			return fmt.Errorf("read key %q of namespace %q: %w", a.Key, a.Namespace, err)
		}
		if cur.Type != "" && !strings.EqualFold(cur.Type, string(typ)) {
			_ = c.Warn("key %q was %s; it becomes %s", a.Key, cur.Type, typ)
		}
	}
	if err := kvapi.Put(c, client, a.Namespace, a.Key, enc.Body, kvapi.PutOptions{TTL: ttl, Description: a.Description}); err != nil {
		return fmt.Errorf("%s key %q in namespace %q: %w", op, a.Key, a.Namespace, err)
	}
	res := writeResult{Namespace: a.Namespace, Key: a.Key, Type: typ, Operation: op, TTL: ttl, Description: a.Description}
	if !fromStdin {
		// A value read from stdin may be a secret: it is not echoed.
		res.Value = enc.JSON
	}
	if c.Format() == plugin.FormatTable {
		done := "set"
		if update {
			done = "updated"
		}
		if err := c.Success("Key-value pair %s successfully!", done); err != nil {
			return err
		}
	}
	return c.Object(res)
}

// positiveDuration reports whether s is an ISO-8601 duration above zero.
func positiveDuration(s string) bool {
	if !value.ValidDuration(s) || strings.Contains(s, "-") {
		return false
	}
	return strings.ContainsAny(s, "123456789")
}
