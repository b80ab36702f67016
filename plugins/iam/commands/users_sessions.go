package commands

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UsersRevokeRefreshToken ends a user's sessions.
type UsersRevokeRefreshToken struct {
	ID string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
}

// Help is the detailed help of users revoke-refresh-token.
func (u *UsersRevokeRefreshToken) Help() string {
	return `Revokes the user's refresh token: their sessions (and impersonation tokens)
end and they sign in again; their API tokens stay valid (see 'users tokens').
With -o json the result is {"id", "status": "revoked"}.`
}

// Examples implements the SDK's Exampler.
func (u *UsersRevokeRefreshToken) Examples() []string {
	return []string{"kestractl users revoke-refresh-token alice@example.com"}
}

// Run revokes the refresh token.
func (u *UsersRevokeRefreshToken) Run(c *plugin.Context) error {
	a, who, err := users().open(c, u.ID)
	if err != nil {
		return err
	}
	if err := a.RevokeRefreshToken(c, who.ID); err != nil {
		return err
	}
	return done(c, map[string]string{"id": who.ID, "status": "revoked"},
		"Sessions of user %s ended (refresh token revoked); their API tokens stay valid.", who.Label())
}
