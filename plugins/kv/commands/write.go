package commands

import (
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
	// The words that can precede the value let a negative number follow
	// them (see beforeValueMapper).
	Namespace   string `arg:"" type:"before-value" completer:"namespace" help:"Namespace (for example company.team)."`
	Type        string `arg:"" type:"before-value" values:"STRING,NUMBER,BOOLEAN,DATETIME,DATE,DURATION,JSON" help:"Value type: STRING, NUMBER, BOOLEAN, DATETIME, DATE, DURATION or JSON (any case)."`
	Key         string `arg:"" type:"before-value" completer:"kv-key" help:"Key (letters, digits, '.', '_' and '-')."`
	Value       string `arg:"" help:"The value; - reads it from stdin (typed without echo on a terminal; one trailing newline is removed). A negative number is a value as it is (-5, -1.5e3); put -- before any other value starting with -, e.g. -- -x."`
	TTL         string `name:"ttl" type:"before-value" placeholder:"DURATION" help:"Expire the key after this ISO-8601 duration (for example PT1H or P7D)."`
	Description string `type:"before-value" placeholder:"TEXT" help:"Description of the key (one line)."`
}

// Set creates or replaces a key.
type Set struct {
	WriteArgs `embed:""`
}

// Help is the detailed help of kv set.
func (s *Set) Help() string { return writeHelp }

// Examples implements the SDK's Exampler.
func (s *Set) Examples() []string {
	return []string{
		"kestractl kv set company.team STRING api_url https://api.example.com",
		"kestractl kv set company.team NUMBER retries 3 --ttl P7D --description 'Retries of the nightly sync'",
		"kestractl kv set company.team JSON settings '{\"feature\": true}'",
		"# A secret from stdin (typed without echo on a terminal)\nkestractl kv set company.team STRING db_password - < password.txt",
		"# A negative number, as it is\nkestractl kv set company.team NUMBER offset -5",
	}
}

// Run sets the key.
func (s *Set) Run(c *plugin.Context) error { return write(c, &s.WriteArgs, false) }

// Update replaces an existing key.
type Update struct {
	WriteArgs `embed:""`
}

// Help is the detailed help of kv update.
func (u *Update) Help() string { return writeHelp }

// Examples implements the SDK's Exampler.
func (u *Update) Examples() []string {
	return []string{
		"kestractl kv update company.team NUMBER retries 5",
		"kestractl kv update company.team STRING api_url https://api2.example.com -o json",
	}
}

// Run updates the key.
func (u *Update) Run(c *plugin.Context) error { return write(c, &u.WriteArgs, true) }

const writeHelp = `The value is checked locally against the type before anything is sent.
A message on stderr says what was done; with -o json or -o yaml the result is
{"status": "set"|"updated", "namespace", "key", "type", "value", "ttl",
"description"}, absent values absent (a value read from stdin is never
echoed).`

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
	status := "set"
	if update {
		status = "updated"
	}
	msg := fmt.Sprintf("Key '%s' %s in %s (%s", a.Key, status, a.Namespace, typ)
	if ttl != "" {
		msg += ", expires after " + ttl
	}
	if err := c.Success("%s)", msg); err != nil {
		return err
	}
	if !c.Structured() {
		return nil
	}
	res := result{Status: status, Namespace: a.Namespace, Key: a.Key, Type: typ, TTL: ttl, Description: a.Description}
	if !fromStdin {
		// A value read from stdin may be a secret: it is not echoed.
		res.Value = enc.JSON
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
