package commands

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UsersImpersonate issues a session token acting as a user.
type UsersImpersonate struct {
	ID string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
}

// Help is the detailed help of users impersonate.
func (u *UsersImpersonate) Help() string {
	return `A super-admin gets a session token that acts as the user, to see what they
see: use it as --token (or KESTRACTL_TOKEN) for a short while. The token
goes to stdout once, never into a message or a --verbose trace; it ends when
it expires, when the user's refresh token is revoked ('users
revoke-refresh-token') or when their password changes. With -o json the
output is the server's answer (access_token, token_type, expires_in...).`
}

// Examples implements the SDK's Exampler.
func (u *UsersImpersonate) Examples() []string {
	return []string{
		"# Only the token, to hand to --token or KESTRACTL_TOKEN\nkestractl users impersonate alice@example.com --jq .access_token",
		"kestractl users impersonate 5uTxJpqvAyhHXJ2kb2Zs5d -o json",
	}
}

// Run impersonates the user.
func (u *UsersImpersonate) Run(c *plugin.Context) error {
	a, who, err := users().open(c, u.ID)
	if err != nil {
		return err
	}
	raw, err := a.Impersonate(c, who.ID)
	if err != nil {
		return err
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
		Username    string `json:"username"`
	}
	if err := json.Unmarshal(raw, &tok); err != nil || tok.AccessToken == "" {
		return cmderr.New(cmderr.RemoteFailed, "impersonate user %s: the server's answer holds no access token", who.Label())
	}
	if c.Structured() {
		err = c.Object(raw)
	} else {
		err = c.Object(fields{{"username", tok.Username}, {"token type", tok.TokenType},
			{"expires in", (time.Duration(tok.ExpiresIn) * time.Second).String()}, {"access token", tok.AccessToken}})
	}
	if err != nil {
		return err
	}
	expiry := ""
	if tok.ExpiresIn > 0 {
		expiry = fmt.Sprintf(", valid for %s", time.Duration(tok.ExpiresIn)*time.Second)
	}
	return c.Success("Session token acting as user %s issued%s; it is not shown again.", who.Label(), expiry)
}
