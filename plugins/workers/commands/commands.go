// Package commands is the kong grammar and the commands of the workers
// plugin: offline generation and validation of worker registration tokens.
package commands

import (
	"crypto/rand"
	"fmt"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/plugins/workers/token"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CLI is the plugin's grammar.
type CLI struct {
	Workers Workers `cmd:"" help:"Manage worker registration tokens."`
}

// Workers is the workers group.
type Workers struct {
	RegistrationTokens RegistrationTokens `cmd:"" name:"registration-tokens" aliases:"registration-token,tokens" help:"Generate and check worker registration tokens (offline)."`
}

// RegistrationTokens holds the token commands.
type RegistrationTokens struct {
	Generate Generate `cmd:"" offline:"" help:"Generate worker registration tokens, offline."`
	Validate Validate `cmd:"" offline:"" help:"Check a worker registration token's format and checksum, offline."`
}

// maxCount bounds --count.
const maxCount = 10000

// Generate prints new tokens.
type Generate struct {
	Count int `default:"1" help:"Number of tokens to generate (1-${max_count})." placeholder:"N"`
}

// Help is the detailed help of generate.
func (g *Generate) Help() string {
	return `Each token is kwreg_<52 base32 characters>_<6 hex digits of CRC-32>, made from
32 random bytes. In table mode the tokens are printed one per line, for
scripts; with -o json a single token is {"token": "kwreg_..."}, several
(--count) an array of such objects.`
}

// Examples implements the SDK's Exampler.
func (g *Generate) Examples() []string {
	return []string{
		"kestractl workers registration-tokens generate",
		"# Three tokens, one per line, into a file\nkestractl workers registration-tokens generate --count 3 > tokens.txt",
	}
}

// Run generates the tokens.
func (g *Generate) Run(c *plugin.Context) error {
	if g.Count < 1 || g.Count > maxCount {
		return cmderr.Usagef("--count must be between 1 and %d, got %d", maxCount, g.Count)
	}
	toks := make([]string, g.Count)
	for i := range toks {
		t, err := token.Generate(rand.Reader)
		if err != nil {
			return cmderr.Wrap(cmderr.Internal, err)
		}
		toks[i] = t
	}
	type record struct {
		Token string `json:"token"`
	}
	switch c.Format() {
	case plugin.FormatTable:
		_, err := fmt.Fprintln(c.Stdout(), strings.Join(toks, "\n"))
		return err
	default:
		if g.Count == 1 {
			return c.Object(record{Token: toks[0]})
		}
		t := c.Table(plugin.Col("TOKEN", "token"))
		for _, tok := range toks {
			if err := t.Add(record{Token: tok}); err != nil {
				return err
			}
		}
		return t.Close("")
	}
}

// Validate checks one token.
type Validate struct {
	Token string `arg:"" help:"The token to check (kwreg_...)."`
}

// Help is the detailed help of validate.
func (v *Validate) Help() string {
	return `Exit 0 when the token is well formed (prefix, alphabet, length, checksum),
2 with the reason otherwise. The verdict is a message on stderr; with -o json
the result is {"token", "valid": true}.`
}

// Examples implements the SDK's Exampler.
func (v *Validate) Examples() []string {
	return []string{
		"kestractl workers registration-tokens validate kwreg_aaaqeayeaudaocajbifqydiob4ibceqtcqkrmfyydenbwha5dypq_46605c",
		"# In a script: the exit code says it\nkestractl workers registration-tokens validate \"$TOKEN\" 2>/dev/null && echo ok",
	}
}

// Run validates the token: exit 0 when valid, usage error (2) with the
// reason otherwise.
func (v *Validate) Run(c *plugin.Context) error {
	tok := strings.TrimSpace(v.Token)
	if err := token.Validate(tok); err != nil {
		return cmderr.Usagef("invalid worker registration token: %v", err)
	}
	if err := c.Success("valid worker registration token"); err != nil {
		return err
	}
	if !c.Structured() {
		return nil
	}
	return c.Object(struct {
		Token string `json:"token"`
		Valid bool   `json:"valid"`
	}{tok, true})
}

// Plugin is the workers plugin.
func Plugin(version string) plugin.Plugin {
	return plugin.Plugin{
		Name:    "workers",
		Version: version,
		New:     func() any { return &CLI{} },
		Options: []kong.Option{kong.Vars(Vars())},
	}
}

// Vars are the kong variables the grammar uses.
func Vars() map[string]string {
	return map[string]string{"max_count": fmt.Sprint(maxCount)}
}
